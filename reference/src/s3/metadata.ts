/**
 * Object metadata as the client's writes send it (putObject, CreateMultipartUpload): the
 * envelope in S3's wire form, and the caller's user metadata beside it.
 */
import { fail } from '../errors.js';
import { encodeS3MetadataValue } from '../metadata/rfc2047.js';

/**
 * Node refuses raw UTF-8 in headers; sending values already in the RFC 2047 form S3 returns for
 * a Java-written object keeps them ASCII and makes our objects read back like Java's.
 */
export function toWireMetadata(envelope: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(envelope).map(([k, v]) => [k, encodeS3MetadataValue(v)]));
}

/** User metadata may not use `x-amz-` keys: a reader would take the caller's value for ours. */
export function withUserMetadata(user: Record<string, string> | undefined, envelope: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...envelope };
  for (const [k, v] of Object.entries(user ?? {})) {
    const key = k.toLowerCase();
    if (key.startsWith('x-amz-')) fail('INVALID_ARGUMENT', `user metadata key "${k}" is reserved for client-side encryption`);
    merged[key] = v;
  }
  return merged;
}
