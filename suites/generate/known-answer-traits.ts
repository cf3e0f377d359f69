import type { PublicKat } from '../../vectors/load.js';
import type { KeyInput } from '../../vectors/corpus.js';

/** What a known-answer object needs an implementation to claim. */
export function katFeatures(k: PublicKat, isCbc: boolean, key: KeyInput): string[] {
  const f: string[] = [k.format === 'v3' ? 'read:v3' : k.format === 'v1' ? 'read:v1' : 'read:v2'];
  if (isCbc) f.push('legacy-content:cbc');
  if (k.wrap === 'kms') f.push('legacy-wrap:kms');
  if (k.wrap === 'kms+context') f.push('wrap:kms-context');
  if (k.wrap === 'AES') f.push('legacy-wrap:encryption-only');
  if (k.metadataLocation === 'instruction-file') f.push('store:instruction-file');
  else f.push('store:metadata');
  if (k.decryptContext?.providedEncryptionContext !== undefined) f.push('kms:encryption-context-check');
  f.push('kmsKeyId' in key ? 'key:kms' : 'key:aes');
  return f;
}

/** The specification sections a known-answer object exercises. */
export function katRequirements(k: PublicKat, isCbc: boolean): string[] {
  const r: string[] = ['s3-encryption/data-format/content-metadata.md#determining-s3ec-object-status'];
  if (k.format === 'v3') r.push('s3-encryption/decryption.md#decrypting-with-commitment', 's3-encryption/data-format/content-metadata.md#v3-only');
  else r.push('s3-encryption/data-format/content-metadata.md#v1-v2-shared');
  if (isCbc) r.push('s3-encryption/decryption.md#cbc-decryption', 's3-encryption/client.md#enable-legacy-unauthenticated-modes');
  if (k.wrap === 'kms') r.push('s3-encryption/materials/s3-kms-keyring.md#kmsv1', 's3-encryption/client.md#enable-legacy-wrapping-algorithms');
  if (k.wrap === 'kms+context') r.push('s3-encryption/materials/s3-kms-keyring.md#kms-context');
  if (k.wrap === 'AES') r.push('s3-encryption/client.md#enable-legacy-wrapping-algorithms');
  if (k.metadataLocation === 'instruction-file') r.push('s3-encryption/data-format/metadata-strategy.md#v1-v2-instruction-files');
  return r;
}
