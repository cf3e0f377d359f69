/**
 * Entry points of the metadata layer: normalise what S3 returned, find where the envelope lives,
 * and decode/encode it (the last two live in decode-envelope.ts / encode-envelope.ts).
 */
import { fail } from '../errors.js';
import { assertSingleExclusiveKey, has, presentExclusiveKeys } from './fields.js';
import * as K from './keys.js';
import { decodeS3MetadataValue } from './rfc2047.js';

export { decodeEnvelope } from './decode-envelope.js';
export { encodeEnvelope, type EncodedEnvelope } from './encode-envelope.js';

export type RawMetadata = Readonly<Record<string, string>>;

/**
 * Lower-case keys (S3 keys are case-insensitive and Go writes `X-Amz-Key-V2`, docs/format-notes.md §1.1), drop
 * the `x-amz-meta-` header prefix (HTTP headers carry it, SDK maps and `aws s3api` output do not),
 * and undo S3's double encoding on the JSON-valued keys only (docs/format-notes.md §1.2). Two spellings of one
 * key with different values make the envelope ambiguous and are refused.
 */
export function normalizeMetadata(raw: RawMetadata): Record<string, string> {
  const normalized = new Map<string, string>();
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    if (typeof rawValue !== 'string') fail('MALFORMED_METADATA', `metadata value of ${rawKey} is not a string`);
    const lower = rawKey.toLowerCase();
    const key = lower.startsWith(K.USER_METADATA_PREFIX) ? lower.slice(K.USER_METADATA_PREFIX.length) : lower;
    const value = K.DOUBLE_ENCODED_KEYS.has(key) ? decodeS3MetadataValue(rawValue) : rawValue;
    const previous = normalized.get(key);
    if (previous !== undefined && previous !== value) {
      fail('MALFORMED_METADATA', `metadata key ${key} appears more than once with different values`);
    }
    normalized.set(key, value);
  }
  return Object.fromEntries(normalized);
}

type Location = { readonly kind: 'object' } | { readonly kind: 'instruction-file'; readonly v3: boolean };

/**
 * Where the envelope is (content-metadata.md "Determining S3EC Object Status"; docs/format-notes.md §1.4).
 * A wrapped-key mapkey in object metadata means the envelope is there (decodeEnvelope then
 * validates the rest); x-amz-c/d/i without x-amz-3 means a V3 instruction file; nothing means a
 * V1/V2 instruction file (or an unencrypted object, which only fetching the file can tell).
 */
//= specification/s3-encryption/data-format/content-metadata.md#determining-s3ec-object-status
//# - If the metadata contains "x-amz-iv" and "x-amz-key" but no other version exclusive keys then the object MUST be considered as an S3EC-encrypted object using the V1 format.
//= specification/s3-encryption/data-format/content-metadata.md#determining-s3ec-object-status
//# - If the metadata contains "x-amz-iv" and "x-amz-key-v2" but no other version exclusive keys then the object MUST be considered as an S3EC-encrypted object using the V2 format.
//= specification/s3-encryption/data-format/content-metadata.md#determining-s3ec-object-status
//# - If the metadata contains "x-amz-3" and "x-amz-d" and "x-amz-i" but no other version exclusive keys then the object MUST be considered an S3EC-encrypted object using the V3 format.
//= specification/s3-encryption/data-format/content-metadata.md#determining-s3ec-object-status
//# If the object matches none of the V1/V2/V3 formats, the S3EC MUST attempt to get the instruction file.
//= specification/s3-encryption/data-format/content-metadata.md#determining-s3ec-object-status
//# If there are multiple mapkeys which are meant to be exclusive to different versions, such as "x-amz-key", "x-amz-key-v2", and "x-amz-3" then the S3EC SHOULD throw an exception.
export function locateEnvelope(meta: Record<string, string>): Location {
  assertSingleExclusiveKey(meta);
  if (presentExclusiveKeys(meta).length === 1) return { kind: 'object' };
  const v3Keys = K.V3_OBJECT_ONLY_KEYS.filter((key) => has(meta, key));
  if (v3Keys.length === K.V3_OBJECT_ONLY_KEYS.length) return { kind: 'instruction-file', v3: true };
  if (v3Keys.length > 0) {
    // A partial V3 key set is neither a V3 object nor a V1/V2 one: a deviation the spec says to reject.
    fail('MALFORMED_METADATA', `object metadata has ${v3Keys.join(', ')} but not all of x-amz-c, x-amz-d, x-amz-i`);
  }
  return { kind: 'instruction-file', v3: false };
}
