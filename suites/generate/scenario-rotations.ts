/**
 * Scenario cases of re-encryption (instruction files rotated to another key, under a custom or the
 * default suffix) and ranged reads (V2 and V3, envelope in metadata or an instruction file).
 */
import { specLine, type SpecLine } from '../spec-lines.js';
import { V3, client, fault, getBack, getRefused, put, reencrypt, refused, seed, stored, type Scenario } from './scenario-steps.js';

const OPS = 'client.md#optional-api-operations';
const line = (section: string, fragment: string): SpecLine => specLine(section, fragment);

export function rotations(): Scenario[] {
  const p = seed('scenario/reencrypt', 300);
  const base = { ...V3, instructionFileConfig: { enableInstructionFilePutObject: true } };
  const features = ['write:v3', 'read:v3', 'wrap:aes-gcm', 'wrap:rsa-oaep-sha1', 'key:aes', 'key:rsa', 'write:instruction-file', 'store:instruction-file', 'reencrypt', 'instruction-file-suffix'];
  const reencryptLines = [line(OPS, 'ReEncryptInstructionFile MUST decrypt'), line(OPS, 'ReEncryptInstructionFile MUST re-encrypt')];
  return [
    {
      name: 'reencrypt/aes-to-rsa-custom-suffix',
      description:
        'Re-encrypting an AES-wrapped object for an RSA key under the suffix .rotated leaves the original readable with the AES key and the rotated file readable with the RSA key by that suffix.',
      lines: [...reencryptLines, line('data-format/metadata-strategy.md#instruction-file', 'SHOULD support providing a custom Instruction File suffix on GetObject')],
      features,
      flags: ['InstructionFile'],
      steps: [
        client('aes', { key: 'aes-256-a', materialsDescription: { key: 'aes' }, ...base }),
        put('aes', 'o', p),
        reencrypt('aes', 'o', 'rsa-2048-a', { newKeyMaterialsDescription: { key: 'rsa' }, instructionFileSuffix: '.rotated' }),
        stored('o', { format: 'v3', storage: 'instruction', wrap: 'AES/GCM', plaintextLength: 300, instructionFileSuffixes: ['.rotated'] }),
        client('rsa', { key: 'rsa-2048-a', materialsDescription: { key: 'rsa' }, ...base }),
        getBack('rsa', 'o', p, { instructionFileSuffix: '.rotated' }),
        getBack('aes', 'o', p),
      ],
    },
    {
      name: 'reencrypt/aes-to-aes-default-suffix',
      description: 'Re-encrypting an object for another AES key under the default suffix makes it readable with the new key and no longer with the old one.',
      lines: reencryptLines,
      features,
      flags: ['InstructionFile', 'KeySubstitution'],
      steps: [
        client('old', { key: 'aes-256-a', materialsDescription: { key: 'old' }, ...base }),
        put('old', 'o', p),
        reencrypt('old', 'o', 'aes-256-b', { newKeyMaterialsDescription: { key: 'new' }, enforceRotation: true }),
        client('new', { key: 'aes-256-b', materialsDescription: { key: 'new' }, ...base }),
        getBack('new', 'o', p),
        getRefused('old', 'o', refused('security', 'key-unwrap')),
      ],
    },
  ];
}

export function ranges(): Scenario[] {
  const p = seed('scenario/range', 100_000);
  const range = (format: 'v2' | 'v3', storage: 'metadata' | 'instruction'): Scenario => ({
    name: `range/${format}-${storage}`,
    description: `Ranged reads of a ${format} object (envelope in ${storage}) return exactly the bytes asked for: inside one block, across blocks, and the last byte.`,
    lines: [
      line('decryption.md#ranged-gets', 'MUST adjust the customer-provided range'),
      format === 'v2'
        ? line('decryption.md#ranged-gets', 'encrypted with ALG_AES_256_GCM_IV12_TAG16_NO_KDF')
        : line('decryption.md#ranged-gets', 'encrypted with ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY'),
    ],
    features: [`write:${format}`, `read:${format}`, 'wrap:aes-gcm', 'key:aes', storage === 'metadata' ? 'store:metadata' : 'write:instruction-file', 'range'],
    flags: [],
    steps: [
      client('c', {
        key: 'aes-256-a',
        ...(format === 'v3' ? V3 : { commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF' }),
        // AWS's clients serve ranges only with the legacy unauthenticated switch on (CTR releases unauthenticated bytes).
        enableLegacyUnauthenticatedModes: true,
        instructionFileConfig: { enableInstructionFilePutObject: storage === 'instruction' },
      }),
      put('c', 'o', p),
      getBack('c', 'o', p, { range: [5, 10] }),
      getBack('c', 'o', p, { range: [4090, 70_001] }),
      getBack('c', 'o', p, { range: [99_999, 99_999] }),
    ],
  });
  const unasked: Scenario = {
    name: 'range/unrequested-range-in-the-answer',
    description: 'A whole-object GET answered by S3 with 206 and half the object under a Content-Range is refused, never returned as the plaintext.',
    lines: [line('decryption.md#ranged-gets', 'but the GetObject request does not contain a range')],
    features: ['write:v3', 'read:v3', 'wrap:aes-gcm', 'key:aes', 'store:metadata'],
    flags: ['Truncation'],
    // unsupported: the specification calls such an answer a multipart download, "currently not supported".
    steps: [client('c', { key: 'aes-256-a', ...V3 }), put('c', 'o', p), fault('unrequested-range*1'), getRefused('c', 'o', refused('unsupported', 'range')), getBack('c', 'o', p)],
  };
  return [range('v2', 'metadata'), range('v3', 'metadata'), range('v3', 'instruction'), unasked];
}
