/**
 * The body of an S3 GetObject response as the decryption pipeline consumes it.
 *
 * The SDK retries a request that fails before its response headers, but a connection lost while
 * the body streams surfaces as Node's untyped `Error: aborted` (ECONNRESET), and a body that ends
 * short of its Content-Length may simply end. Both become S3_ERROR here, with the transport error
 * as cause, and are marked transient so the client can repeat the GET while no plaintext has been
 * released (buffered authenticated decryption).
 */
import { S3ServiceException } from '@aws-sdk/client-s3';
import { toAsyncIterable, type BodyInput } from '../content/body.js';
import { S3EncryptionError, isS3EncryptionError } from '../errors.js';
import { describeError } from './send.js';

/** Failures of the transport, not of S3's answer or of the object: worth one more GET. */
const transient = new WeakSet<object>();

export function isTransientS3Failure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && transient.has(e);
}

/** An S3_ERROR for a transport failure, marked as worth repeating the request. */
export function transientS3Error(message: string, cause?: unknown): S3EncryptionError {
  const error = new S3EncryptionError('S3_ERROR', message, cause === undefined ? undefined : { cause });
  transient.add(error);
  return error;
}

/** A failure of a request that S3 did not answer (network), as opposed to an S3 error response. */
export function isNetworkFailure(e: unknown): boolean {
  return !(e instanceof S3ServiceException) && !isS3EncryptionError(e);
}

/**
 * Streams `body`, counting it against `declaredLength` (the response's Content-Length).
 * `where` names the object in messages (`s3://bucket/key`).
 */
export async function* s3ResponseBody(body: BodyInput | undefined, declaredLength: number | undefined, where: string): AsyncGenerator<Uint8Array> {
  if (body === undefined) throw transientS3Error(`S3 returned no body for ${where}`);
  let received = 0;
  try {
    for await (const chunk of toAsyncIterable(body)) {
      received += chunk.byteLength;
      yield chunk;
    }
  } catch (e) {
    if (isS3EncryptionError(e)) throw e;
    throw transientS3Error(`reading the body of ${where} from S3 failed after ${received}${ofDeclared(declaredLength)} bytes: ${describeTransport(e)}`, e);
  }
  if (declaredLength !== undefined && received !== declaredLength) {
    throw transientS3Error(`S3 ended the body of ${where} after ${received} of its ${declaredLength} bytes`);
  }
}

function ofDeclared(declaredLength: number | undefined): string {
  return declaredLength === undefined ? '' : ` of ${declaredLength}`;
}

function describeTransport(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  return `${describeError(e)}${typeof code === 'string' ? ` (${code})` : ''}`;
}
