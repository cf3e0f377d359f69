import type { Feature } from './adapter.js';
import type { RequirementId, RoundTripCase, Suite } from './case.js';
import { DOWNGRADES } from './downgrades.js';
import { TAMPERS } from './tampers.js';
import { STORAGES } from '../protocol/vocabulary.js';

/** Wraps every S3EC writer must offer, with the test key that exercises each (vectors/keys/keys.json). */
export const WRITE_WRAPS = [
  { wrap: 'AES/GCM', key: 'aes-256-a', feature: 'wrap:aes-gcm', requirement: 's3-encryption/materials/s3-keyring.md#onencrypt' },
  { wrap: 'RSA-OAEP-SHA1', key: 'rsa-2048-a', feature: 'wrap:rsa-oaep-sha1', requirement: 's3-encryption/materials/s3-keyring.md#onencrypt' },
  { wrap: 'kms+context', key: 'kms-a', feature: 'wrap:kms-context', requirement: 's3-encryption/materials/s3-kms-keyring.md#kmscontext' },
] as const;

export const FORMATS = ['v2', 'v3'] as const;
export { STORAGES };
/** Around the AES block and tag sizes, one page, and over a MiB with a ragged tail. */
export const SIZES = [0, 1, 15, 16, 17, 4095, 1024 * 1024 + 3] as const;

const FORMAT_REQUIREMENTS: Record<(typeof FORMATS)[number], RequirementId[]> = {
  v2: ['s3-encryption/encryption.md#alg_aes_256_gcm_iv12_tag16_no_kdf', 's3-encryption/data-format/content-metadata.md#v2-only'],
  v3: ['s3-encryption/encryption.md#alg_aes_256_gcm_hkdf_sha512_commit_key', 's3-encryption/key-derivation.md#hkdf-operation', 's3-encryption/data-format/content-metadata.md#v3-only'],
};

const STORAGE_REQUIREMENTS: Record<(typeof STORAGES)[number], Record<(typeof FORMATS)[number], RequirementId>> = {
  metadata: { v2: 's3-encryption/data-format/metadata-strategy.md#object-metadata', v3: 's3-encryption/data-format/metadata-strategy.md#object-metadata' },
  instruction: {
    v2: 's3-encryption/data-format/metadata-strategy.md#v1v2-instruction-files',
    v3: 's3-encryption/data-format/metadata-strategy.md#v3-instruction-files',
  },
};

function baseFeatures(format: (typeof FORMATS)[number], storage: (typeof STORAGES)[number], wrapFeature: Feature): Feature[] {
  const key: Feature = wrapFeature === 'wrap:kms-context' ? 'key:kms' : wrapFeature === 'wrap:rsa-oaep-sha1' ? 'key:rsa' : 'key:aes';
  const store: Feature[] = storage === 'metadata' ? ['store:metadata'] : ['store:instruction-file', 'write:instruction-file'];
  return [`write:${format}`, `read:${format}`, wrapFeature, key, ...store];
}

/** Round trips over every wrap × format × storage × size an implementation claims. */
export function roundTripSuite(): Suite {
  const cases: RoundTripCase[] = [];
  for (const format of FORMATS) {
    for (const w of WRITE_WRAPS) {
      for (const storage of STORAGES) {
        for (const size of SIZES) {
          cases.push({
            kind: 'roundtrip',
            id: `roundtrip/${format}/${w.wrap}/${storage}/${size}`,
            description: `A ${size}-byte object written as ${format} with ${w.wrap} in ${storage} storage has a well-formed envelope and reads back unchanged.`,
            requirements: [...FORMAT_REQUIREMENTS[format], STORAGE_REQUIREMENTS[storage][format], w.requirement],
            features: baseFeatures(format, storage, w.feature),
            provenance: 'format rule (format.md §2, §3, §5)',
            key: { name: w.key },
            format,
            storage,
            size,
            expect: { ok: true },
          });
        }
      }
    }
  }
  return { name: 'roundtrip', description: 'Every write combination round-trips and writes the envelope the format prescribes.', cases };
}

/** Each tamper applied to an object of every wrap and format; the reader must refuse with the tamper's category. */
export function tamperSuite(): Suite {
  const cases: RoundTripCase[] = [];
  for (const format of FORMATS) {
    for (const w of WRITE_WRAPS) {
      for (const t of [...TAMPERS, ...DOWNGRADES]) {
        if (!t.formats.includes(format) || (t.wraps && !t.wraps.includes(w.wrap))) continue;
        const expected = t.expect(w.wrap);
        cases.push({
          kind: 'roundtrip',
          id: `tamper/${format}/${w.wrap}/${t.name}`,
          description: `${t.description} (${format}, ${w.wrap}): the reader refuses the object with a ${expected.category} error.`,
          requirements: [...t.requirements, w.requirement],
          features: [...baseFeatures(format, 'metadata', w.feature), ...t.features],
          provenance: t.provenance,
          key: { name: w.key },
          format,
          storage: 'metadata',
          size: 100,
          tamper: t,
          legacyOnRead: t.legacyOnRead,
          expect: { ok: false, category: expected.category },
        });
      }
    }
  }
  return { name: 'tamper', description: 'Tampered objects are refused, with the right category of error, before any plaintext is released.', cases };
}
