/**
 * One fuzz worker thread: loads the corpus and keys once, then runs the batches of input indices
 * the main thread hands it, one input at a time, and answers each batch with a Tally.
 *
 * Hang detection is the main thread's: before each input this worker writes the input's offset
 * in the batch into shared memory and, after it, bumps a counter. A counter that stops moving
 * (a synchronous loop or a promise that never settles alike) is seen from outside without a
 * timer per input here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzKeyrings } from '../../testkit/fuzz/keys.js';
import { runPlan } from '../../testkit/fuzz/run-input.js';
import { readCorpus } from './corpus-file.js';
import { planFor, planTables } from './plan.js';
import { emptyTally, record, type Tally } from './tally.js';

export interface WorkerSettings {
  readonly corpusFile: string;
  readonly seed: number;
  readonly rsaWeight: number;
  readonly examples: number;
  /** Int32 [offset in batch of the input running now, inputs completed]. */
  readonly progress: SharedArrayBuffer;
  /** Self-test of the hang detection: at this index spin forever (`spin`) or await forever (`stall`). */
  readonly selfTest?: { readonly index: number; readonly how: 'spin' | 'stall' };
}

export type ToWorker = { readonly type: 'batch'; readonly start: number; readonly end: number } | { readonly type: 'stop' };
export type FromWorker = { readonly type: 'ready' } | { readonly type: 'done'; readonly tally: Tally } | { readonly type: 'escaped'; readonly index: number; readonly stack: string };

// Node streams read `error.stack` of every error they are destroyed with, and tsx's source maps
// make that formatting cost more than the decryption; `--replay` shows mapped stacks.
process.setSourceMapsEnabled(false);
// Every refusal captures a stack; eight frames are all a report prints.
Error.stackTraceLimit = 8;

const settings = workerData as WorkerSettings;
const port = parentPort!;
const progress = new Int32Array(settings.progress);
const corpus = readCorpus(settings.corpusFile);
const keyrings = fuzzKeyrings();
const tables = planTables(corpus, settings.rsaWeight);
let current = -1;

// An error that escapes the awaited chain (an unhandled rejection, an 'error' event nobody
// listens to) is untyped by definition; report it against the input that was running.
const escaped = (e: unknown): void => port.postMessage({ type: 'escaped', index: current, stack: e instanceof Error ? (e.stack ?? String(e)) : String(e) } satisfies FromWorker);
process.on('unhandledRejection', escaped);
process.on('uncaughtException', escaped);

async function runBatch(start: number, end: number): Promise<Tally> {
  const tally = emptyTally();
  for (let index = start; index < end; index++) {
    current = index;
    Atomics.store(progress, 0, index - start);
    if (settings.selfTest?.index === index) await selfTestHang(settings.selfTest.how);
    const plan = planFor(settings.seed, index, tables);
    const began = performance.now();
    const outcome = await runPlan(corpus, plan, keyrings);
    tally.slowestMs = Math.max(tally.slowestMs, performance.now() - began);
    record(tally, index, plan, outcome, settings.examples);
    Atomics.add(progress, 1, 1);
  }
  return tally;
}

/** A synchronous loop blocks this thread's event loop; a promise that never settles does not. Both must be caught. */
async function selfTestHang(how: 'spin' | 'stall'): Promise<void> {
  if (how === 'stall') await new Promise<never>(() => undefined);
  for (;;) Atomics.load(progress, 0);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    port.close();
    return;
  }
  void runBatch(message.start, message.end).then((tally) => port.postMessage({ type: 'done', tally } satisfies FromWorker));
});
port.postMessage({ type: 'ready' } satisfies FromWorker);
