/**
 * vectors/corpus/roundtrip/write-combinations.json: the round trips (every format × current wrap
 * × storage × size, plaintext from a seed) and the tamper cases of the old tamper suite
 * (suites/tampers.ts and suites/downgrades.ts, same ids), whose `inputs.tampering` the runner
 * applies with suites/tamperings.ts to what the implementation itself wrote.
 */
import { join } from 'node:path';
import { CORPUS_ROOT, plaintextFromSeed, sha256Hex, type RoundTripCaseData } from '../../vectors/corpus.js';
import { refuse, type Expected, type Op } from './catalogue-types.js';
import { citing, roundTripLines, tamperLines } from './roundtrip-lines.js';
import { downgradeVariants } from './downgrade-catalogue.js';
import { notesFor } from './notes.js';
import { jsonFile, type GeneratedFile } from './output.js';
import type { Source } from './sources.js';
import { SPEC_COMMIT } from './spec.js';

const WRAPS = [
  { wrap: 'AES/GCM', code: '02', key: 'aes-256-a', feature: 'wrap:aes-gcm', keyFeature: 'key:aes' },
  { wrap: 'RSA-OAEP-SHA1', code: '22', key: 'rsa-2048-a', feature: 'wrap:rsa-oaep-sha1', keyFeature: 'key:rsa' },
  { wrap: 'kms+context', code: '12', key: 'kms-a', feature: 'wrap:kms-context', keyFeature: 'key:kms' },
] as const;
type Wrap = (typeof WRAPS)[number];
const FORMATS = ['v2', 'v3'] as const;
const STORAGES = ['metadata', 'instruction'] as const;
/** Around the AES block and tag sizes, one page, and over a MiB with a ragged tail. */
const SIZES = [0, 1, 15, 16, 17, 4095, 1024 * 1024 + 3] as const;
const TAMPER_SIZE = 100;

function seeded(seed: string, length: number): RoundTripCaseData['inputs']['plaintext'] {
  return { seed, length, sha256: sha256Hex(plaintextFromSeed(seed, length)) };
}

function baseFeatures(format: string, storage: string, w: Wrap): string[] {
  const store = storage === 'metadata' ? ['store:metadata'] : ['store:instruction-file', 'write:instruction-file'];
  return [`write:${format}`, `read:${format}`, w.feature, w.keyFeature, ...store];
}

function roundTrips(): RoundTripCaseData[] {
  const cases: RoundTripCaseData[] = [];
  for (const format of FORMATS)
    for (const w of WRAPS)
      for (const storage of STORAGES)
        for (const size of SIZES) {
          const id = `roundtrip/${format}/${w.wrap}/${storage}/${size}`;
          const plaintext = seeded(id, size);
          cases.push({
            id,
            description: `A ${size}-byte object written as ${format} with ${w.wrap} in ${storage} storage has a well-formed envelope and reads back unchanged.`,
            ...citing(roundTripLines(format, w.wrap, storage)),
            features: baseFeatures(format, storage, w),
            flags: size === 0 || size === 15 || size === 16 || size === 17 ? ['EdgeSize'] : [],
            provenance: { rule: 'format rule (docs/format-notes.md §2, §3, §5)' },
            inputs: { key: { name: w.key }, format, storage, plaintext },
            expect: { plaintext: { sha256: plaintext.sha256, length: size } },
          });
        }
  return cases;
}

interface RoundTripTamper {
  readonly name: string;
  readonly description: string;
  readonly rule: string;
  readonly flags: readonly string[];
  readonly formats: readonly string[];
  readonly wraps?: readonly string[];
  readonly ops: (format: string) => Op[];
  readonly expect: Expected;
}

const wrapped = (format: string): string => (format === 'v3' ? 'x-amz-3' : 'x-amz-key-v2');

/** suites/tampers.ts as data: on what the implementation wrote (metadata storage), no legacy switches. */
const TAMPERS: readonly RoundTripTamper[] = [
  {
    name: 'flip-tag-bit',
    description: 'One bit of the GCM tag is flipped',
    rule: 'NIST SP 800-38D: GCM authenticates the whole ciphertext',
    flags: ['AuthenticationTag'],
    formats: ['v2', 'v3'],
    ops: () => [{ op: 'flip-bit', target: 'body', index: -1 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'flip-ciphertext-bit',
    description: 'One bit of the first ciphertext block is flipped',
    rule: 'NIST SP 800-38D',
    flags: ['AuthenticationTag'],
    formats: ['v2', 'v3'],
    ops: () => [{ op: 'flip-bit', target: 'body', index: 0 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'truncate-last-byte',
    description: 'The body loses its last byte',
    rule: 'NIST SP 800-38D',
    flags: ['Truncation'],
    formats: ['v2', 'v3'],
    ops: () => [{ op: 'truncate-body', bytes: 1 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'flip-iv-bit',
    description: 'One bit of x-amz-iv is flipped',
    rule: 'docs/format-notes.md §2.2',
    flags: ['AuthenticationTag'],
    formats: ['v2'],
    ops: () => [{ op: 'flip-bit', target: 'metadata', key: 'x-amz-iv', index: 0 }],
    expect: refuse('security', 'content'),
  },
  {
    name: 'flip-message-id-bit',
    description: 'One bit of the V3 message id x-amz-i is flipped',
    rule: 'docs/format-notes.md §2.3',
    flags: ['KeyCommitment'],
    formats: ['v3'],
    ops: () => [{ op: 'flip-bit', target: 'metadata', key: 'x-amz-i', index: 0 }],
    expect: refuse('security', 'commitment'),
  },
  {
    name: 'flip-commitment-bit',
    description: 'One bit of the V3 key commitment x-amz-d is flipped',
    rule: 'docs/format-notes.md §2.3; s3ec-go-v4 wrong-commitment vector',
    flags: ['KeyCommitment'],
    formats: ['v3'],
    ops: () => [{ op: 'flip-bit', target: 'metadata', key: 'x-amz-d', index: 5 }],
    expect: refuse('security', 'commitment'),
  },
  {
    name: 'flip-wrapped-key-bit',
    description: 'One bit near the end of the wrapped data key is flipped',
    rule: 'docs/format-notes.md §3',
    flags: ['KeyWrap'],
    formats: ['v2', 'v3'],
    ops: (f) => [{ op: 'flip-bit', target: 'metadata', key: wrapped(f), index: -2 }],
    expect: refuse('security', 'key-unwrap'),
  },
  {
    name: 'context-cek-alg-changed',
    description: 'aws:x-amz-cek-alg inside the stored encryption context no longer names the content algorithm',
    rule: 'docs/format-notes.md §3.5 (J1-V2 and Go check it explicitly)',
    flags: ['EncryptionContext'],
    formats: ['v2', 'v3'],
    wraps: ['kms+context'],
    ops: (f) => [{ op: 'set-json-field', target: 'metadata', key: f === 'v3' ? 'x-amz-t' : 'x-amz-matdesc', field: 'aws:x-amz-cek-alg', value: 'AES/CBC/PKCS5Padding' }],
    expect: refuse('security', 'key-unwrap'),
  },
];

/** What an implementation writes in metadata storage, as far as the downgrade ops need to know. */
function writtenEnvelope(format: string, w: Wrap): Source {
  const v3: Record<string, string> = { 'x-amz-c': '115', 'x-amz-3': '', 'x-amz-w': w.code, 'x-amz-i': '', 'x-amz-d': '', ...(w.wrap === 'kms+context' ? { 'x-amz-t': '{}' } : {}) };
  const v2: Record<string, string> = { 'x-amz-key-v2': '', 'x-amz-iv': '', 'x-amz-matdesc': '{}', 'x-amz-wrap-alg': w.wrap, 'x-amz-cek-alg': 'AES/GCM/NoPadding', 'x-amz-tag-len': '128' };
  const envelope = format === 'v3' ? v3 : v2;
  const c = { id: `tamper/${format}/${w.wrap}`, features: [], inputs: { object: { metadata: envelope } } };
  return { case: c, format, wrap: w.wrap, storage: 'metadata', content: 'gcm', envelope, inInstructionFile: new Set() } as unknown as Source;
}

function tamperCase(
  format: (typeof FORMATS)[number],
  w: Wrap,
  name: string,
  description: string,
  rest: Omit<RoundTripCaseData, 'id' | 'description' | 'inputs' | 'expect'>,
  ops: readonly Op[],
  expect: Expected,
  legacy: boolean,
): RoundTripCaseData {
  const id = `tamper/${format}/${w.wrap}/${name}`;
  return {
    id,
    description: `${description} (${format}, ${w.wrap}): the reader refuses the object with a ${expect.category} error.`,
    ...rest,
    inputs: { key: { name: w.key }, format, storage: 'metadata', plaintext: seeded(id, TAMPER_SIZE), tampering: ops, legacyOnRead: legacy },
    expect: { error: { category: expect.category, stage: expect.stage } },
  };
}

function tampers(): RoundTripCaseData[] {
  const cases: RoundTripCaseData[] = [];
  for (const format of FORMATS)
    for (const w of WRAPS) {
      const base = baseFeatures(format, 'metadata', w);
      for (const t of TAMPERS) {
        if (!t.formats.includes(format) || (t.wraps && !t.wraps.includes(w.wrap))) continue;
        const rest = { ...citing(tamperLines(t.name, format, w.wrap)), features: base, flags: [...t.flags], provenance: { rule: t.rule } };
        cases.push(tamperCase(format, w, t.name, t.description, rest, t.ops(format), t.expect, false));
      }
      for (const v of downgradeVariants(writtenEnvelope(format, w))) {
        const ops = v.ops.filter((op) => op.op !== 'set-request-legacy');
        const legacy = v.flags?.includes('LegacyOn') ?? false;
        const rest = {
          ...citing(v.lines ?? []),
          features: [...new Set([...base, ...(v.features ?? [])])],
          flags: ['AlgorithmDowngrade', ...(v.flags ?? [])],
          provenance: { rule: 'CVE-2020-8912, CVE-2020-8911; the kms+context to kms case: issue 10 of s3-cse-conformance' },
        };
        cases.push(tamperCase(format, w, `downgrade-${v.suffix}`, v.detail!, rest, ops, v.expect, legacy));
      }
    }
  return cases;
}

export function roundTripFile(root: string = CORPUS_ROOT): GeneratedFile {
  const cases = [...roundTrips(), ...tampers()];
  return jsonFile(join(root, 'roundtrip', 'write-combinations.json'), {
    type: 's3ec-roundtrip-cases',
    version: 1,
    specCommit: SPEC_COMMIT,
    generator: 'npm run generate (suites/generate/roundtrip.ts)',
    notes: notesFor(cases.flatMap((c) => c.flags)),
    cases,
  });
}
