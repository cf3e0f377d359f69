/**
 * S3 `Range` semantics over the plaintext of an encrypted object (docs/format-notes.md §2.4).
 *
 * The caller's range is about plaintext; S3 only knows the stored body, which is the plaintext's
 * ciphertext followed by the 16-byte GCM tag. So the client asks S3 for the smallest slice that
 * covers the wanted bytes from a block boundary (AES-CTR needs one to compute the counter), learns
 * the body's total length from the response's Content-Range, and judges the caller's range against
 * the plaintext length (total − 16) exactly as S3 judges it against an object's length (RFC 9110
 * §14.1.2, what S3 does):
 *
 * - `bytes=a-b`: bytes a..min(b, length−1); `bytes=a-`: a..length−1; unsatisfiable when a ≥ length;
 * - `bytes=-n`: the last min(n, length) bytes; unsatisfiable when n = 0 or the object is empty;
 * - anything else (another unit, several ranges, b < a) is ignored: the whole object is returned.
 *
 * Unlike the Java clients, which fetch one extra block on each side (a habit from CBC, where the
 * previous block is the IV), only the start is widened, to its block: CTR decrypts a partial last
 * block as it is. Bytes fetched are therefore at most the bytes returned + 15 (alignment) + 16
 * (tag bytes, when the range reaches the end).
 */
import { GCM_TAG_BYTES } from './algorithms.js';
import type { CipherWindow } from './content/ctr.js';
import { failDecrypt } from './content/failure.js';
import { fail } from './errors.js';

const BLOCK_BYTES = 16;

/** A caller's range, parsed; `last` absent means "to the end". */
export type PlaintextRange = { readonly kind: 'span'; readonly first: number; readonly last?: number } | { readonly kind: 'suffix'; readonly length: number };

interface RangedWindow extends CipherWindow {
  /** Plaintext length of the whole object. */
  readonly plaintextLength: number;
}

/**
 * Checks that ranged reads are allowed and parses the header. Any `Range` needs
 * `legacyUnauthenticatedModes`, as in Java v3/v4, even one S3 would ignore: the caller asked for
 * the unauthenticated path. `undefined`: S3 would ignore this header; read the whole object.
 */
export function planRangedGet(header: string, legacyUnauthenticatedModes: boolean | undefined): PlaintextRange | undefined {
  if (!legacyUnauthenticatedModes) {
    fail('LEGACY_DISABLED', 'a ranged GET returns unauthenticated plaintext (AES-CTR, no tag check); enable legacyUnauthenticatedModes to use it');
  }
  return parsePlaintextRange(header);
}

/** S3's own 416 for the ciphertext range: the plaintext range, which starts no earlier, is unsatisfiable too. */
export async function fetchingRange<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 416) fail('INVALID_RANGE', 'InvalidRange: the requested range is not satisfiable', e);
    throw e;
  }
}

/** Parses a `Range` header the way S3 does; `undefined` means S3 would ignore it and send everything. */
export function parsePlaintextRange(header: string): PlaintextRange | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') return { kind: 'suffix', length: digits(match[2]!) };
  const first = digits(match[1]!);
  if (match[2] === '') return { kind: 'span', first };
  const last = digits(match[2]!);
  if (last < first) return undefined;
  return { kind: 'span', first, last };
}

/** Numbers past 2^53 are past any object S3 can hold (5 TiB); saturating keeps every comparison right. */
function digits(text: string): number {
  return Math.min(Number(text), Number.MAX_SAFE_INTEGER);
}

/** The `Range` to send to S3 for the stored body. */
export function ciphertextRange(range: PlaintextRange): string {
  if (range.kind === 'suffix') {
    // The plaintext length is unknown until S3 answers, so the block boundary before the first
    // wanted byte is too: take up to 15 bytes more than asked for, plus the tag that follows.
    // A zero-length suffix is unsatisfiable whatever the length: let S3 say so (or say 404).
    return range.length === 0 ? 'bytes=-0' : `bytes=-${Math.min(range.length + BLOCK_BYTES - 1 + GCM_TAG_BYTES, Number.MAX_SAFE_INTEGER)}`;
  }
  const from = range.first - (range.first % BLOCK_BYTES);
  return range.last === undefined ? `bytes=${from}-` : `bytes=${from}-${range.last}`;
}

/**
 * Works out which plaintext bytes the caller gets from S3's answer (`Content-Range: bytes s-e/total`).
 * Throws INVALID_RANGE where S3 would answer 416 for a plain object of the plaintext's length.
 */
export function windowFor(range: PlaintextRange, contentRange: string | undefined): RangedWindow {
  const parsed = contentRange === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange.trim());
  if (!parsed) fail('S3_ERROR', `S3 answered a ranged GET with Content-Range ${JSON.stringify(contentRange ?? null)}`);
  const fetchedFrom = Number(parsed[1]);
  const fetchedTo = Number(parsed[2]);
  const total = Number(parsed[3]);
  // A body shorter than its tag is no GCM body at all.
  if (total < GCM_TAG_BYTES) failDecrypt();
  const plaintextLength = total - GCM_TAG_BYTES;
  let first: number;
  let last: number;
  if (range.kind === 'suffix') {
    if (range.length === 0 || plaintextLength === 0) unsatisfiable(range, plaintextLength);
    first = Math.max(0, plaintextLength - range.length);
    last = plaintextLength - 1;
  } else {
    if (range.first >= plaintextLength) unsatisfiable(range, plaintextLength);
    first = range.first;
    last = Math.min(range.last ?? plaintextLength - 1, plaintextLength - 1);
  }
  const decryptFrom = first - (first % BLOCK_BYTES);
  if (fetchedFrom > decryptFrom || fetchedTo < last) {
    fail('S3_ERROR', `S3 sent bytes ${fetchedFrom}-${fetchedTo}, which do not cover ${decryptFrom}-${last}`);
  }
  return { fetchedFrom, decryptFrom, first, last, plaintextLength };
}

function unsatisfiable(range: PlaintextRange, plaintextLength: number): never {
  const asked = range.kind === 'suffix' ? `the last ${range.length} bytes` : `bytes from ${range.first}`;
  fail('INVALID_RANGE', `InvalidRange: the requested range is not satisfiable (${asked} of an object of ${plaintextLength} bytes)`);
}

/** The Content-Range S3 would send for these bytes of the plaintext object. */
export function plaintextContentRange(window: RangedWindow): string {
  return `bytes ${window.first}-${window.last}/${window.plaintextLength}`;
}
