/**
 * Writes report.jsonl while the run goes: the header at the start, each case the moment it is
 * judged, the footer at the end. Lines are written synchronously, so whatever was judged is on
 * disk if the run dies; on Ctrl-C (SIGINT) or SIGTERM the footer is written with `interrupted`
 * before the process exits, so the partial report still reads as whole (reports/jsonl.ts).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { caseRecord, type CaseRecord, type ReportFooter, type ReportHeader } from '../reports/jsonl.js';
import { totals } from '../reports/summary.js';
import type { CaseResult } from '../suites/run.js';

export const REPORT_FILE = 'report.jsonl';

export class ReportStream {
  readonly path: string;
  readonly #fd: number;
  readonly #started = Date.now();
  readonly #cases: CaseResult[] = [];
  readonly #unexpected: string[] = [];
  #closed = false;
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    this.finish({ interrupted: true, exitStatus: signal === 'SIGINT' ? 130 : 143 });
    process.stderr.write(`\ns3cse: interrupted (${signal}); the partial report is ${this.path}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  constructor(dir: string, header: ReportHeader) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, REPORT_FILE);
    this.#fd = openSync(this.path, 'w');
    this.#write(header);
    // First in line: the child-server supervisor's own handler exits at once, footer or not;
    // exiting here still runs its exit hook, which stops the adapters.
    process.prependOnceListener('SIGINT', this.#onSignal);
    process.prependOnceListener('SIGTERM', this.#onSignal);
  }

  record(r: CaseResult, extra: Pick<CaseRecord, 'featuresOf' | 'unexpectedPass'> = {}): void {
    if (this.#closed) return;
    this.#cases.push(r);
    if (extra.unexpectedPass) this.#unexpected.push(r.id);
    this.#write(caseRecord(r, extra));
  }

  /** The footer, once; later calls (a signal after the end) do nothing. */
  finish(end: { interrupted: boolean; exitStatus?: number; gating?: number }): void {
    if (this.#closed) return;
    this.#closed = true;
    process.removeListener('SIGINT', this.#onSignal);
    process.removeListener('SIGTERM', this.#onSignal);
    const footer: ReportFooter = {
      type: 'footer',
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - this.#started,
      interrupted: end.interrupted,
      cases: this.#cases.length,
      totals: totals(this.#cases),
      ...(end.gating === undefined ? {} : { gating: end.gating }),
      unexpectedPasses: this.#unexpected,
      ...(end.exitStatus === undefined ? {} : { exitStatus: end.exitStatus }),
    };
    this.#write(footer);
    closeSync(this.#fd);
  }

  #write(record: object): void {
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
  }
}
