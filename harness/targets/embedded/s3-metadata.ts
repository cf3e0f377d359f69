/**
 * S3 user metadata as the embedded target stores and returns it.
 *
 * Stored: the raw bytes the client sent in each `x-amz-meta-*` header (Node hands header values
 * over as Latin-1 strings, one character per byte, so nothing is lost).
 *
 * Returned: printable US-ASCII values verbatim; anything else RFC 2047-encoded the way S3 does it
 * (format.md §1.2): S3 reads the sent bytes one byte per character (Latin-1), UTF-8-encodes that
 * string and emits `=?UTF-8?B?<base64>?=` encoded words, several of them separated by a space when
 * the value is long (the Ruby SDK's "stress" vector in public-kats.json shows a multi-word answer).
 * We keep each word within RFC 2047's 75-character limit and split only between characters.
 */

const META_PREFIX = 'x-amz-meta-';
/** S3 refuses a PUT whose user metadata (keys and values, in bytes) exceeds 2 KB (S3 user guide, "Object metadata"). */
const S3_USER_METADATA_LIMIT_BYTES = 2048;
/** `=?UTF-8?B?` + `?=` leave 63 characters of a 75-character word: 60 Base64 chars, 45 bytes. */
const MAX_WORD_BYTES = 45;

export type UserMetadata = ReadonlyMap<string, Buffer>;

/** Collects `x-amz-meta-*` headers (names already lower-cased by Node). */
export function userMetadataFromHeaders(headers: Readonly<Record<string, string>>): Map<string, Buffer> {
  const metadata = new Map<string, Buffer>();
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(META_PREFIX)) metadata.set(name.slice(META_PREFIX.length), Buffer.from(value, 'latin1'));
  }
  return metadata;
}

/** S3's measure: UTF-8 bytes of every key (without the prefix) plus every value, summed. */
export function userMetadataSize(metadata: UserMetadata): number {
  let total = 0;
  for (const [key, value] of metadata) total += Buffer.byteLength(key, 'utf8') + value.length;
  return total;
}

export function exceedsMetadataLimit(metadata: UserMetadata): boolean {
  return userMetadataSize(metadata) > S3_USER_METADATA_LIMIT_BYTES;
}

/** Response headers for stored metadata, values encoded as S3 returns them. */
export function userMetadataHeaders(metadata: UserMetadata): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of metadata) headers[META_PREFIX + key] = encodeMetadataResponseValue(value);
  return headers;
}

/**
 * S3's side of the RFC 2047 round trip, kept apart from `reference/src/metadata/rfc2047.ts` on
 * purpose: this models the server from the bytes it received (and, like S3, also encodes control
 * characters), so the reference's decoder is tested against an independent encoder.
 */
export function encodeMetadataResponseValue(sent: Uint8Array): string {
  if (sent.every((b) => b >= 0x20 && b <= 0x7e)) return Buffer.from(sent).toString('latin1');
  const words: string[] = [];
  let current: Buffer[] = [];
  let currentBytes = 0;
  for (const char of Buffer.from(sent).toString('latin1')) {
    const utf8 = Buffer.from(char, 'utf8');
    if (currentBytes + utf8.length > MAX_WORD_BYTES) {
      words.push(encodedWord(current));
      current = [];
      currentBytes = 0;
    }
    current.push(utf8);
    currentBytes += utf8.length;
  }
  words.push(encodedWord(current));
  return words.join(' ');
}

function encodedWord(parts: Buffer[]): string {
  return `=?UTF-8?B?${Buffer.concat(parts).toString('base64')}?=`;
}
