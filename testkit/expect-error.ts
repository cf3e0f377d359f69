import * as assert from 'uvu/assert';
import { isS3EncryptionError, type ErrorCode, type S3EncryptionError } from '@s3cse/reference';

function check(e: unknown, code: ErrorCode, message: RegExp | undefined): S3EncryptionError {
  assert.ok(isS3EncryptionError(e), `expected S3EncryptionError ${code}, got ${String(e)}`);
  assert.is(e.code, code, e.message);
  if (message) assert.match(e.message, message);
  return e;
}

/** Asserts `fn()` throws an S3EncryptionError of `code` synchronously; returns the error. */
export function throwsCode(fn: () => unknown, code: ErrorCode, message?: RegExp): S3EncryptionError {
  try {
    fn();
  } catch (e) {
    return check(e, code, message);
  }
  return assert.unreachable(`expected a ${code} error, but it succeeded`) as never;
}

/**
 * Asserts a promise (or a function, which may also throw before returning one) rejects with an
 * S3EncryptionError of `code`; returns the error.
 */
export async function rejectsWith(run: Promise<unknown> | (() => unknown), code: ErrorCode, message?: RegExp): Promise<S3EncryptionError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (e) {
    return check(e, code, message);
  }
  return assert.unreachable(`expected a ${code} error, but it succeeded`) as never;
}

/** The S3EncryptionError `p` rejects with, whatever its code (anything else is rethrown). */
export async function refusal(p: Promise<unknown>): Promise<S3EncryptionError> {
  try {
    await p;
  } catch (e) {
    if (isS3EncryptionError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
