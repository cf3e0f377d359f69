/**
 * Delayed-authentication GCM decryption as one generator: what `releasing(checkedPlaintextLength(
 * decryptGcmStreaming(measuredBody(source))))` does, the same checks in the same order and the
 * same errors, without four generators in a row. Every generator a chunk passes through costs
 * an await, a promise and an iterator result per piece; at 64 KiB chunks those hops, not the
 * cipher, were what the delayed path lost against raw node:crypto (bench/README.md).
 *
 * In order: the stored length (`stored`, S3's Content-Length) is enforced as bytes arrive and at
 * the end; a failure of the source that is not ours is BODY_READ_FAILED; the tag is verified; the
 * plaintext length the envelope declares (`plaintext`) is enforced; and any failure after
 * plaintext was released carries the count released (length-guards.ts, `afterRelease`).
 */
import { failDecrypt } from './failure.js';
import { GcmOpener, type GcmParams } from './gcm-opener.js';
import { afterRelease, throwAsBodyFailure } from './length-guards.js';

export interface DelayedLengths {
  /** Stored (ciphertext + tag) length, when the transport announced it. */
  readonly stored?: number | undefined;
  /** Plaintext length from the envelope (`x-amz-unencrypted-content-length`), when stored. */
  readonly plaintext?: number | undefined;
}

/** Parameters are checked when this is called (a bad IV fails here), not on the first read. */
export function decryptGcmDelayed(source: AsyncIterable<Uint8Array>, params: GcmParams, lengths: DelayedLengths): AsyncGenerator<Buffer> {
  return delayed(source[Symbol.asyncIterator](), new GcmOpener(params, lengths.stored), lengths);
}

async function* delayed(source: AsyncIterator<Uint8Array>, opener: GcmOpener, lengths: DelayedLengths): AsyncGenerator<Buffer> {
  const { stored, plaintext } = lengths;
  let received = 0;
  let released = 0;
  let sourceEnded = false;
  try {
    for (;;) {
      let step: IteratorResult<Uint8Array>;
      try {
        step = await source.next();
      } catch (e) {
        sourceEnded = true;
        throwAsBodyFailure(e, received);
      }
      if (step.done) break;
      received += step.value.byteLength;
      if (stored !== undefined && received > stored) failDecrypt();
      for (const out of opener.push(step.value)) {
        released += out.length;
        if (plaintext !== undefined && released > plaintext) failDecrypt();
        yield out;
      }
    }
    sourceEnded = true;
    if (stored !== undefined && received !== stored) failDecrypt();
    opener.finish();
    if (plaintext !== undefined && released !== plaintext) failDecrypt();
  } catch (e) {
    throw afterRelease(e, released);
  } finally {
    // As `for await` does: a source we stop reading early is closed; one that failed or ended is not.
    if (!sourceEnded) await source.return?.();
  }
}
