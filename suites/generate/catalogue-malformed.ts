/**
 * The negative catalogue, malformed and oversized values: a value the format defines as base64,
 * JSON or a fixed length that is not → format (the KMS context's JSON at the encryption-context
 * stage, as the public Go vectors state); an oversized wrapped key or context → the check that
 * authenticates it (security).
 */
import { refuse, type Tampering, type Variant } from './catalogue-types.js';
import { L } from '../lines.js';
import { binaryMapkeys } from './rule-lines.js';
import { METADATA_LIMIT } from './negative-cases.js';
import { labelBytes, locationOf, wrappedKeyName } from './resolve.js';
import type { Source } from './sources.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const NOT_BASE64 = '%%not*base64%%';
/** What an oversized value may reach: an instruction file has no limit, S3 user metadata 2 KB in all. */
const INSTRUCTION_OVERSIZE = 3072;

/** Bytes a base64 value in place of `key` may decode to and keep the object storable (S3's 2 KB metadata limit). */
function roomFor(s: Source, key: string): number {
  if (locationOf(s, key) === 'instruction-file') return INSTRUCTION_OVERSIZE;
  const m = s.case.inputs.object.metadata;
  const others = Object.entries(m).reduce((n, [k, v]) => (k === key ? n : n + Buffer.byteLength(k) + Buffer.byteLength(v)), 0);
  return Math.floor((METADATA_LIMIT - others - Buffer.byteLength(key)) / 4) * 3;
}

export const MALFORMED: readonly Tampering[] = [
  {
    name: 'malformed-base64',
    area: 'malformed',
    description: 'A binary envelope value is not base64',
    flags: ['MalformedInput'],
    lines: binaryMapkeys,
    applies: {},
    sizes: [17],
    build: (s) =>
      [wrappedKeyName(s), ...(s.format === 'v3' ? ['x-amz-i', 'x-amz-d'] : ['x-amz-iv'])].map((key) => ({
        suffix: key.slice(6),
        detail: `${key} becomes ${NOT_BASE64}`,
        ops: [{ op: 'set-envelope', key, value: NOT_BASE64 }],
        expect: refuse('format', 'metadata'),
      })),
  },
  {
    name: 'malformed-context-json',
    area: 'malformed',
    description: 'The stored encryption context is not JSON',
    flags: ['MalformedInput', 'EncryptionContext'],
    lines: [L.kmsContextValidate, L.kmsContextEc],
    applies: { wraps: ['kms+context'] },
    sizes: [17],
    build: (s) => {
      const key = s.format === 'v3' ? 'x-amz-t' : 'x-amz-matdesc';
      return [{ detail: `${key} stops half way through a JSON object`, ops: [{ op: 'set-envelope', key, value: '{"aws:x-amz-cek-alg":' }], expect: refuse('format', 'encryption-context') }];
    },
  },
  {
    name: 'oversized-value',
    area: 'malformed',
    description: 'An envelope value is far longer than the format defines',
    flags: ['MalformedInput', 'OversizedValue'],
    lines: binaryMapkeys,
    applies: { formats: ['v2', 'v3'], contents: ['gcm'] },
    sizes: [17],
    build: (s) => {
      const field = s.format === 'v3' ? 'x-amz-i' : 'x-amz-iv';
      const variants: Variant[] = [];
      const bytes = roomFor(s, field);
      if (bytes >= 256)
        variants.push({
          suffix: field.slice(6),
          detail: `${field} decodes to ${bytes} bytes`,
          ops: [{ op: 'set-envelope', key: field, value: b64(labelBytes(`${s.case.id}/big`, bytes)) }],
          expect: refuse('format', 'metadata'),
        });
      if (s.format === 'v2' && roomFor(s, 'x-amz-tag-len') >= 450)
        variants.push({
          suffix: 'tag-len',
          detail: 'x-amz-tag-len is a 600-digit number',
          ops: [{ op: 'set-envelope', key: 'x-amz-tag-len', value: '128'.repeat(200) }],
          expect: refuse('format', 'metadata'),
        });
      const keyBytes = roomFor(s, wrappedKeyName(s));
      if ((s.wrap === 'AES/GCM' || s.wrap === 'RSA-OAEP-SHA1') && keyBytes >= 512)
        variants.push({
          suffix: 'wrapped-key',
          detail: `the wrapped data key is ${keyBytes} bytes long`,
          ops: [{ op: 'set-envelope', key: wrappedKeyName(s), value: b64(labelBytes(`${s.case.id}/big`, keyBytes)) }],
          expect: refuse('security', 'key-unwrap'),
        });
      const context = s.format === 'v3' ? 'x-amz-t' : 'x-amz-matdesc';
      // The new member's characters: what the 2 KB leave after the context as it is and the JSON around the member.
      const chars = locationOf(s, context) === 'instruction-file' ? INSTRUCTION_OVERSIZE : Math.floor((roomFor(s, context) * 4) / 3) - (s.envelope[context] ?? '').length - 24;
      if (s.wrap === 'kms+context' && chars >= 512)
        variants.push({
          suffix: 'context',
          detail: `the stored context gains a ${chars}-character value`,
          ops: [{ op: 'set-json-field', target: 'envelope', key: context, field: 'padding', value: 'x'.repeat(chars) }],
          expect: refuse('security', 'encryption-context'),
        });
      return variants;
    },
  },
];
