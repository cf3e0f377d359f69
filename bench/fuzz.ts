/**
 * Fuzz command (issue 10): millions of mutated S3EC objects through the offline decrypt path,
 * across worker threads, every outcome classified. Not a test; see bench/README.md.
 *
 *   npm run fuzz -- [--count 10000000] [--workers N] [--seed 1] [--timeout-ms 5000]
 *                   [--corpus FILE] [--batch 2000] [--rsa-weight 0.02] [--examples 3]
 *                   [--allow-known] [--replay INDEX[,INDEX…]] [--self-test-hang|--self-test-stall INDEX]
 *
 * Exits 1 on any untyped exception, hang, accepted tampering or refused valid object
 * (with --allow-known: only on those not listed in known-bugs.ts).
 */
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './fuzz/corpus-file.js';
import { planTables } from './fuzz/plan.js';
import { runPool } from './fuzz/pool.js';
import { replay } from './fuzz/replay.js';
import { formatReport } from './fuzz/report.js';
import { badCount } from './fuzz/tally.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000000' },
    workers: { type: 'string', default: String(availableParallelism()) },
    seed: { type: 'string', default: '1' },
    'timeout-ms': { type: 'string', default: '5000' },
    corpus: { type: 'string' },
    batch: { type: 'string', default: '2000' },
    'rsa-weight': { type: 'string', default: '0.02' },
    examples: { type: 'string', default: '3' },
    'allow-known': { type: 'boolean', default: false },
    replay: { type: 'string' },
    'self-test-hang': { type: 'string' },
    'self-test-stall': { type: 'string' },
  },
});

function positive(name: keyof typeof values, integer = true): number {
  const n = Number(values[name]);
  if (!(n >= 0) || (integer && !Number.isSafeInteger(n))) throw new Error(`--${name} needs a non-negative ${integer ? 'integer' : 'number'}`);
  return n;
}

const seed = positive('seed');
const corpusFile = values.corpus ?? join(tmpdir(), `s3cse-fuzz-corpus-${seed}.json`);
const { seeds: corpus, built } = await ensureCorpus(corpusFile);
const rsaWeight = positive('rsa-weight', false);
const tables = planTables(corpus, rsaWeight);
const replayCommand = `npm run fuzz -- --seed ${seed} --corpus ${corpusFile} --rsa-weight ${rsaWeight} --replay`;

if (values.replay !== undefined) {
  let bad = false;
  for (const index of values.replay.split(',').map(Number)) bad = (await replay(corpus, tables, seed, index)) || bad;
  process.exit(bad ? 1 : 0);
}

/** `--self-test-hang N` / `--self-test-stall N`: input N hangs on purpose, to prove the watchdog sees it. */
function selfTest(): { selfTest?: { index: number; how: 'spin' | 'stall' } } {
  if (values['self-test-hang'] !== undefined) return { selfTest: { index: positive('self-test-hang'), how: 'spin' } };
  if (values['self-test-stall'] !== undefined) return { selfTest: { index: positive('self-test-stall'), how: 'stall' } };
  return {};
}

const count = positive('count');
const workers = Math.max(1, positive('workers'));
console.log(`s3cse fuzz: ${count.toLocaleString('en-US')} inputs, seed ${seed}, ${workers} worker(s), hang timeout ${values['timeout-ms']} ms`);
console.log(`corpus: ${corpusFile} (${corpus.length} seed objects, ${built ? 'built now' : 'loaded'})`);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await runPool(
  {
    workers,
    count,
    seed,
    batchSize: Math.max(1, positive('batch')),
    timeoutMs: positive('timeout-ms'),
    corpusFile,
    rsaWeight,
    examples: positive('examples'),
    ...selfTest(),
    onProgress: (done) => {
      const seconds = (performance.now() - started) / 1000;
      console.log(`  ${done.toLocaleString('en-US')} / ${count.toLocaleString('en-US')}  ${Math.round(done / seconds).toLocaleString('en-US')} inputs/s`);
    },
  },
  corpus,
  tables,
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log(formatReport(result, { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, workers, replay: replayCommand }));
const failing = badCount(result.tally, values['allow-known']) + result.escaped.length;
console.log(`\n${failing === 0 ? 'PASS' : 'FAIL'}: ${failing.toLocaleString('en-US')} input(s) in failing classes${values['allow-known'] ? ' (known bugs allowed)' : ''}`);
process.exit(failing === 0 ? 0 : 1);
