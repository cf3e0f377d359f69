/**
 * The main job: the reference implementation against every suite on the embedded target, a
 * summary table on stdout, and (with `out`) the full JSON report. `s3cse conformance` and
 * `npm run conformance` run it.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSummaryTable, requirementCoverage, totals, type RunReport } from '../reports/summary.js';
import { allSuites } from '../suites/index.js';
import { runSuite, type CaseResult } from '../suites/run.js';
import { referenceImplementation } from '../implementations/reference/in-process.js';
import { corpusCoverage, renderCoverage } from './coverage.js';
import { announceKeysFile, replayEnvironment } from './environment.js';
import { kmsClientFor } from './targets/embedded/clients.js';
import { startEmbeddedRunningTarget, type RunningEmbeddedTarget } from './targets/embedded/target.js';
import { adapterKeys } from './adapter-keys.js';
import { resolveAdapter } from './supervisor/manifest.js';
import { AdapterSession } from './supervisor/session.js';
import { bridgeImplementation } from './supervisor/suite-bridge.js';
import type { Environment, Suite } from '../suites/index.js';
import { UsageError, didYouMean } from './targets/usage-error.js';

export interface ConformanceOptions {
  /** Suite names (default: every suite). */
  readonly suites?: readonly string[];
  /** Folder for report.json (created if needed). */
  readonly out?: string;
  /** One line per case on stdout. */
  readonly verbose?: boolean;
}

export function conformanceSuiteNames(): string[] {
  return ['corpus', ...allSuites().map((s) => s.name)];
}

/** Returns the exit status: 0 when every case passed, 1 on any failure or errored case. */
export async function runConformance(options: ConformanceOptions = {}): Promise<number> {
  const suites = selectedSuites(options.suites);
  announceKeysFile((line) => void process.stderr.write(`${line}\n`));
  const target = await startEmbeddedRunningTarget();
  const started = Date.now();
  const results: CaseResult[] = [];
  try {
    const impl = referenceImplementation((endpoint) => kmsClientFor(endpoint ?? target.kmsEndpoint));
    const env = replayEnvironment(target);
    const onResult = (r: CaseResult): void => {
      if (options.verbose) process.stdout.write(`${r.status.padEnd(14)} ${r.id} (${r.durationMs} ms)\n`);
    };
    for (const suite of suites.filter((x) => !ADAPTER_SUITES.has(x.name))) results.push(...(await runSuite(suite, impl, env, { timeoutMs: 60_000, onResult })));
    const overProtocol = suites.filter((x) => ADAPTER_SUITES.has(x.name));
    if (overProtocol.length > 0) results.push(...(await runThroughReferenceAdapter(overProtocol, target, env, onResult)));
    const report: RunReport = {
      manifest: { type: 's3ec-conformance-report', version: 1 },
      implementations: [{ id: 'reference', name: impl.info.name, version: impl.info.version, language: impl.info.language, features: impl.info.features }],
      target: 'embedded',
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      totals: totals(results),
      results,
    };
    process.stdout.write(renderSummaryTable(report));
    process.stdout.write(`spec sections exercised: ${requirementCoverage(results).size}\n`);
    process.stdout.write(renderCoverage(corpusCoverage(results)));
    if (options.out) writeReport(options.out, report);
    return report.totals.fail > 0 || report.totals.errored > 0 ? 1 : 0;
  } finally {
    await target.stop();
  }
}

/** Suites whose cases drive a client against S3 (scenarios): the reference runs them as its adapter, over the protocol. */
const ADAPTER_SUITES = new Set(['scenarios']);

async function runThroughReferenceAdapter(suites: readonly Suite[], target: RunningEmbeddedTarget, env: Environment, onResult: (r: CaseResult) => void): Promise<CaseResult[]> {
  const bucket = 's3cse-conformance';
  await target.ensureBucket(bucket);
  const session = await AdapterSession.open(resolveAdapter('reference'), { env: target.childEnv(), keys: await adapterKeys(target), validateProtocol: true });
  try {
    const impl = bridgeImplementation(session, target, bucket);
    const results: CaseResult[] = [];
    for (const suite of suites) results.push(...(await runSuite(suite, impl, env, { timeoutMs: 60_000, onResult })));
    return results;
  } finally {
    await session.close();
  }
}

function selectedSuites(wanted: readonly string[] | undefined): ReturnType<typeof allSuites> {
  const suites = allSuites();
  if (wanted === undefined || wanted.includes('corpus')) return suites;
  const known = suites.map((s) => s.name);
  for (const name of wanted) {
    if (!known.includes(name)) throw new UsageError(`--suite: no suite named ${name}${didYouMean(name, known)} (known: ${known.join(', ')})`);
  }
  if (wanted.length === 0) throw new UsageError(`--suite: name at least one of ${known.join(', ')}`);
  return suites.filter((s) => wanted.includes(s.name));
}

/** Written to a temporary name and renamed: a crash never leaves a half-written report. */
function writeReport(dir: string, report: RunReport): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'report.json');
  writeFileSync(`${path}.partial`, `${JSON.stringify(report, null, 1)}\n`);
  renameSync(`${path}.partial`, path);
  process.stdout.write(`report written to ${path}\n`);
}
