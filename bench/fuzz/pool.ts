/**
 * Worker pool for the fuzz command: hands out batches of input indices, merges the tallies, and
 * watches every worker for hangs through shared memory. A hung or crashed worker is terminated
 * and replaced; the input it was on is recorded (hang, or untyped for a crash) and the rest of
 * its batch is queued again, so every index is counted exactly once.
 */
import { Worker } from 'node:worker_threads';
import { buildCandidate } from '../../testkit/fuzz/mutations.js';
import type { FuzzSeed } from '../../testkit/fuzz/seeds.js';
import { planFor, type PlanTables } from './plan.js';
import { configLabel, emptyTally, merge, recordHang, type Tally } from './tally.js';
import type { FromWorker, ToWorker, WorkerSettings } from './worker.js';

export interface PoolOptions {
  readonly workers: number;
  readonly count: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly timeoutMs: number;
  readonly corpusFile: string;
  readonly rsaWeight: number;
  readonly examples: number;
  readonly selfTest?: WorkerSettings['selfTest'];
  readonly onProgress: (done: number) => void;
}

export interface PoolResult {
  readonly tally: Tally;
  /** Errors that escaped the awaited call (unhandled rejections, uncaught exceptions), by input. */
  readonly escaped: Array<{ index: number; stack: string }>;
}

interface Range {
  readonly start: number;
  readonly end: number;
}

interface Slot {
  worker: Worker;
  readonly progress: Int32Array;
  batch: Range | undefined;
  lastCompleted: number;
  lastChange: number;
  finished: boolean;
}

/**
 * Node 20 loads a worker's entry module before `--import`ed hooks are active in that thread, so
 * a `.ts` entry fails there; this bootstrap registers tsx first and then imports the worker.
 */
const WORKER_BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`;

export function runPool(options: PoolOptions, corpus: readonly FuzzSeed[], tables: PlanTables): Promise<PoolResult> {
  return new FuzzPool(options, corpus, tables).run();
}

class FuzzPool {
  readonly #tally = emptyTally();
  readonly #escaped: PoolResult['escaped'] = [];
  readonly #requeued: Range[] = [];
  readonly #slots: Slot[] = [];
  #next = 0;
  #done = 0;
  #resolve: (result: PoolResult) => void = () => undefined;
  #timers: NodeJS.Timeout[] = [];

  private readonly options: PoolOptions;
  private readonly corpus: readonly FuzzSeed[];
  private readonly tables: PlanTables;

  constructor(options: PoolOptions, corpus: readonly FuzzSeed[], tables: PlanTables) {
    this.options = options;
    this.corpus = corpus;
    this.tables = tables;
  }

  run(): Promise<PoolResult> {
    return new Promise((resolve) => {
      this.#resolve = resolve;
      for (let i = 0; i < this.options.workers; i++) {
        const slot = { progress: new Int32Array(new SharedArrayBuffer(8)), batch: undefined, lastCompleted: 0, lastChange: 0, finished: false } as Omit<Slot, 'worker'> as Slot;
        slot.worker = this.#spawn(slot);
        this.#slots.push(slot);
      }
      this.#timers = [setInterval(() => this.#watch(), Math.max(20, Math.min(250, this.options.timeoutMs / 4))), setInterval(() => this.options.onProgress(this.#done + this.#inFlight()), 5000)];
    });
  }

  #inFlight(): number {
    return this.#slots.reduce((n, s) => n + (s.batch ? Atomics.load(s.progress, 1) : 0), 0);
  }

  #take(): Range | undefined {
    const again = this.#requeued.pop();
    if (again) return again;
    if (this.#next >= this.options.count) return undefined;
    const range = { start: this.#next, end: Math.min(this.options.count, this.#next + this.options.batchSize) };
    this.#next = range.end;
    return range;
  }

  #dispatch(slot: Slot): void {
    const range = this.#take();
    slot.batch = range;
    if (!range) {
      slot.finished = true;
      slot.worker.postMessage({ type: 'stop' } satisfies ToWorker);
      if (this.#slots.every((s) => s.finished)) {
        for (const timer of this.#timers) clearInterval(timer);
        this.#resolve({ tally: this.#tally, escaped: this.#escaped });
      }
      return;
    }
    Atomics.store(slot.progress, 0, 0);
    Atomics.store(slot.progress, 1, 0);
    slot.lastCompleted = 0;
    slot.lastChange = performance.now();
    slot.worker.postMessage({ type: 'batch', ...range } satisfies ToWorker);
  }

  #spawn(slot: Slot): Worker {
    const { corpusFile, seed, rsaWeight, examples, selfTest } = this.options;
    const settings: WorkerSettings = { corpusFile, seed, rsaWeight, examples, progress: slot.progress.buffer as SharedArrayBuffer, ...(selfTest ? { selfTest } : {}) };
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: settings });
    worker.on('message', (message: FromWorker) => this.#onMessage(slot, message));
    worker.on('exit', () => {
      // An exit nobody asked for, mid-batch: the worker died on the input it was running.
      if (slot.worker === worker && !slot.finished && slot.batch) this.#replace(slot, 'crash');
    });
    worker.on('error', (e) => this.#escaped.push({ index: -1, stack: e.stack ?? String(e) }));
    return worker;
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === 'ready') this.#dispatch(slot);
    if (message.type === 'escaped') this.#escaped.push({ index: message.index, stack: message.stack });
    if (message.type === 'done') {
      merge(this.#tally, message.tally, this.options.examples);
      this.#done += message.tally.inputs;
      this.#dispatch(slot);
    }
  }

  /** A completed-counter that has not moved for timeoutMs means the current input hangs. */
  #watch(): void {
    const now = performance.now();
    for (const slot of this.#slots) {
      if (!slot.batch) continue;
      const completed = Atomics.load(slot.progress, 1);
      if (completed !== slot.lastCompleted) {
        slot.lastCompleted = completed;
        slot.lastChange = now;
      } else if (now - slot.lastChange > this.options.timeoutMs) {
        this.#replace(slot, 'hang');
      }
    }
  }

  /** Records the input a worker is stuck or died on, queues the rest of its batch again, and replaces it. */
  #replace(slot: Slot, why: 'hang' | 'crash'): void {
    const batch = slot.batch!;
    const index = batch.start + Atomics.load(slot.progress, 0);
    const example = this.#example(index);
    if (why === 'hang') recordHang(this.#tally, example, this.options.examples);
    else merge(this.#tally, crashTally(index, example), this.options.examples);
    this.#done += 1;
    // The tally of the batch's finished part dies with the worker: those inputs run again.
    for (const range of [
      { start: batch.start, end: index },
      { start: index + 1, end: batch.end },
    ]) {
      if (range.start < range.end) this.#requeued.push(range);
    }
    const old = slot.worker;
    slot.batch = undefined;
    slot.worker = this.#spawn(slot);
    void old.terminate();
  }

  #example(index: number): { index: number; seed: string; config: string; labels: readonly string[] } {
    const plan = planFor(this.options.seed, index, this.tables);
    const { seed, candidate } = buildCandidate(this.corpus, plan);
    return { index, seed: seed.id, config: configLabel(plan), labels: candidate.labels };
  }
}

/** A worker that died mid-input: the input is counted as an untyped failure. */
function crashTally(index: number, example: { seed: string; config: string; labels: readonly string[] }): Tally {
  const t = emptyTally();
  t.inputs = 1;
  t.classes['untyped'] = 1;
  t.bad['untyped | worker-crash | NEW'] = 1;
  t.examples.push({ index, cls: 'untyped', detail: 'worker-crash', known: 'NEW', ...example });
  return t;
}
