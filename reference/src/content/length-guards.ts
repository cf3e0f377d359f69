/**
 * Guards around the byte streams of a decryption: lengths the object declares are checked
 * against what arrived, failures of the caller's source become typed errors, and a failure after
 * plaintext was released says so.
 *
 * Why: lengths come from unauthenticated metadata (`x-amz-unencrypted-content-length`) or from
 * the transport (Content-Length). CBC has no tag, so a body cut at a block boundary whose last
 * byte happens to be valid padding decrypts "successfully" to a shorter plaintext; only the
 * declared length can notice. Every mismatch is DECRYPT_FAILED with the one message all
 * authentication failures share.
 */
import { S3EncryptionError, fail, isS3EncryptionError } from '../errors.js';
import { failDecrypt } from './failure.js';

/**
 * Passes a stored body through, counting it. A body that has more or fewer bytes than `declared`
 * (the stored length the caller or S3 gave) fails at its end; an error of the source that is not
 * ours becomes BODY_READ_FAILED, with the source's error as cause.
 */
export async function* measuredBody(source: AsyncIterable<Uint8Array>, declared: number | undefined): AsyncGenerator<Uint8Array> {
  let received = 0;
  try {
    for await (const chunk of source) {
      received += chunk.byteLength;
      if (declared !== undefined && received > declared) failDecrypt();
      yield chunk;
    }
  } catch (e) {
    throwAsBodyFailure(e, received);
  }
  if (declared !== undefined && received !== declared) failDecrypt();
}

/** A failure of the caller's body source: ours as it is, anything else BODY_READ_FAILED with it as cause. */
export function throwAsBodyFailure(e: unknown, received: number): never {
  if (isS3EncryptionError(e)) throw e;
  fail('BODY_READ_FAILED', `reading the object body failed after ${received} bytes: ${describe(e)}`, e);
}

/** Fails at the end of a plaintext stream whose length is not the declared one. */
export async function* checkedPlaintextLength(source: AsyncIterable<Buffer>, declared: number | undefined): AsyncGenerator<Buffer> {
  let produced = 0;
  for await (const chunk of source) {
    produced += chunk.length;
    if (declared !== undefined && produced > declared) failDecrypt();
    yield chunk;
  }
  if (declared !== undefined && produced !== declared) failDecrypt();
}

/** The same check for plaintext held back until the tag verified: nothing is released on failure. */
export function assertPlaintextLength(parts: readonly Buffer[], declared: number | undefined): void {
  if (declared === undefined) return;
  const produced = parts.reduce((n, p) => n + p.length, 0);
  if (produced === declared) return;
  for (const part of parts) part.fill(0);
  failDecrypt();
}

/**
 * Marks every failure of a stream that releases plaintext before authenticating it (delayed
 * authentication, CBC) with the number of bytes already released. DECRYPT_FAILED keeps its one
 * message (the count is a property); every other failure, such as a connection lost mid-body,
 * also says it in words, since that is all a log keeps.
 */
export async function* releasing(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let released = 0;
  try {
    for await (const chunk of source) {
      released += chunk.length;
      yield chunk;
    }
  } catch (e) {
    throw afterRelease(e, released);
  }
}

/** The error a stream that released `released` unauthenticated bytes fails with, instead of `e`. */
export function afterRelease(e: unknown, released: number): unknown {
  if (!isS3EncryptionError(e) || released === 0) return e;
  const message = e.code === 'DECRYPT_FAILED' ? e.message : `${e.message}; ${released} plaintext bytes had already been released unauthenticated: discard them`;
  return new S3EncryptionError(e.code, message, { cause: e.cause, releasedUnauthenticatedBytes: released });
}

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as { code?: unknown }).code;
  return `${e.name}: ${e.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}
