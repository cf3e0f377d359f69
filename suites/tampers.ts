import type { ErrorCategory, Feature, StoredObject } from './adapter.js';
import type { RequirementId, Tamper } from './case.js';

/** A tamper as the suites catalogue it: what it does, where it applies, what it must cause. */
export interface TamperSpec extends Tamper {
  readonly description: string;
  readonly formats: readonly ('v2' | 'v3')[];
  readonly requirements: readonly RequirementId[];
  readonly features: readonly Feature[];
  readonly provenance: string;
  /** Read back with the legacy switches on: the tamper must be caught by the wrap, not by policy. */
  readonly legacyOnRead: boolean;
  /** Wraps the tamper applies to (all when absent). */
  readonly wraps?: readonly string[];
  /** Expected outcome for objects of this wrap. */
  expect(wrap: string): { readonly category: ErrorCategory };
}

const SECURITY = { category: 'security' } as const;

function flipByte(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  const i = index < 0 ? copy.length + index : index;
  copy[i] = copy[i]! ^ 0x01;
  return copy;
}

function withMetadata(o: StoredObject, change: (m: Record<string, string>) => void): StoredObject {
  const metadata = { ...o.metadata };
  change(metadata);
  return { ...o, metadata };
}

function flipBase64Field(field: string, index: number): (o: StoredObject) => StoredObject {
  return (o) =>
    withMetadata(o, (m) => {
      const value = m[field];
      if (value === undefined) throw new Error(`tamper: the object has no ${field}`);
      m[field] = flipByte(Buffer.from(value, 'base64'), index).toString('base64');
    });
}

const wrappedKeyField = (m: Readonly<Record<string, string>>): string => ('x-amz-3' in m ? 'x-amz-3' : 'x-amz-key-v2');

const CONTENT = ['s3-encryption/decryption.md#content-decryption'];
const V3_COMMIT = ['s3-encryption/decryption.md#decrypting-with-commitment'];

export const TAMPERS: readonly TamperSpec[] = [
  {
    name: 'flip-tag-bit',
    description: 'One bit of the GCM tag is flipped',
    formats: ['v2', 'v3'],
    requirements: CONTENT,
    features: [],
    provenance: 'NIST SP 800-38D: GCM authenticates the whole ciphertext',
    legacyOnRead: false,
    apply: (o) => ({ ...o, body: flipByte(o.body, -1) }),
    expect: () => SECURITY,
  },
  {
    name: 'flip-ciphertext-bit',
    description: 'One bit of the first ciphertext block is flipped',
    formats: ['v2', 'v3'],
    requirements: CONTENT,
    features: [],
    provenance: 'NIST SP 800-38D',
    legacyOnRead: false,
    apply: (o) => ({ ...o, body: flipByte(o.body, 0) }),
    expect: () => SECURITY,
  },
  {
    name: 'truncate-last-byte',
    description: 'The body loses its last byte',
    formats: ['v2', 'v3'],
    requirements: CONTENT,
    features: [],
    provenance: 'NIST SP 800-38D',
    legacyOnRead: false,
    apply: (o) => ({ ...o, body: o.body.subarray(0, o.body.length - 1) }),
    expect: () => SECURITY,
  },
  {
    name: 'flip-iv-bit',
    description: 'One bit of x-amz-iv is flipped',
    formats: ['v2'],
    requirements: CONTENT,
    features: [],
    provenance: 'format.md §2.2',
    legacyOnRead: false,
    apply: flipBase64Field('x-amz-iv', 0),
    expect: () => SECURITY,
  },
  {
    name: 'flip-message-id-bit',
    description: 'One bit of the V3 message id x-amz-i is flipped',
    formats: ['v3'],
    requirements: V3_COMMIT,
    features: [],
    provenance: 'format.md §2.3',
    legacyOnRead: false,
    apply: flipBase64Field('x-amz-i', 0),
    expect: () => SECURITY,
  },
  {
    name: 'flip-commitment-bit',
    description: 'One bit of the V3 key commitment x-amz-d is flipped',
    formats: ['v3'],
    requirements: V3_COMMIT,
    features: [],
    provenance: 'format.md §2.3; s3ec-go-v4 wrong-commitment vector',
    legacyOnRead: false,
    apply: flipBase64Field('x-amz-d', 5),
    expect: () => SECURITY,
  },
  {
    name: 'flip-wrapped-key-bit',
    description: 'One bit near the end of the wrapped data key is flipped',
    formats: ['v2', 'v3'],
    requirements: ['s3-encryption/materials/s3-keyring.md#ondecrypt'],
    features: [],
    provenance: 'format.md §3',
    legacyOnRead: false,
    apply: (o) => flipBase64Field(wrappedKeyField(o.metadata), -2)(o),
    expect: () => SECURITY,
  },
  {
    name: 'context-cek-alg-changed',
    description: 'aws:x-amz-cek-alg inside the stored encryption context no longer names the content algorithm',
    formats: ['v2', 'v3'],
    requirements: ['s3-encryption/materials/s3-kms-keyring.md#kmscontext'],
    features: [],
    provenance: 'format.md §3.5 (J1-V2 and Go check it explicitly)',
    legacyOnRead: false,
    apply: (o) =>
      withMetadata(o, (m) => {
        const field = 'x-amz-t' in m ? 'x-amz-t' : 'x-amz-matdesc';
        const context = JSON.parse(m[field] ?? '{}') as Record<string, string>;
        context['aws:x-amz-cek-alg'] = 'AES/CBC/PKCS5Padding';
        m[field] = JSON.stringify(context);
      }),
    // Raw-key descriptions are not authenticated: only KMS objects can notice.
    wraps: ['kms+context'],
    expect: () => SECURITY,
  },
];
