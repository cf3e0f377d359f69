import { decodeText, loadPublicKats, type PublicKat } from '../vectors/load.js';
import type { ErrorCategory, Feature, KeySpec, StoredObject } from './adapter.js';
import type { DecryptCase, Expectation, KmsReplaySpec, RequirementId, Suite } from './case.js';

const LEGACY_WRAPS = new Set(['kms', 'AES', 'AESWrap', 'RSA', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding']);
const CEK_GCM = 'AES/GCM/NoPadding';

/**
 * Every object-level case of vectors/public/public-kats.json as a decrypt case: objects written
 * by (or recorded from the tests of) the Go, Ruby and Java SDKs, with their expected plaintext or
 * the stage at which they must be refused.
 */
export function knownAnswerSuite(): Suite {
  const cases = loadPublicKats()
    .filter((k) => k.kind === 'object')
    .map(toDecryptCase);
  return {
    name: 'known-answers',
    description: 'Objects from public AWS SDK tests decrypt to their recorded plaintext, or fail at the recorded stage.',
    cases,
  };
}

function toDecryptCase(k: PublicKat): DecryptCase {
  const isCbc = k.cekAlg.startsWith('AES/CBC');
  const policyNegative = k.expectError?.stage.startsWith('policy') ?? false;
  const replay = kmsReplay(k);
  const provided = k.decryptContext?.providedEncryptionContext as Record<string, string> | undefined;
  return {
    kind: 'decrypt',
    id: `kat/${k.id}`,
    description: k.description,
    requirements: requirementsFor(k, isCbc),
    features: [...featuresFor(k, isCbc), `key:${keyFor(k).type}`],
    provenance: `${k.source.repo}@${k.source.commit.slice(0, 12)} ${k.source.path} :: ${k.source.test}`,
    object: storedObject(k),
    key: keyFor(k),
    // Policy negatives come from clients configured without the legacy algorithm: read them with legacy off.
    legacy: !policyNegative && (isCbc || LEGACY_WRAPS.has(k.wrap)),
    ...(provided === undefined ? {} : { encryptionContext: provided }),
    ...(replay === undefined ? {} : { kmsReplay: replay }),
    expect: expectationFor(k),
  };
}

function storedObject(k: PublicKat): StoredObject {
  const body = k.ciphertextHex !== undefined ? Buffer.from(k.ciphertextHex, 'hex') : Buffer.from(k.ciphertextBase64 ?? '', 'base64');
  if (k.metadataLocation === 'instruction-file') {
    return { body, metadata: {}, instructionFile: k.instructionFileBody ?? '' };
  }
  if (k.metadataLocation === 'derived') {
    // Encrypt-direction vectors assert only the body; the envelope is the one such a client writes
    // for this data key (kms+context, V2): format.md §3.5 and §7.
    return {
      body,
      metadata: {
        'x-amz-key-v2': k.kmsReplay!.ciphertextBlobBase64,
        'x-amz-iv': k.metadata!['x-amz-iv']!,
        'x-amz-matdesc': JSON.stringify({ 'aws:x-amz-cek-alg': CEK_GCM }),
        'x-amz-wrap-alg': 'kms+context',
        'x-amz-cek-alg': CEK_GCM,
        'x-amz-tag-len': '128',
      },
    };
  }
  return { body, metadata: { ...(k.metadata ?? {}) } };
}

function keyFor(k: PublicKat): KeySpec {
  if (k.kmsReplay) return { type: 'kms', keyId: k.kmsReplay.keyId };
  const material = k.keyMaterial;
  if (material?.value) return { type: 'aes', keyHex: Buffer.from(material.value, material.encoding === 'hex' ? 'hex' : 'base64').toString('hex') };
  // Negatives refused before any key is used carry no key; any AES key will do.
  return { type: 'aes', keyHex: '00'.repeat(32) };
}

/**
 * The recording tests mocked KMS to return the data key whatever blob was sent, so the replay is
 * keyed by the blob the object actually carries (in the wrong-commitment vector it differs from
 * the one recorded with the mock).
 */
function kmsReplay(k: PublicKat): KmsReplaySpec | undefined {
  const r = k.kmsReplay;
  if (!r) return undefined;
  const meta = k.metadata ?? {};
  const carried = meta['x-amz-meta-x-amz-3'] ?? meta['x-amz-3'] ?? meta['x-amz-meta-x-amz-key-v2'] ?? meta['x-amz-key-v2'] ?? r.ciphertextBlobBase64;
  return {
    keyId: r.keyId,
    ciphertextBlob: Buffer.from(carried, 'base64'),
    plaintext: Buffer.from(r.plaintextDataKeyBase64, 'base64'),
    ...(r.expectedEncryptionContext ? { expectedEncryptionContext: r.expectedEncryptionContext } : {}),
  };
}

function expectationFor(k: PublicKat): Expectation {
  if (k.expectedPlaintext) return { ok: true, plaintext: decodeText(k.expectedPlaintext) };
  return { ok: false, category: categoryFor(k) };
}

/** Stated per case in the source file; never inferred from the message. */
function categoryFor(k: PublicKat): ErrorCategory {
  return k.expectError!.category as ErrorCategory;
}

function featuresFor(k: PublicKat, isCbc: boolean): Feature[] {
  const f: Feature[] = [k.format === 'v3' ? 'read:v3' : k.format === 'v1' ? 'read:v1' : 'read:v2'];
  if (isCbc) f.push('legacy-content:cbc');
  if (k.wrap === 'kms') f.push('legacy-wrap:kms');
  if (k.wrap === 'kms+context') f.push('wrap:kms-context');
  if (k.wrap === 'AES') f.push('legacy-wrap:encryption-only');
  if (k.metadataLocation === 'instruction-file') f.push('store:instruction-file');
  if (k.decryptContext?.providedEncryptionContext !== undefined) f.push('kms:encryption-context-check');
  return f;
}

function requirementsFor(k: PublicKat, isCbc: boolean): RequirementId[] {
  const r: RequirementId[] = ['s3-encryption/data-format/content-metadata.md#determining-s3ec-object-status'];
  if (k.format === 'v3') r.push('s3-encryption/decryption.md#decrypting-with-commitment', 's3-encryption/data-format/content-metadata.md#v3-only');
  else r.push('s3-encryption/data-format/content-metadata.md#v1v2-shared');
  if (isCbc) r.push('s3-encryption/decryption.md#cbc-decryption', 's3-encryption/client.md#enable-legacy-unauthenticated-modes');
  if (k.wrap === 'kms') r.push('s3-encryption/materials/s3-kms-keyring.md#kmsv1', 's3-encryption/client.md#enable-legacy-wrapping-algorithms');
  if (k.wrap === 'kms+context') r.push('s3-encryption/materials/s3-kms-keyring.md#kmscontext');
  if (k.wrap === 'AES') r.push('s3-encryption/client.md#enable-legacy-wrapping-algorithms');
  if (k.metadataLocation === 'instruction-file') r.push('s3-encryption/data-format/metadata-strategy.md#v1v2-instruction-files');
  return r;
}
