/**
 * The default ceiling on an adapter's answer: the largest object any suite reads back, plus
 * slack. Bodies are plaintexts (JSON messages are far smaller), so an honest adapter never
 * reaches it, and a broken one streaming forever is stopped there instead of filling memory.
 */
import { RANGE_OBJECT_BYTES } from '../../suites/cross/ranges.js';
import { DEFAULT_SIZES } from '../../suites/cross/run.js';

/** Headroom above the largest plaintext, so an adapter that adds a little never trips the cap. */
export const RESPONSE_SLACK_BYTES = 1024 * 1024;

/** The corpus's largest objects: 1 MiB + 3 (round trips and recorded objects). */
const LARGEST_CORPUS_PLAINTEXT = 1024 * 1024 + 3;

/**
 * The cap for a run whose own object sizes are `sizes` (`s3cse run --sizes`), never below what the
 * built-in suites need: cross 8 MiB + 1, round trip 1 MiB + 3, range 100,003 bytes (the
 * known-answer vectors are a few KiB each).
 */
export function responseCapFor(sizes: readonly number[] = []): number {
  return Math.max(...DEFAULT_SIZES, LARGEST_CORPUS_PLAINTEXT, RANGE_OBJECT_BYTES, ...sizes) + RESPONSE_SLACK_BYTES;
}

export const DEFAULT_MAX_RESPONSE_BYTES = responseCapFor();
