/**
 * The negative catalogue, malformed and oversized values: a value the format defines as base64,
 * JSON or a fixed length that is not → format (the KMS context's JSON at the encryption-context
 * stage, as the public Go vectors state); an oversized wrapped key or context → the check that
 * authenticates it (security).
 */
import { refuse, type Tampering, type Variant } from './catalogue-types.js';
import { REQ } from './catalogue.js';
import { labelBytes, wrappedKeyName } from './resolve.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const NOT_BASE64 = '%%not*base64%%';

export const MALFORMED: readonly Tampering[] = [
  {
    name: 'malformed-base64',
    area: 'malformed',
    description: 'A binary envelope value is not base64',
    flags: ['MalformedInput'],
    requirements: [REQ.mapKeys, REQ.v1v2, REQ.v3Only],
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
    requirements: [REQ.kmsContext, REQ.mapKeys],
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
    requirements: [REQ.mapKeys, REQ.v2Only, REQ.v3Only],
    applies: { formats: ['v2', 'v3'], contents: ['gcm'] },
    sizes: [17],
    build: (s) => {
      const big = b64(labelBytes(`${s.case.id}/big`, 3072));
      const field = s.format === 'v3' ? 'x-amz-i' : 'x-amz-iv';
      const variants: Variant[] = [{ suffix: field.slice(6), detail: `${field} decodes to 3072 bytes`, ops: [{ op: 'set-envelope', key: field, value: big }], expect: refuse('format', 'metadata') }];
      if (s.format === 'v2')
        variants.push({
          suffix: 'tag-len',
          detail: 'x-amz-tag-len is a 600-digit number',
          ops: [{ op: 'set-envelope', key: 'x-amz-tag-len', value: '128'.repeat(200) }],
          expect: refuse('format', 'metadata'),
        });
      if (s.wrap === 'AES/GCM' || s.wrap === 'RSA-OAEP-SHA1')
        variants.push({
          suffix: 'wrapped-key',
          detail: 'the wrapped data key is 3072 bytes long',
          ops: [{ op: 'set-envelope', key: wrappedKeyName(s), value: big }],
          expect: refuse('security', 'key-unwrap'),
        });
      if (s.wrap === 'kms+context')
        variants.push({
          suffix: 'context',
          detail: 'the stored context gains a 3000-character value',
          ops: [{ op: 'set-json-field', target: 'envelope', key: s.format === 'v3' ? 'x-amz-t' : 'x-amz-matdesc', field: 'padding', value: 'x'.repeat(3000) }],
          expect: refuse('security', 'encryption-context'),
        });
      return variants;
    },
  },
];
