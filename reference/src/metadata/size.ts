/**
 * S3's 2 KB user-metadata limit (docs/format-notes.md §1.1, §6.5): S3 measures the sum of the UTF-8 byte
 * lengths of every key and value, keys counted without the `x-amz-meta-` header prefix.
 */
import { S3_USER_METADATA_LIMIT_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import { USER_METADATA_PREFIX } from './keys.js';

export function userMetadataBytes(meta: Record<string, string>): number {
  let total = 0;
  for (const [key, value] of Object.entries(meta)) {
    const bare = key.toLowerCase().startsWith(USER_METADATA_PREFIX) ? key.slice(USER_METADATA_PREFIX.length) : key;
    total += Buffer.byteLength(bare, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  return total;
}

export function assertMetadataFits(meta: Record<string, string>): void {
  const size = userMetadataBytes(meta);
  if (size > S3_USER_METADATA_LIMIT_BYTES) {
    fail(
      'METADATA_TOO_LARGE',
      `user metadata is ${size} bytes, over S3's ${S3_USER_METADATA_LIMIT_BYTES}-byte limit; ` +
        'store the envelope in an instruction file (storage mode "instruction") or shorten the material description',
    );
  }
}
