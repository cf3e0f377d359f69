import * as assert from 'uvu/assert';
import { isS3EncryptionError, type ErrorCode } from '../../src/errors.js';

/** Awaits `promise` and asserts it rejects with an S3EncryptionError of `code`; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: RegExp) {
  try {
    await promise;
  } catch (e) {
    assert.ok(isS3EncryptionError(e), `expected S3EncryptionError ${code}, got ${String(e)}`);
    assert.is(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.unreachable(`expected a ${code} error, but it succeeded`);
  throw new Error('unreachable');
}

export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}
