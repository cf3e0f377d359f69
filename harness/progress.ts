/**
 * How far a run is, on stderr: on a terminal one line redrawn in place (cases done/total, failures
 * so far, who is running); anywhere else (CI logs) a plain line at most every PERIOD_MS and no
 * ANSI codes at all. The total is planned from the claims before the first case, so it is exact
 * for the cross and range suites and the corpus suites alike.
 */
import type { CaseResult } from '../suites/run.js';

const PERIOD_MS = 15_000;
const REDRAW_MS = 100;

export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export class RunProgress {
  readonly #sink: ProgressSink;
  readonly #total: number;
  readonly #period: number;
  #done = 0;
  #failed = 0;
  #errored = 0;
  #current = '';
  #last = 0;
  #drawn = false;

  constructor(total: number, sink: ProgressSink = process.stderr, periodMs = PERIOD_MS) {
    this.#sink = sink;
    this.#total = total;
    this.#period = periodMs;
  }

  observe(r: CaseResult): void {
    this.#done += 1;
    if (r.status === 'fail') this.#failed += 1;
    if (r.status === 'errored') this.#errored += 1;
    this.#current = r.pair ? `${r.pair.writer} -> ${r.pair.reader}` : (r.implementation ?? r.suite);
    const now = Date.now();
    if (now - this.#last < (this.#sink.isTTY ? REDRAW_MS : this.#period) && this.#done < this.#total) return;
    this.#last = now;
    if (this.#sink.isTTY) {
      this.#sink.write(`\r\x1b[K${this.#bar()} ${this.#line()}`);
      this.#drawn = true;
    } else this.#sink.write(`progress: ${this.#line()}\n`);
  }

  /** Ends the redrawn line, so the summary starts on a fresh one. */
  done(): void {
    if (this.#drawn) this.#sink.write('\n');
    this.#drawn = false;
  }

  #line(): string {
    return `${this.#done}/${this.#total} cases, ${this.#failed} failed, ${this.#errored} errored; now ${this.#current}`;
  }

  #bar(width = 24): string {
    const filled = this.#total === 0 ? width : Math.min(width, Math.round((this.#done / this.#total) * width));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  }
}
