/** Scenario cases of an object's lifecycle through the client: deletes and multipart uploads. */
import { specLine, type SpecLine } from '../spec-lines.js';
import { V3, absent, client, getBack, put, remove, seed, stored, type Scenario } from './scenario-steps.js';

const OPS = 'client.md#optional-api-operations';
const REQ = 'client.md#required-api-operations';
const line = (section: string, fragment: string): SpecLine => specLine(section, fragment);
const AES_V3 = ['write:v3', 'read:v3', 'wrap:aes-gcm', 'key:aes', 'store:metadata'];

export function deletes(): Scenario[] {
  const p = seed('scenario/delete', 40);
  const config = { key: 'aes-256-a', ...V3, instructionFileConfig: { enableInstructionFilePutObject: true } };
  const features = ['write:v3', 'wrap:aes-gcm', 'key:aes', 'write:instruction-file', 'delete'];
  return [
    {
      name: 'delete/object-and-instruction-file',
      description: 'DeleteObject through the client removes the object and its instruction file.',
      lines: [line(REQ, 'DeleteObject MUST be implemented'), line(REQ, 'DeleteObject MUST delete the given object key'), line(REQ, 'DeleteObject MUST delete the associated instruction file')],
      features,
      flags: ['InstructionFile'],
      steps: [client('c', config), put('c', 'o', p), remove('c', ['o'], false), absent('o')],
    },
    {
      name: 'delete/objects-and-instruction-files',
      description: 'DeleteObjects through the client removes every object named and each one’s instruction file.',
      lines: [
        line(REQ, 'DeleteObjects MUST be implemented'),
        line(REQ, 'DeleteObjects MUST delete each of the given objects'),
        line(REQ, 'DeleteObjects MUST delete each of the corresponding instruction files'),
      ],
      features,
      flags: ['InstructionFile'],
      steps: [client('c', config), put('c', 'a', p), put('c', 'b', p), remove('c', ['a', 'b'], true), absent('a'), absent('b')],
    },
  ];
}

export function multipart(): Scenario[] {
  const partSize = 5 * 1024 * 1024;
  const p = seed('scenario/multipart', partSize + 17);
  const features = [...AES_V3, 'multipart'];
  return [
    {
      name: 'multipart/two-parts-read-back',
      description: 'An object uploaded in two parts (5 MiB and 17 bytes) through the client is one V3 object that reads back whole.',
      lines: [
        line(OPS, 'CreateMultipartUpload MUST initiate'),
        line(OPS, 'UploadPart MUST encrypt each part'),
        line(OPS, 'Each part MUST be encrypted in sequence'),
        line(OPS, 'CompleteMultipartUpload MUST complete'),
      ],
      features,
      flags: [],
      steps: [
        client('c', { key: 'aes-256-a', ...V3 }),
        put('c', 'o', p, { multipart: { partSize } }),
        stored('o', { format: 'v3', storage: 'metadata', wrap: 'AES/GCM', plaintextLength: p.length }),
        getBack('c', 'o', p),
      ],
    },
    {
      name: 'multipart/aborted-leaves-nothing',
      description: 'A multipart upload aborted after its parts leaves no object behind.',
      lines: [line(OPS, 'AbortMultipartUpload MUST abort')],
      features,
      flags: [],
      steps: [client('c', { key: 'aes-256-a', ...V3 }), put('c', 'o', p, { multipart: { partSize, abort: true } }), absent('o')],
    },
  ];
}
