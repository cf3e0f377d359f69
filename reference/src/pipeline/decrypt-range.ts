import { Readable } from 'node:stream';
import { toAsyncIterable } from '../content/body.js';
import { decryptCtrWindow } from '../content/ctr.js';
import { fail } from '../errors.js';
import { plaintextContentRange, windowFor, type PlaintextRange } from '../range.js';
import { describeEnvelope, gcmParams, readPermittedEnvelope, unwrapDataKey, type DecryptedObject, type StoredObject } from './decrypt.js';
import type { ReadRequest, ReadSettings } from './options.js';

/** A slice of a stored body, as a ranged S3 GET returns it. */
interface StoredSlice extends StoredObject {
  /** S3's `Content-Range` for the slice: `bytes start-end/total`, about the stored body. */
  readonly contentRange: string | undefined;
}

interface DecryptedRange extends DecryptedObject {
  readonly contentLength: number;
  /** `bytes first-last/plaintextLength`: what S3 would say for a plain object of the plaintext. */
  readonly contentRange: string;
}

/**
 * Decrypts the caller's plaintext range of a GCM object (V2 or V3) from a slice of its body
 * fetched with `ciphertextRange(range)`, without authentication (content/ctr.ts).
 *
 * The checks of a whole-object read come first, in the same order (legacy content, commitment
 * policy, legacy wrap; for V3 the commitment before any content), so an object that could not be
 * read whole is not read in part either; then the range is judged against the plaintext length.
 * CBC objects are refused: a mid-object CBC range needs the previous block as its IV and padding
 * handling at the end, and Java v3/v4 offer no CBC ranges either.
 */
export async function decryptObjectRange(stored: StoredSlice, range: PlaintextRange, settings: ReadSettings, request: ReadRequest): Promise<DecryptedRange> {
  const envelope = readPermittedEnvelope(stored, settings.policy);
  if (!settings.policy.legacyUnauthenticatedModes) {
    fail('LEGACY_DISABLED', 'a ranged GET returns unauthenticated plaintext; enable legacyUnauthenticatedModes to use it');
  }
  if (envelope.content === 'cbc') fail('UNSUPPORTED', 'ranged GET of an AES/CBC object is not supported');
  const window = windowFor(range, stored.contentRange);
  const materials = await unwrapDataKey(envelope, settings, request);
  try {
    const plaintext = decryptCtrWindow(toAsyncIterable(stored.body), gcmParams(envelope, materials), window);
    return {
      body: Readable.from(plaintext, { objectMode: false }),
      contentLength: window.last - window.first + 1,
      contentRange: plaintextContentRange(window),
      ...describeEnvelope(envelope),
    };
  } finally {
    materials.zero();
  }
}
