/**
 * Strict standard Base64 (RFC 4648 §4, with `=` padding).
 *
 * S3EC writers encode binary metadata values with the standard alphabet and padding (Java
 * `Base64.getEncoder()`, Go `base64.StdEncoding`; docs/format-notes.md §1.1). Node's `Buffer.from(s, 'base64')`
 * silently accepts garbage such as `notvalidbase64` (kats.md finding 3), so every metadata value is
 * checked against the canonical grammar before it is decoded.
 */
import { fail } from './errors.js';

/** Whole groups of four, then an optional final group with one or two `=` (RFC 4648 §4). */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decode `value` or throw MALFORMED_METADATA naming `field` (never the value itself, which may be
 * key material). Non-canonical encodings (non-zero bits in the final padded group, RFC 4648 §3.5)
 * are refused too, so one byte string has exactly one accepted spelling.
 */
export function decodeBase64Strict(value: string, field: string): Uint8Array {
  if (!STANDARD_BASE64.test(value)) fail('MALFORMED_METADATA', `${field} is not valid base64`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) fail('MALFORMED_METADATA', `${field} is not valid base64`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Standard alphabet with padding, as every S3EC writer produces. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
