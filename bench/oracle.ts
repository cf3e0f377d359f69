/**
 * Refusal timings (issue 10, weakness 5; not a test, prints figures). See bench/README.md.
 *
 *   npm run bench:oracle -- [--trials 2000] [--warmup 200]
 *
 * For each object family of testkit/oracle-cases.ts (V1 CBC, V2 GCM, V3, V2
 * kms+context) it times the successful read and each refusal (bad padding or tag, wrong key,
 * tampered wrapped key). Every trial runs all cases of all families once, in a fresh random order,
 * so drift in CPU frequency, GC and JIT state spreads over every case alike. KMS answers in process
 * (the embedded target's KMS without the socket), so the figures are the reference's own time.
 */
import { randomBytes } from 'node:crypto';
import { isS3EncryptionError } from '@s3cse/reference';
import { inProcessKmsClient } from '../testkit/fuzz/in-process-kms.js';
import { attempt, ORACLE_KMS_KEYS, oracleFamilies, type Attempt } from '../testkit/oracle-cases.js';
import { ascending, intOption, percentile, shuffle } from './lib/stats.js';

const TRIALS = intOption('trials', 2000);
const WARMUP = intOption('warmup', 200);

interface TimedCase {
  readonly family: string;
  readonly name: string;
  readonly tried: Attempt;
  readonly micros: number[];
  readonly outcomes: Set<string>;
}

/** What a reader sees of an outcome: the length, or code + message (never the cause's detail). */
function visible(outcome: Awaited<ReturnType<typeof attempt>>): string {
  if ('length' in outcome) return `plaintext ${outcome.length} B`;
  const e = outcome.error;
  return isS3EncryptionError(e) ? `${e.code}: ${e.message}${e.cause === undefined ? '' : ' (with a cause)'}` : `untyped: ${String(e)}`;
}

async function timeOnce(c: TimedCase, record: boolean): Promise<void> {
  const started = process.hrtime.bigint();
  const outcome = await attempt(c.tried);
  const elapsed = Number(process.hrtime.bigint() - started) / 1000;
  if (!record) return;
  c.micros.push(elapsed);
  c.outcomes.add(visible(outcome));
}

async function casesToTime(): Promise<TimedCase[]> {
  const kms = inProcessKmsClient(ORACLE_KMS_KEYS.map((keyId) => ({ keyId, material: randomBytes(32) })));
  const cases: TimedCase[] = [];
  for (const f of await oracleFamilies(kms)) {
    for (const [name, tried] of [['success', f.good] as const, ...Object.entries(f.refusals)]) {
      cases.push({ family: f.label, name, tried, micros: [], outcomes: new Set() });
    }
  }
  return cases;
}

async function runTrials(cases: TimedCase[]): Promise<void> {
  for (let trial = 0; trial < WARMUP + TRIALS; trial++) {
    for (const c of shuffle([...cases])) await timeOnce(c, trial >= WARMUP);
  }
}

const fmt = (micros: number): string => micros.toFixed(1).padStart(8);

function printFamily(family: string, cases: TimedCase[]): void {
  const medians = new Map(cases.map((c) => [c.name, percentile(ascending(c.micros), 50)]));
  const success = medians.get('success')!;
  console.log(`\n${family}`);
  console.log(`  ${'case'.padEnd(22)}${'p10 µs'.padStart(8)}${'p50 µs'.padStart(8)}${'p90 µs'.padStart(8)}  p50 − success  outcome`);
  for (const c of cases) {
    const sorted = ascending(c.micros);
    const delta = c.name === 'success' ? '' : `${(medians.get(c.name)! - success).toFixed(1)} µs`;
    const shown = [...c.outcomes].join(' | ');
    console.log(
      `  ${c.name.padEnd(22)}${fmt(percentile(sorted, 10))}${fmt(percentile(sorted, 50))}${fmt(percentile(sorted, 90))}  ${delta.padStart(13)}  ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`,
    );
  }
  const refusals = cases.filter((c) => c.name !== 'success').map((c) => medians.get(c.name)!);
  console.log(`  spread of the refusal medians: ${(Math.max(...refusals) - Math.min(...refusals)).toFixed(1)} µs`);
}

async function main(): Promise<number> {
  const cases = await casesToTime();
  console.log(`s3cse oracle bench: ${TRIALS.toLocaleString('en')} interleaved trials per case after ${WARMUP} warm-up, ${cases.length} cases, KMS in process`);
  const started = Date.now();
  await runTrials(cases);
  for (const family of new Set(cases.map((c) => c.family)))
    printFamily(
      family,
      cases.filter((c) => c.family === family),
    );
  const refusalOutcomes = new Set(cases.filter((c) => c.name !== 'success').flatMap((c) => [...c.outcomes]));
  const uniform = refusalOutcomes.size === 1;
  console.log(`\nsame code and message for every refusal: ${uniform ? 'yes' : 'NO'} (${[...refusalOutcomes].join(' | ')})`);
  console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return uniform ? 0 : 1;
}

process.exitCode = await main();
