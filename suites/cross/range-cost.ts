/**
 * What a ranged read cost in S3 bytes: the bytes the target served for the object while one
 * reader read one range, against the range's length. The bound is the reference's (and the
 * specification's "adjust the range to include the beginning and end of the cipher blocks"):
 * at most 15 bytes before the range to reach a block boundary, and the 16-byte GCM tag when the
 * range reaches the end, so a client may fetch at most `range + 31` bytes. A client that widens
 * the range by a whole block on each side (the Java clients' CBC habit) or reads the whole object
 * fails this verdict; it is a separate case from the bytes' correctness.
 */
import type { CaseResult, MatrixCoordinates } from '../run.js';

/** 15 bytes of block alignment before the range, 16 bytes of GCM tag after it. */
export const RANGE_SLACK_BYTES = 31;
/** The cost cases' id prefix (they are reported in the range suite). */
export const RANGE_COST_PREFIX = 'range-bytes/';

/** One ranged read's cost, for the range-bytes table. */
export interface RangeCost {
  readonly writer: string;
  readonly reader: string;
  readonly format: string;
  readonly key: string;
  readonly range: string;
  readonly rangeBytes: number;
  readonly fetchedBytes: number;
  readonly withinBound: boolean;
}

/** Counts response bytes the target served for an object (the embedded target's `bytesServed`). */
export type BytesServed = (bucket: string, key: string) => number;

/** The verdict case for one ranged read that returned the right bytes. */
export function rangeCostCase(pair: MatrixCoordinates & { readonly range: string }, rangeBytes: number, fetchedBytes: number): { result: CaseResult; cost: RangeCost } {
  const bound = rangeBytes + RANGE_SLACK_BYTES;
  const withinBound = fetchedBytes <= bound;
  const cost: RangeCost = { writer: pair.writer, reader: pair.reader, format: pair.format, key: pair.key, range: pair.range, rangeBytes, fetchedBytes, withinBound };
  const result: CaseResult = {
    // Reported with the range suite it belongs to; the id prefix tells the cost cases apart.
    suite: 'range',
    id: `${RANGE_COST_PREFIX}${pair.writer}->${pair.reader}/${pair.format}/${pair.key}/${pair.range}`,
    status: withinBound ? 'pass' : 'fail',
    expected: `at most ${bound} bytes fetched (range ${rangeBytes} + ${RANGE_SLACK_BYTES})`,
    actual: `${fetchedBytes} bytes fetched`,
    ...(withinBound ? {} : { detail: `fetched ${fetchedBytes - rangeBytes} bytes more than the ${rangeBytes}-byte range` }),
    requirements: ['s3-encryption/decryption.md#ranged-gets'],
    durationMs: 0,
    pair,
  };
  return { result, cost };
}

/** The range-bytes table: one row per reader, worst overhead and how many reads kept the bound. */
export function rangeCostMarkdown(costs: readonly RangeCost[]): string {
  const readers = [...new Set(costs.map((c) => c.reader))];
  const lines = [`| reader | ranged reads | within range + ${RANGE_SLACK_BYTES} | worst overhead (bytes) | total fetched / total range |`, '|---|---:|---:|---:|---:|'];
  for (const reader of readers) {
    const mine = costs.filter((c) => c.reader === reader);
    const within = mine.filter((c) => c.withinBound).length;
    const worst = Math.max(...mine.map((c) => c.fetchedBytes - c.rangeBytes));
    const fetched = mine.reduce((n, c) => n + c.fetchedBytes, 0);
    const range = mine.reduce((n, c) => n + c.rangeBytes, 0);
    lines.push(`| ${reader} | ${mine.length} | ${within} | ${worst} | ${(fetched / Math.max(1, range)).toFixed(2)}x |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every read in full: range, length, bytes fetched, verdict. */
export function rangeCostDetailMarkdown(costs: readonly RangeCost[]): string {
  const lines = ['| writer | reader | format | key | range | range bytes | fetched | overhead | verdict |', '|---|---|---|---|---|---:|---:|---:|---|'];
  for (const c of costs)
    lines.push(`| ${c.writer} | ${c.reader} | ${c.format} | ${c.key} | ${c.range} | ${c.rangeBytes} | ${c.fetchedBytes} | ${c.fetchedBytes - c.rangeBytes} | ${c.withinBound ? 'pass' : 'FAIL'} |`);
  return `${lines.join('\n')}\n`;
}
