/**
 * `s3cse bench`: the performance suite's entry point (harness/bench/). Runs the bench, checks
 * the report against reports/schemas/performance-report.schema.json, writes performance.json,
 * performance.md and performance.html to `out`, prints the Markdown, and returns 1 when a
 * bounded-memory claim broke or an adapter crashed (timings never gate), else 0.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { BenchError } from './bench/errors.js';
import { renderPerformanceHtml } from './bench/html.js';
import { renderPerformanceMarkdown } from './bench/render.js';
import type { PerformanceReport } from './bench/report.js';
import { runBench, type BenchOptions } from './bench/run-bench.js';
import { UsageError } from './targets/usage-error.js';

export { DEFAULT_BENCH_SIZES } from './bench/run-bench.js';

export interface BenchCommandOptions extends Omit<BenchOptions, 'log'> {
  readonly out?: string;
}

/** Schema violations of a performance report, empty when it keeps to the schema. */
export function performanceReportViolations(report: unknown): string[] {
  const schema = JSON.parse(readFileSync(new URL('../reports/schemas/performance-report.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validate(report) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

export async function runBenchCommand(options: BenchCommandOptions): Promise<number> {
  let report: PerformanceReport;
  try {
    report = await runBench(options);
  } catch (e) {
    if (e instanceof BenchError && e.code === 'usage') throw new UsageError(e.message);
    throw e;
  }
  const violations = performanceReportViolations(report);
  if (violations.length > 0) throw new Error(`the performance report breaks its schema: ${violations.join('; ')}`);
  const markdown = renderPerformanceMarkdown(report);
  process.stdout.write(markdown);
  if (options.out) {
    mkdirSync(options.out, { recursive: true });
    writeFileSync(join(options.out, 'performance.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(options.out, 'performance.md'), markdown);
    writeFileSync(join(options.out, 'performance.html'), renderPerformanceHtml(report));
    process.stdout.write(`performance report written to ${join(options.out, 'performance.{json,md,html}')}\n`);
  }
  return report.gating.length > 0 ? 1 : 0;
}
