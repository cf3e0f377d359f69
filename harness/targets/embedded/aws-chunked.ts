/**
 * Decoder for `Content-Encoding: aws-chunked` request bodies, which the AWS SDKs send for streaming
 * uploads (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER` with a CRC32 trailer, or the
 * signed `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]` forms). Framing, per the S3 SigV4 streaming docs:
 *
 *   <size in hex>[;chunk-signature=<sig>]\r\n <size bytes> \r\n   ... repeated ...
 *   0[;chunk-signature=<sig>]\r\n [<trailer-name>:<value>\r\n]* \r\n
 *
 * Signatures and trailers are not verified (the target trusts its caller); only the framing is.
 */

export class ChunkedBodyError extends Error {}

const CRLF = Buffer.from('\r\n');
/** A chunk header (hex size, optional signature) is far shorter than this. */
const MAX_HEADER_BYTES = 4096;

/** True when the request announces an aws-chunked body. */
export function isAwsChunked(headers: Readonly<Record<string, string>>): boolean {
  const encoding = headers['content-encoding'] ?? '';
  const sha = headers['x-amz-content-sha256'] ?? '';
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** Removes the `aws-chunked` token, so the stored Content-Encoding is what the object really has. */
export function withoutAwsChunked(contentEncoding: string | undefined): string | undefined {
  const rest = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  return rest.length > 0 ? rest.join(', ') : undefined;
}

export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    // Searched in a window: Buffer#indexOf takes its offset as a 32-bit integer, so on bodies past
    // 2 GiB an offset beyond 2^31 wrapped around and the header was "not terminated".
    const found = body.subarray(pos, pos + MAX_HEADER_BYTES).indexOf(CRLF);
    const lineEnd = found < 0 ? -1 : pos + found;
    if (lineEnd < 0) throw new ChunkedBodyError('chunk header is not terminated');
    const sizeText = body.subarray(pos, lineEnd).toString('latin1').split(';')[0]?.trim() ?? '';
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw new ChunkedBodyError('chunk size is not hexadecimal');
    const size = Number.parseInt(sizeText, 16);
    pos = lineEnd + CRLF.length;
    if (size === 0) return Buffer.concat(parts); // what follows is trailers, which we ignore
    if (pos + size + CRLF.length > body.length) throw new ChunkedBodyError('chunk is truncated');
    parts.push(body.subarray(pos, pos + size));
    pos += size;
    if (!body.subarray(pos, pos + CRLF.length).equals(CRLF)) throw new ChunkedBodyError('chunk data is not followed by CRLF');
    pos += CRLF.length;
  }
}
