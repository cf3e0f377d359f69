/**
 * `s3cse run --suite range` with the target's byte counter: every passing ranged read gains a
 * `range-bytes/…` verdict (bytes fetched ≤ range + 31, suites/cross/range-cost.ts), and the run
 * prints the per-reader table and writes `range-bytes.json` and `range-bytes.md` beside the report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rangeCostDetailMarkdown, rangeCostMarkdown, RANGE_SLACK_BYTES, type RangeCost } from '../suites/cross/range-cost.js';
import { runRangeSuite, type RangeOptions } from '../suites/cross/ranges.js';
import type { CaseResult } from '../suites/run.js';
import type { RunningTarget } from './targets/target.js';

export async function runRangesCounted(target: RunningTarget, options: RangeOptions, out: string | undefined): Promise<CaseResult[]> {
  const costs: RangeCost[] = [];
  const counter = target.bytesServed?.bind(target);
  const results = await runRangeSuite({ ...options, ...(counter ? { bytesServed: counter, onCost: (c: RangeCost) => void costs.push(c) } : {}) });
  if (!counter) {
    process.stdout.write(`range bytes: not counted (${target.description} does not count the bytes it serves; the embedded target does)\n`);
    return results;
  }
  process.stdout.write(`\nRanged GET cost (bytes fetched from S3 per read, bound: range + ${RANGE_SLACK_BYTES})\n${rangeCostMarkdown(costs)}`);
  if (out !== undefined) {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'range-bytes.json'), `${JSON.stringify({ boundSlackBytes: RANGE_SLACK_BYTES, reads: costs }, null, 2)}\n`);
    writeFileSync(join(out, 'range-bytes.md'), `# Ranged GET cost\n\nBound: bytes fetched ≤ range + ${RANGE_SLACK_BYTES}.\n\n${rangeCostMarkdown(costs)}\n${rangeCostDetailMarkdown(costs)}`);
  }
  return results;
}
