/**
 * Secret hygiene: runs every suite with canary keys and proves no key reaches a report or a log.
 *
 *   npx tsx harness/secret-scan.ts [--work DIR] [--keep]
 *
 * For each phase (working canary keys, then AES keys of a wrong length so that failure reports
 * are produced too):
 * 1. Writes canary keys (harness/secret-hygiene/canary-keys.ts) to WORK/secrets/PHASE/keys.json
 *    and points the harness at them with S3CSE_KEYS_FILE; S3CSE_DATA_KEY_LOG makes the embedded
 *    KMS record every data key it hands out or unwraps; S3CSE_CHILD_LOG_DIR keeps what adapters print.
 * 2. Runs `conformance` and `run` (harness/secret-hygiene/harness-runs.ts) with --out
 *    WORK/out/PHASE/RUN, their stdout and stderr captured under WORK/logs/PHASE/.
 * Then scans every file under WORK/out and WORK/logs for every canary key part and data key of
 * every phase, in every form harness/secret-hygiene/scanner.ts knows.
 *
 * Exits 0 when nothing leaked, 1 naming file, secret and form for each leak (or when a run did not
 * end as it should or the canaries demonstrably did not reach it), 2 on bad usage. WORK (a temporary folder unless
 * --work is given) is removed on success unless --keep; after a failure it is kept for inspection.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KEYS_FILE_ENV } from './environment.js';
import { makeCanaryKeys, type CanaryKeys, type Secret } from './secret-hygiene/canary-keys.js';
import { FAILING_RUNS, FULL_RUNS, runHarness, type HarnessRun, type HarnessRunOutcome } from './secret-hygiene/harness-runs.js';
import { describeHits, encodedForms, scanPaths, type ScanResult } from './secret-hygiene/scanner.js';
import { DATA_KEY_LOG_ENV, readDataKeyLog, type LoggedDataKey } from './targets/embedded/data-key-log.js';
import { CHILD_LOG_DIR_ENV } from './targets/process/child-log.js';

/** Runs that share one set of canary keys. */
export interface ScanPhase {
  readonly name: string;
  readonly runs: readonly HarnessRun[];
  /** 32 for working keys; another length for keys every implementation must refuse. */
  readonly aesKeyBytes: number;
}

export const DEFAULT_PHASES: readonly ScanPhase[] = [
  { name: 'canary', runs: FULL_RUNS, aesKeyBytes: 32 },
  { name: 'failing', runs: FAILING_RUNS, aesKeyBytes: 31 },
];

export interface SecretScanReport {
  readonly work: string;
  readonly outcomes: HarnessRunOutcome[];
  readonly dataKeys: LoggedDataKey[];
  readonly secrets: Secret[];
  /** How many of `secrets` are parts of the canary keys; the rest are data keys. */
  readonly canaryParts: number;
  readonly scan: ScanResult;
  /** Why the scan cannot be trusted or did not pass, besides leaks: failed runs, unused canaries. */
  readonly problems: string[];
}

interface PhaseOutcome {
  readonly outcomes: HarnessRunOutcome[];
  readonly canary: CanaryKeys;
  readonly dataKeys: LoggedDataKey[];
  readonly problems: string[];
}

/** The whole scan in one call, so a test can run it on fewer suites. */
export async function secretScan(work: string, phases: readonly ScanPhase[] = DEFAULT_PHASES): Promise<SecretScanReport> {
  const done: PhaseOutcome[] = [];
  for (const phase of phases) done.push(await runPhase(work, phase));
  const dataKeys = done.flatMap((p) => p.dataKeys);
  const canaryParts = done.flatMap((p) => p.canary.secrets);
  const secrets = [...canaryParts, ...dataKeySecrets(dataKeys)];
  const scan = scanPaths([join(work, 'out'), join(work, 'logs')], secrets);
  return { work, outcomes: done.flatMap((p) => p.outcomes), dataKeys, secrets, canaryParts: canaryParts.length, scan, problems: done.flatMap((p) => p.problems) };
}

/** Secrets go to WORK/secrets/PHASE, which is never scanned; outputs and logs to WORK/out and WORK/logs. */
async function runPhase(work: string, phase: ScanPhase): Promise<PhaseOutcome> {
  const secretsDir = join(work, 'secrets', phase.name);
  const logs = join(work, 'logs', phase.name);
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  // A run that dies before writing a report still leaves a folder to scan.
  mkdirSync(join(work, 'out', phase.name), { recursive: true });
  const canary = makeCanaryKeys({ aesKeyBytes: phase.aesKeyBytes });
  const keysFile = join(secretsDir, 'keys.json');
  const dataKeyLog = join(secretsDir, 'data-keys.jsonl');
  writeFileSync(keysFile, `${JSON.stringify(canary.manifest, null, 1)}\n`, { mode: 0o600 });
  const env = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [KEYS_FILE_ENV]: keysFile,
    [DATA_KEY_LOG_ENV]: dataKeyLog,
    [CHILD_LOG_DIR_ENV]: join(logs, 'children'),
  };
  const outcomes = await runHarness(phase.runs, join(work, 'out', phase.name), logs, env);
  const dataKeys = readDataKeyLog(dataKeyLog);
  return { outcomes, canary, dataKeys, problems: problemsWith(outcomes, canary, dataKeys, keysFile) };
}

/** One secret per distinct data key, named by how it was first seen. */
function dataKeySecrets(logged: readonly LoggedDataKey[]): Secret[] {
  const seen = new Map<string, Secret>();
  for (const k of logged) {
    if (!seen.has(k.dataKeyHex)) seen.set(k.dataKeyHex, { name: `data key #${seen.size + 1} (KMS ${k.operation} under ${k.keyId})`, bytes: Buffer.from(k.dataKeyHex, 'hex') });
  }
  return [...seen.values()];
}

/**
 * A clean scan only means something if the runs passed and used the canaries: each run must say
 * it read the canary keys file, and the KMS must have handed out data keys under canary KMS keys
 * (the only place those key ids exist), else the scan would pass without having looked at anything.
 */
function problemsWith(outcomes: readonly HarnessRunOutcome[], canary: CanaryKeys, dataKeys: readonly LoggedDataKey[], keysFile: string): string[] {
  const problems: string[] = [];
  for (const o of outcomes) {
    if (o.exitCode !== o.run.expectExit) problems.push(`${o.run.name} exited ${o.exitCode ?? 'abnormally'}, not ${o.run.expectExit} (see ${o.stdoutLog} and ${o.stderrLog})`);
    if (!readFileSync(o.stderrLog, 'utf8').includes(`keys from ${keysFile}`)) problems.push(`${o.run.name} did not report using the canary keys ${keysFile}`);
  }
  if (!dataKeys.some((k) => canary.kmsKeyIds.some((id) => k.keyId.endsWith(`/${id}`) || k.keyId === id))) {
    problems.push(`the embedded KMS logged no data key under a canary KMS key (runs ${outcomes.map((o) => o.run.name).join(', ')})`);
  }
  return problems;
}

function summary(r: SecretScanReport): string[] {
  const forms = new Set(r.secrets.flatMap(encodedForms).map((n) => n.form));
  return [
    ...r.outcomes.map((o) => `${o.run.name}: exit ${o.exitCode} (expected ${o.run.expectExit}), ${(o.durationMs / 1000).toFixed(1)} s`),
    `scanned ${r.scan.files.length} files (${r.scan.bytes} bytes) under ${r.work}/out and ${r.work}/logs`,
    `for ${r.secrets.length} secrets (${r.canaryParts} canary key parts, ${r.secrets.length - r.canaryParts} KMS data keys) in up to ${forms.size} forms each, as written and with line breaks removed`,
  ];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { work: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const work = values.work ?? mkdtempSync(join(tmpdir(), 's3cse-secret-scan-'));
  const report = await secretScan(work);
  for (const line of summary(report)) process.stdout.write(`${line}\n`);
  for (const line of describeHits(report.scan.hits)) process.stdout.write(`LEAK ${line}\n`);
  for (const p of report.problems) process.stdout.write(`PROBLEM ${p}\n`);
  const clean = report.scan.hits.length === 0 && report.problems.length === 0;
  process.stdout.write(clean ? 'secret hygiene: no key material in any report or log\n' : `secret hygiene: FAILED; the run's files are kept in ${work}\n`);
  if (clean && !values.keep && values.work === undefined) rmSync(work, { recursive: true, force: true });
  return clean ? 0 : 1;
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  // Run directly (not through npm run secret-scan), the SDK would announce Node 22 on its first client.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`secret-scan: ${(e as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
