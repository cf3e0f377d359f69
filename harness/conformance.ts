import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSummaryTable, requirementCoverage, totals, type RunReport } from '../reports/summary.js';
import { allSuites } from '../suites/index.js';
import { runSuite, type CaseResult } from '../suites/run.js';
import { referenceImplementation } from './adapters/reference/in-process.js';
import { announceKeysFile, embeddedEnvironment } from './environment.js';
import { kmsClientFor } from './targets/embedded/clients.js';
import { startEmbeddedTarget } from './targets/embedded/server.js';

export const CONFORMANCE_USAGE = 's3cse conformance [--suite NAME[,NAME]] [--out DIR] [--verbose]';

/**
 * The main job: the reference implementation against every suite on the embedded target, a
 * summary table on stdout, and (with --out) the full JSON report. Exits non-zero on any failure.
 */
export async function conformanceCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { suite: { type: 'string' }, out: { type: 'string' }, verbose: { type: 'boolean', default: false } },
    strict: true,
  });
  const wanted = values.suite?.split(',').map((s) => s.trim());
  const suites = allSuites().filter((s) => !wanted || wanted.includes(s.name));
  if (suites.length === 0) throw Object.assign(new Error(`no suite named ${values.suite ?? ''}`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });

  announceKeysFile((line) => void process.stderr.write(`${line}\n`));
  const target = await startEmbeddedTarget();
  const started = Date.now();
  const results: CaseResult[] = [];
  try {
    const impl = referenceImplementation((endpoint) => kmsClientFor(endpoint ?? target.endpoint));
    const env = embeddedEnvironment(target);
    for (const suite of suites) {
      results.push(
        ...(await runSuite(suite, impl, env, {
          timeoutMs: 60_000,
          onResult: (r) => {
            if (values.verbose) process.stdout.write(`${r.status.padEnd(14)} ${r.id} (${r.durationMs} ms)\n`);
          },
        })),
      );
    }
    const report: RunReport = {
      manifest: { type: 's3ec-conformance-report', version: 1 },
      implementations: [{ id: 'reference', name: impl.info.name, version: impl.info.version, language: impl.info.language }],
      target: 'embedded',
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      totals: totals(results),
      results,
    };
    process.stdout.write(renderSummaryTable(report));
    process.stdout.write(`requirements exercised: ${requirementCoverage(results).size}\n`);
    if (values.out) writeReport(values.out, report);
    if (report.totals.fail > 0 || report.totals.errored > 0) process.exitCode = 1;
  } finally {
    await target.stop();
  }
}

/** Written to a temporary name and renamed: a crash never leaves a half-written report. */
function writeReport(dir: string, report: RunReport): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'report.json');
  writeFileSync(`${path}.partial`, `${JSON.stringify(report, null, 1)}\n`);
  renameSync(`${path}.partial`, path);
  process.stdout.write(`report written to ${path}\n`);
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  conformanceCommand(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`s3cse conformance: ${(e as Error).message}\n`);
    process.exitCode = 2;
  });
}
