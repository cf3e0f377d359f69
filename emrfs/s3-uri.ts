import { fail } from './configuration-error.js';

/** `s3://bucket/key` as EMRFS writes object paths; the key is taken verbatim (no percent-decoding). */
export function parseS3Uri(uri: string): { readonly bucket: string; readonly key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/i.exec(uri);
  if (!m) return fail('INVALID_ARGUMENT', `"${uri}" is not an s3://bucket/key URI`);
  return { bucket: m[1]!, key: m[2]! };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
