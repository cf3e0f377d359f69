/**
 * One way to call S3 for every operation of the client (put, get, delete, multipart upload,
 * re-encryption): SDK failures become S3_ERROR (METADATA_TOO_LARGE for S3's 2 KB refusal), our
 * own errors pass through.
 */
import { S3ServiceException } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { fail, isS3EncryptionError } from '../errors.js';

export async function sendToS3<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isS3EncryptionError(e)) throw e;
    if (e instanceof S3ServiceException && e.name === 'MetadataTooLarge') {
      fail('METADATA_TOO_LARGE', 'S3 refused the metadata as over 2 KB; use instruction-file storage mode', e);
    }
    return fail('S3_ERROR', `S3 request failed: ${describeError(e)}`, e);
  }
}

/** S3 answered "no such key" (GET: NoSuchKey; HEAD has no body, so only the status says it). */
export function isNotFound(e: unknown): boolean {
  return e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata.httpStatusCode === 404);
}

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Sends a request whose body is produced as it is sent (encryption of a stream). The SDK does not
 * listen for errors of such a body (the process would crash on an unhandled 'error' event), so
 * the body given to it never fails: a failing source ends it and aborts the request instead, and
 * the source's own error is the one reported.
 */
export async function sendStreamingBody<T>(source: AsyncIterable<Uint8Array>, send: (body: Readable, abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let bodyFailure: { readonly error: unknown } | undefined;
  async function* guarded(): AsyncGenerator<Uint8Array> {
    try {
      yield* source;
    } catch (error) {
      bodyFailure = { error };
      controller.abort();
    }
  }
  try {
    return await send(Readable.from(guarded()), controller.signal);
  } catch (e) {
    throw bodyFailure ? bodyFailure.error : e;
  }
}
