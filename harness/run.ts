/**
 * `s3cse run`: drives implementations through their adapters over a chosen S3 + KMS target.
 *
 *   s3cse run --suite cross --impl reference,java-v1 --target embedded|moto|localstack|aws --out DIR
 *
 * Prints the writer × reader matrix, writes report.json and matrix.md to DIR, exits 1 on any
 * failure or errored case, 2 on bad usage. A target that cannot run here is skipped with one line
 * (exit 0, nothing asserted) unless --require-target is given.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { matrixCells, renderConfigurationMatrix, renderMatrix, type MatrixCell } from '../reports/matrix.js';
import { renderSummaryTable, totals, type ImplementationSummary, type RunReport } from '../reports/summary.js';
import { RANGE_SUITE, RANGES, runRangeSuite } from '../suites/cross/ranges.js';
import { CROSS_SUITE, DEFAULT_SIZES, runCrossSuite } from '../suites/cross/run.js';
import type { CaseResult } from '../suites/run.js';
import { loadEmrfsProfile } from '../emrfs/index.js';
import { adapterKeys } from './adapter-keys.js';
import { announceKeysFile } from './environment.js';
import { loadKnownIssues, triage } from './known-issues.js';
import { findAdapter } from './adapters/manifest.js';
import { errorKindOf } from './adapters/call-failure.js';
import { AdapterSession } from './adapters/session.js';
import { responseCapFor } from './protocol/response-cap.js';
import { BRIDGED_SUITES, runSuitesThroughAdapters } from './run-suites.js';
import type { RunningEmbeddedTarget } from './targets/embedded/target.js';
import { startTarget } from './targets/index.js';
import { faultRunGating, startFaultRun } from './fault-run.js';
import { FaultSpecError, parseFaultSpec } from './targets/faults/plan.js';
import { isUnavailable, TARGET_NAMES, type TargetName } from './targets/target.js';

export const RUN_USAGE =
  's3cse run --suite cross|range|known-answers|roundtrip|tamper[,...] --impl NAME[,NAME...] [--target embedded|moto|localstack|aws] [--out DIR] [--sizes N,N...] [--max-response-bytes N] [--validate-protocol] [--require-target] [--bucket B --kms-key-id K --region R (aws)] [--emrfs-config FILE] [--faults NAME[:RATE][*TIMES],... [--fault-seed N]] [--verbose]';

export async function runCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      suite: { type: 'string', default: CROSS_SUITE },
      impl: { type: 'string', default: 'reference' },
      target: { type: 'string', default: 'embedded' },
      out: { type: 'string' },
      sizes: { type: 'string' },
      'max-response-bytes': { type: 'string' },
      bucket: { type: 'string' },
      'kms-key-id': { type: 'string' },
      region: { type: 'string' },
      'emrfs-config': { type: 'string' },
      faults: { type: 'string' },
      'fault-seed': { type: 'string', default: '1' },
      'validate-protocol': { type: 'boolean', default: false },
      'require-target': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const suiteNames = values.suite.split(',').map((s) => s.trim()).filter(Boolean);
  const known = [CROSS_SUITE, RANGE_SUITE, ...BRIDGED_SUITES];
  const unknown = suiteNames.filter((n) => !known.includes(n));
  if (unknown.length > 0 || suiteNames.length === 0) throw usage(`unknown suite ${unknown.join(',') || values.suite}; s3cse run knows: ${known.join(', ')}`);
  if (!(TARGET_NAMES as readonly string[]).includes(values.target)) throw usage(`unknown target ${values.target}`);
  const bridged = suiteNames.filter((n) => n !== CROSS_SUITE && n !== RANGE_SUITE);
  if (bridged.length > 0 && values.target !== 'embedded') {
    throw usage(`${bridged.join(', ')} replay recorded KMS answers, which only the embedded target can: use --target embedded`);
  }
  const implIds = values.impl.split(',').map((s) => s.trim()).filter(Boolean);
  const sizes = values.sizes ? values.sizes.split(',').map((s) => Number(s)) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 0)) throw usage(`--sizes must be non-negative integers`);
  const maxResponseBytes = responseCap(values['max-response-bytes'], sizes);
  const adapters = implIds.map((id) => findAdapter(id));
  // The reference adapter builds its clients from this EMRFS configuration; checked here so a bad file fails the command, not every case.
  const emrfsConfig = values['emrfs-config'] === undefined ? undefined : loadEmrfsProfile(values['emrfs-config']).site.file;
  if (emrfsConfig && !implIds.includes('reference')) throw usage('--emrfs-config configures the reference implementation: add reference to --impl');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const faultSpec = checkedFaultOptions(values.faults, values['fault-seed'], values.target);
  announceKeysFile(log);

  const started0 = await startTarget(values.target as TargetName, {
    log,
    aws: {
      ...(values.bucket ? { bucket: values.bucket } : {}),
      ...(values['kms-key-id'] ? { kmsKeyId: values['kms-key-id'] } : {}),
      ...(values.region ? { region: values.region } : {}),
    },
  });
  if (isUnavailable(started0)) {
    process.stdout.write(`target ${started0.name} skipped: ${started0.reason}\n`);
    if (values['require-target']) process.exitCode = 1;
    return;
  }
  const { target, run: faultRun } = faultSpec ? await startFaultRun(started0, faultSpec.spec, faultSpec.seed) : { target: started0, run: undefined };

  const started = Date.now();
  const sessions: AdapterSession[] = [];
  const results: CaseResult[] = [];
  try {
    const bucket = values.bucket ?? 's3cse-cross';
    await target.ensureBucket(bucket);
    const keys = await adapterKeys(target);
    for (const adapter of adapters) {
      const t0 = Date.now();
      try {
        const emrfsEnv = emrfsConfig && adapter.manifest.name === 'reference' ? { S3CSE_EMRFS_CONFIG: emrfsConfig } : {};
        const session = await AdapterSession.open(adapter, { env: { ...target.childEnv(), ...emrfsEnv }, keys, validateProtocol: values['validate-protocol'], maxResponseBytes, log });
        sessions.push(session);
        log(`${adapter.manifest.name}: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${session.info.name} ${session.info.version})`);
      } catch (e) {
        // An adapter that cannot build or start is one errored result; the others still run.
        const reason = (e as Error).message;
        log(`${adapter.manifest.name}: unavailable: ${reason}`);
        // A handshake that broke the protocol says how (a truncated /capabilities, say); anything else did not start.
        const kind = errorKindOf(e);
        const errorKind = kind === 'harness' ? 'did-not-start' : kind;
        results.push({ suite: CROSS_SUITE, id: `cross/${adapter.manifest.name}/start`, status: 'errored', expected: 'adapter ready', actual: 'did not start', detail: reason, errorKind, requirements: [], durationMs: Date.now() - t0 });
      }
    }
    const order = sessions.map((s) => s.info.id);
    const verbose = (r: CaseResult): void => {
      faultRun?.observe(r);
      if (values.verbose && r.status !== 'not-applicable') process.stdout.write(`${r.status.padEnd(8)} ${r.id} (${r.durationMs} ms)${r.errorKind ? ` [${r.errorKind}]` : ''}${r.detail && r.status !== 'pass' ? ` ${r.detail}` : ''}\n`);
    };
    if (suiteNames.includes(CROSS_SUITE)) {
      results.push(...(await runCrossSuite({ implementations: sessions, bucket, sizes, onResult: verbose })));
    }
    if (suiteNames.includes(RANGE_SUITE)) {
      results.push(...(await runRangeSuite({ implementations: sessions, bucket, onResult: verbose })));
    }
    if (bridged.length > 0) {
      for (const outcome of await runSuitesThroughAdapters(bridged, sessions, target as RunningEmbeddedTarget, bucket, (_impl, r) => verbose(r))) {
        results.push(...outcome.results);
      }
    }
    const triaged = triage(faultRun ? faultRun.annotate(results) : results, loadKnownIssues());
    results.splice(0, results.length, ...triaged.results);
    const gating = faultRun ? faultRunGating(triaged.results) : triaged.gating;
    const report: RunReport = {
      manifest: { type: 's3ec-conformance-report', version: 1 },
      implementations: sessions.map((s): ImplementationSummary => ({ id: s.info.id, name: s.info.name, version: s.info.version, language: s.info.language, restarts: s.restarts })),
      target: target.description,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      totals: totals(results),
      results,
    };
    const crossResults = results.filter((r) => r.suite === CROSS_SUITE);
    const rangeResults = results.filter((r) => r.suite === RANGE_SUITE);
    const matrix = [
      suiteNames.includes(CROSS_SUITE) ? `cross-decryption:\n${renderMatrix(crossResults, order)}` : '',
      suiteNames.includes(RANGE_SUITE) ? `ranged GET (${RANGES.length} ranges per object; readers claiming range only):\n${renderMatrix(rangeResults, order)}` : '',
    ].filter(Boolean).join('\n');
    process.stdout.write(`${renderSummaryTable(report)}\n${matrix}`);
    if (faultRun) process.stdout.write(faultRun.summary(results));
    if (values.out) writeOutputs(values.out, report, `${matrix}\n${renderConfigurationMatrix(crossResults, order)}`, matrixCells(crossResults, order));
    for (const r of triaged.unexpectedPasses) process.stdout.write(`UNEXPECTED PASS ${r.id}: a known issue expected it to fail; update harness/known-issues.json\n`);
    if (gating.length > 0 || (!faultRun && triaged.unexpectedPasses.length > 0)) process.exitCode = 1;
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
    await target.stop();
  }
}

/** --faults works on every local target; on AWS the proxy would need real credentials re-signed. */
function checkedFaultOptions(spec: string | undefined, seed: string, target: string): { spec: string; seed: number } | undefined {
  if (spec === undefined) return undefined;
  if (target === 'aws') throw usage('--faults needs a local target (embedded, moto, localstack)');
  if (!/^\d+$/.test(seed)) throw usage('--fault-seed must be a non-negative integer');
  try {
    parseFaultSpec(spec);
  } catch (e) {
    if (e instanceof FaultSpecError) throw usage(e.message);
    throw e;
  }
  return { spec, seed: Number(seed) };
}

/** The explicit cap, or one a little above the largest object this run reads (the suites' and --sizes). */
function responseCap(option: string | undefined, sizes: readonly number[]): number {
  if (option === undefined) return responseCapFor(sizes);
  const cap = Number(option);
  if (!Number.isSafeInteger(cap) || cap <= 0) throw usage('--max-response-bytes must be a positive integer');
  const largest = Math.max(...sizes);
  if (cap < largest) process.stderr.write(`s3cse run: --max-response-bytes ${cap} is below the ${largest}-byte objects of --sizes; their reads will be protocol violations\n`);
  return cap;
}

function usage(message: string): Error {
  return Object.assign(new Error(`${message}\nusage: ${RUN_USAGE}`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
}

/** Written under temporary names and renamed: a crash never leaves half a report. */
function writeOutputs(dir: string, report: RunReport, matrixText: string, cells: readonly MatrixCell[]): void {
  mkdirSync(dir, { recursive: true });
  const matrix = { target: report.target, startedAt: report.startedAt, durationMs: report.durationMs, implementations: report.implementations, cells };
  const files: [string, string][] = [
    ['report.json', `${JSON.stringify(report, null, 1)}\n`],
    ['matrix.json', `${JSON.stringify(matrix, null, 1)}\n`],
    ['matrix.md', `# Cross-decryption matrix\n\nTarget: ${report.target}. Started ${report.startedAt}, ${(report.durationMs / 1000).toFixed(1)} s.\n\n\`\`\`\n${matrixText}\`\`\`\n`],
  ];
  for (const [name, text] of files) {
    writeFileSync(join(dir, `${name}.partial`), text);
    renameSync(join(dir, `${name}.partial`), join(dir, name));
  }
  process.stdout.write(`report written to ${join(dir, 'report.json')}, ${join(dir, 'matrix.json')} and ${join(dir, 'matrix.md')}\n`);
}
