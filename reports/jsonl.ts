/**
 * The run report as JSON Lines (report.jsonl): a header (provenance), one record per case as the
 * run goes, a footer (totals; `interrupted` after Ctrl-C). Schema: schemas/run-report.schema.json.
 * The reader validates every line as it comes and tells a whole report from a cut-off one (no
 * footer: the writer died), so nothing downstream renders half a run as if it were all of it.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import type { CaseResult, CaseStatus } from '../suites/run.js';

export interface ReportImplementation {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly language: string;
  /** The case features its claims earn. */
  readonly features: readonly string[];
  /** Its capabilities document (write, read, features). */
  readonly claims?: unknown;
  readonly restarts?: number;
  /** A peer of the run (the reference in `certify`): its own results are not counted. */
  readonly peer?: boolean;
}

export interface ReportHeader {
  readonly type: 'header';
  readonly format: 's3cse-run-report';
  readonly version: 1;
  readonly startedAt: string;
  readonly harness: { readonly version: string; readonly commit: string; readonly dirty?: boolean };
  readonly corpus: { readonly digest: string; readonly files: number };
  readonly spec: { readonly repository: string; readonly commit: string };
  readonly node: string;
  readonly target: string;
  readonly suites: readonly string[];
  readonly shard?: { readonly index: number; readonly count: number };
  readonly implementations: readonly ReportImplementation[];
}

export type CaseRecord = Omit<CaseResult, 'actual' | 'pair'> & {
  readonly type: 'case';
  readonly actual?: string;
  readonly pair?: Omit<NonNullable<CaseResult['pair']>, 'size'> & { readonly size?: number };
  /** The claims this case exercises, per implementation id. */
  readonly featuresOf?: Readonly<Record<string, readonly string[]>>;
  readonly unexpectedPass?: boolean;
};

export interface ReportFooter {
  readonly type: 'footer';
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly interrupted: boolean;
  readonly cases: number;
  readonly totals: Readonly<Record<CaseStatus, number>>;
  readonly gating?: number;
  readonly unexpectedPasses: readonly string[];
  readonly exitStatus?: number;
}

export interface JsonlReport {
  readonly header: ReportHeader;
  readonly cases: readonly CaseRecord[];
  readonly footer: ReportFooter;
}

/** A case result as its record: no sentinels (`"-"` for nothing, `-1` for no size) on the wire. */
export function caseRecord(r: CaseResult, extra: Pick<CaseRecord, 'featuresOf' | 'unexpectedPass'> = {}): CaseRecord {
  const { actual, pair, ...rest } = r;
  const record: CaseRecord = { type: 'case', ...rest, ...(actual && actual !== '-' ? { actual } : {}), durationMs: Math.max(0, Math.round(r.durationMs)) };
  if (!pair) return { ...record, ...extra };
  const { size, ...coordinates } = pair;
  return { ...record, pair: { ...coordinates, ...(size >= 0 ? { size } : {}) }, ...extra };
}

export type ReportProblem = 'not-json' | 'invalid-record' | 'out-of-order' | 'missing-header' | 'missing-footer' | 'count-mismatch';

export class ReportReadError extends Error {
  override readonly name = 'ReportReadError';
  readonly problem: ReportProblem;
  constructor(problem: ReportProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

const SCHEMA_ID = 'https://s3-cse-conformance/reports/run-report.schema.json';
let ajv: Ajv | undefined;

/** The validator of the record's own kind (by `type`), so errors speak of that kind only. */
function validatorFor(type: unknown): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(JSON.parse(readFileSync(new URL('./schemas/run-report.schema.json', import.meta.url), 'utf8')) as object);
  }
  const kind = type === 'header' || type === 'case' || type === 'footer' ? `#/definitions/${type}` : '';
  return ajv.getSchema(`${SCHEMA_ID}${kind}`)!;
}

/** Reads a report line by line, checking each against the schema and the header-cases-footer order. */
export class JsonlReportReader {
  readonly #source: string;
  #line = 0;
  #header: ReportHeader | undefined;
  #footer: ReportFooter | undefined;
  readonly #cases: CaseRecord[] = [];

  constructor(source: string) {
    this.#source = source;
  }

  push(text: string): void {
    this.#line += 1;
    if (text.trim() === '') return;
    const where = `${this.#source}:${this.#line}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ReportReadError('not-json', `${where}: not JSON (${(e as Error).message})`);
    }
    const type = (value as { type?: unknown } | null)?.type;
    const validate = validatorFor(type);
    if (!validate(value)) throw new ReportReadError('invalid-record', `${where}: ${schemaMessage(type, validate)}`);
    const record = value as ReportHeader | CaseRecord | ReportFooter;
    if (this.#footer) throw new ReportReadError('out-of-order', `${where}: a ${record.type} record after the footer`);
    if (record.type === 'header') {
      if (this.#header || this.#cases.length > 0) throw new ReportReadError('out-of-order', `${where}: the header must be the first record, and the only one`);
      this.#header = record;
      return;
    }
    if (!this.#header) throw new ReportReadError('missing-header', `${where}: a ${record.type} record before any header`);
    if (record.type === 'case') this.#cases.push(record);
    else this.#footer = record;
  }

  /** The whole report; a report without its footer was cut off (the run died part way). */
  end(): JsonlReport {
    if (!this.#header) throw new ReportReadError('missing-header', `${this.#source}: no header: not a run report`);
    if (!this.#footer) throw new ReportReadError('missing-footer', `${this.#source}: truncated: no footer after ${this.#cases.length} case records (the run did not finish writing it)`);
    if (this.#footer.cases !== this.#cases.length)
      throw new ReportReadError('count-mismatch', `${this.#source}: the footer counts ${this.#footer.cases} cases, the report holds ${this.#cases.length}`);
    return { header: this.#header, cases: this.#cases, footer: this.#footer };
  }
}

export function parseJsonlReport(text: string, source = 'report.jsonl'): JsonlReport {
  const reader = new JsonlReportReader(source);
  for (const line of text.split('\n')) reader.push(line);
  return reader.end();
}

function schemaMessage(type: unknown, validate: ValidateFunction): string {
  const shown = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return `${typeof type === 'string' ? `${type} record` : 'a record of no known type (header, case, footer)'}: ${shown.join('; ')}`;
}
