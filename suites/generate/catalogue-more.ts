/**
 * The negative catalogue, part two: instruction files and encryption contexts. Expected refusals follow the specification sections each entry cites.
 */
import { refuse, type Tampering, type Variant } from './catalogue-types.js';
import { L } from '../lines.js';
import { foreignInstructionFile } from './rule-lines.js';
import { labelBytes, wrappedKeyName } from './resolve.js';
import type { Source } from './sources.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const RESERVED = new Set(['aws:x-amz-cek-alg', 'kms_cmk_id']);

/** The instruction file of another object by the same producer, format, wrap and storage. */
function otherObject(s: Source, others: readonly Source[]): Source | undefined {
  return others.find(
    (o) =>
      o !== s &&
      o.producer === s.producer &&
      o.format === s.format &&
      o.wrap === s.wrap &&
      o.storage === 'instruction' &&
      o.size !== s.size &&
      o.case.inputs.object.instructionFile !== s.case.inputs.object.instructionFile,
  );
}

export const INSTRUCTION_FILE: readonly Tampering[] = [
  {
    name: 'missing-instruction-file',
    area: 'instruction-file',
    description: 'The instruction file the object needs no longer exists',
    flags: ['InstructionFile'],
    lines: [L.statusInstructionFile],
    applies: { storages: ['instruction'] },
    sizes: [17, 4096],
    ops: [{ op: 'delete-instruction-file' }],
    expect: refuse('format', 'instruction-file'),
  },
  {
    name: 'instruction-file-of-another-object',
    area: 'instruction-file',
    description: 'The instruction file is replaced by the one of another object written by the same client, whose data key is not this body\u2019s',
    flags: ['InstructionFile', 'KeySubstitution'],
    lines: foreignInstructionFile,
    // Only authenticated content: a CBC body under another key unpads now and then and returns garbage, which no rule refuses.
    applies: { storages: ['instruction'], contents: ['gcm'] },
    sizes: [17, 4096],
    build: (s, others) => {
      const other = otherObject(s, others);
      if (!other) return undefined;
      return [
        {
          detail: `the file comes from ${other.case.id}`,
          ops: [{ op: 'replace-instruction-file', fromCase: other.case.id }],
          expect: refuse('security', s.format === 'v3' ? 'commitment' : 'content'),
        },
      ];
    },
  },
  {
    name: 'duplicate-instruction-field',
    area: 'instruction-file',
    description: 'The instruction file\u2019s JSON text names a field twice, with two different values',
    flags: ['InstructionFile', 'MalformedInput'],
    lines: [L.ifJson],
    applies: { storages: ['instruction'] },
    sizes: [17],
    build: (s) => {
      const key = wrappedKeyName(s);
      const wrapField = s.format === 'v3' ? 'x-amz-w' : 'x-amz-wrap-alg';
      const variants: Variant[] = [
        {
          suffix: 'wrapped-key',
          detail: `${key} appears twice`,
          ops: [{ op: 'duplicate-instruction-field', field: key, value: b64(labelBytes(`${s.case.id}/dup`, 60)) }],
          expect: refuse('format', 'instruction-file'),
        },
      ];
      if (s.inInstructionFile.has(wrapField))
        variants.push({
          suffix: 'wrap',
          detail: `${wrapField} appears twice`,
          ops: [{ op: 'duplicate-instruction-field', field: wrapField, value: s.format === 'v3' ? '22' : 'RSA-OAEP-SHA1' }],
          expect: refuse('format', 'instruction-file'),
        });
      return variants;
    },
  },
  {
    name: 'conflicting-instruction-fields',
    area: 'instruction-file',
    description: 'The instruction file and the object metadata disagree: the object metadata also holds the wrapping algorithm, with another value',
    flags: ['InstructionFile'],
    lines: [L.statusInstructionFile, L.v3IfWInFile],
    applies: { storages: ['instruction'], formats: ['v3'] },
    sizes: [17],
    build: (s) => [{ ops: [{ op: 'set-metadata', key: 'x-amz-w', value: s.envelope['x-amz-w'] === '22' ? '02' : '22' }], expect: refuse('format', 'instruction-file') }],
  },
  {
    name: 'v3-commitment-keys-in-instruction-file',
    area: 'instruction-file',
    description: 'The V3 instruction file carries a key the format keeps on the object only (x-amz-c, x-amz-d or x-amz-i)',
    flags: ['InstructionFile', 'KeyCommitment'],
    lines: [L.v3CdiInMetadata, L.v3IfCNotInFile, L.v3IfDNotInFile, L.v3IfINotInFile],
    applies: { storages: ['instruction'], formats: ['v3'] },
    sizes: [17],
    build: (s) => [
      ...['x-amz-c', 'x-amz-d', 'x-amz-i'].map((k) => ({
        suffix: k.slice(6),
        detail: `${k} is copied into the file`,
        ops: [{ op: 'set-instruction-field', field: k, value: s.envelope[k]! }],
        expect: refuse('format', 'instruction-file'),
      })),
      {
        suffix: 'd-other',
        detail: 'another commitment value is written into the file',
        ops: [{ op: 'set-instruction-field', field: 'x-amz-d', value: b64(labelBytes(`${s.case.id}/d`, 28)) }],
        expect: refuse('format', 'instruction-file'),
      },
    ],
  },
  {
    name: 'malformed-instruction-file',
    area: 'instruction-file',
    description: 'The instruction file is not a JSON object of content metadata',
    flags: ['InstructionFile', 'MalformedInput'],
    lines: [L.ifJson, L.ifOnlyContents],
    applies: { storages: ['instruction'] },
    sizes: [17],
    build: (s) => [
      {
        suffix: 'cut',
        detail: 'its text stops half way',
        ops: [{ op: 'set-instruction-file', text: (s.case.inputs.object.instructionFile ?? '').slice(0, 20) }],
        expect: refuse('format', 'instruction-file'),
      },
      { suffix: 'array', detail: 'it is a JSON array', ops: [{ op: 'set-instruction-file', text: '[]' }], expect: refuse('format', 'instruction-file') },
    ],
  },
];

/** The stored context without its reserved keys: what the positive source's reader passes, or the ASCII envelope's map. */
function storedContext(s: Source): Record<string, string> | undefined {
  if (s.case.inputs.encryptionContext !== undefined) return { ...s.case.inputs.encryptionContext };
  const text = s.envelope[s.format === 'v3' ? 'x-amz-t' : 'x-amz-matdesc'] ?? '{}';
  try {
    const map = JSON.parse(text === '' ? '{}' : text) as Record<string, string>;
    return Object.fromEntries(Object.entries(map).filter(([k]) => !RESERVED.has(k)));
  } catch {
    return undefined;
  }
}

function contextVariants(s: Source): Variant[] | undefined {
  const stored = storedContext(s);
  if (!stored) return undefined;
  const keys = Object.keys(stored).sort();
  const ec = refuse('security', 'encryption-context');
  const request = (context: Record<string, string>, suffix: string, detail: string): Variant => ({
    suffix,
    detail,
    ops: [{ op: 'set-request-encryption-context', context }],
    expect: ec,
    features: ['kms:encryption-context-check'],
  });
  const variants = [request({ ...stored, 'x-s3cse-extra': 'superset' }, 'superset', 'the reader passes the stored context plus one more pair')];
  if (keys.length > 0) {
    variants.push(request({ ...stored, [keys[0]!]: `${stored[keys[0]!]}-other` }, 'wrong-value', `the reader passes the stored context with ${keys[0]} changed`));
    variants.push(request(Object.fromEntries(keys.slice(1).map((k) => [k, stored[k]!])), 'subset', `the reader passes the stored context without ${keys[0]}`));
  } else variants.push(request({ tenant: 'other' }, 'wrong', 'the reader passes a context although the stored one is empty'));
  return variants;
}

export const ENCRYPTION_CONTEXT: readonly Tampering[] = [
  {
    name: 'request-context-mismatch',
    area: 'encryption-context',
    description: 'The encryption context the reader passes on GetObject differs from the stored one (without its reserved keys)',
    flags: ['EncryptionContext'],
    lines: [L.kmsContextValidate, L.kmsContextMatch, L.kmsContextMismatchThrows],
    applies: { wraps: ['kms+context'] },
    sizes: [17],
    prefer: (s) => Object.keys(storedContext(s) ?? {}).length > 0,
    build: contextVariants,
  },
  {
    name: 'stored-context-changed',
    area: 'encryption-context',
    description: 'The stored encryption context is edited',
    flags: ['EncryptionContext'],
    lines: [L.kmsContextEc, L.kmsContextFails, L.kmsContextMatch, L.kmsContextMismatchThrows],
    applies: { wraps: ['kms+context'] },
    sizes: [17],
    build: (s) => {
      const key = s.format === 'v3' ? 'x-amz-t' : 'x-amz-matdesc';
      return [
        {
          suffix: 'added-pair',
          detail: `${key} gains the pair tenant: other`,
          ops: [{ op: 'set-json-field', target: 'envelope', key, field: 'tenant', value: 'other' }],
          expect: refuse('security', 'encryption-context'),
        },
        {
          suffix: 'cek-alg',
          detail: `aws:x-amz-cek-alg in ${key} no longer names the content algorithm`,
          ops: [{ op: 'set-json-field', target: 'envelope', key, field: 'aws:x-amz-cek-alg', value: s.format === 'v3' ? 'AES/GCM/NoPadding' : 'AES/CBC/PKCS5Padding' }],
          expect: refuse('security', 'key-unwrap'),
        },
      ];
    },
  },
];
