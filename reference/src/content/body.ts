/**
 * Object bodies as async iterables of bytes.
 *
 * Every content cipher in this folder consumes `AsyncIterable<Uint8Array>` so that a multi-GiB
 * object never has to sit in memory (docs/format-notes.md §6.3: streaming is the normal path; only
 * authenticated GCM decryption buffers, and then only up to a caller-chosen limit).
 */
import { fail } from '../errors.js';

export type BodyInput = Uint8Array | string | AsyncIterable<Uint8Array> | NodeJS.ReadableStream | ReadableStream<Uint8Array> | Blob;

/**
 * Normalises any supported body to an async iterable of byte chunks.
 * Strings are encoded as UTF-8. Chunks that a Node stream delivers as strings (after
 * `setEncoding`) are re-encoded as UTF-8 so that callers only ever see bytes.
 */
export function toAsyncIterable(body: BodyInput): AsyncIterable<Uint8Array> {
  if (typeof body === 'string') return single(Buffer.from(body, 'utf8'));
  if (body instanceof Uint8Array) return single(body);
  if (body instanceof Blob) return fromWebStream(body.stream());
  if (isWebStream(body)) return fromWebStream(body);
  if (isAsyncIterable(body)) return asBytes(body);
  return fail('INVALID_ARGUMENT', 'Unsupported body type: expected bytes, a string, a stream, a Blob or an async iterable');
}

/** Concatenates a source; fails with TOO_LARGE as soon as more than `limit` bytes have arrived. */
export async function collect(source: AsyncIterable<Uint8Array>, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit) fail('TOO_LARGE', `Body exceeds the limit of ${limit} bytes`);
    parts.push(chunk);
  }
  return Buffer.concat(parts, total);
}

/**
 * Re-slices a source into chunks of exactly `size` bytes (the last one may be shorter).
 * Chunks that already have the right size pass through without a copy; larger ones are cut into
 * views. Used where a fixed part size matters (multipart parts must be multiples of 16, §6.4).
 */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  if (!Number.isSafeInteger(size) || size <= 0) fail('INVALID_ARGUMENT', `Chunk size must be a positive integer, got ${size}`);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    let rest = chunk;
    if (pendingBytes > 0) {
      const need = size - pendingBytes;
      if (rest.byteLength < need) {
        pending.push(rest);
        pendingBytes += rest.byteLength;
        continue;
      }
      pending.push(rest.subarray(0, need));
      yield Buffer.concat(pending, size);
      pending = [];
      pendingBytes = 0;
      rest = rest.subarray(need);
    }
    while (rest.byteLength >= size) {
      yield rest.subarray(0, size);
      rest = rest.subarray(size);
    }
    if (rest.byteLength > 0) {
      pending.push(rest);
      pendingBytes = rest.byteLength;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

async function* single(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function isWebStream(body: object): body is ReadableStream<Uint8Array> {
  return typeof (body as { getReader?: unknown }).getReader === 'function';
}

function isAsyncIterable(body: object): body is AsyncIterable<unknown> {
  return typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

async function* fromWebStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopping early (a consumer that breaks, or a decryption failure) must not leave the
    // stream locked or the underlying source (e.g. an HTTP body) half-read forever.
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

async function* asBytes(source: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    if (chunk instanceof Uint8Array) yield chunk;
    else if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
    else fail('INVALID_ARGUMENT', 'Body stream produced a chunk that is neither bytes nor a string');
  }
}
