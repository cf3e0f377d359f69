/**
 * The harness runs the secret-hygiene scan looks at: each one is `node bin/s3cse.js …` in a child
 * process, with stdout and stderr captured to their own log files, as CI would capture them.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HarnessRun {
  /** Names the log files: `<name>.stdout.log`, `<name>.stderr.log`. */
  readonly name: string;
  /** Arguments to bin/s3cse.js; `{out}` is replaced by this run's output folder. */
  readonly args: readonly string[];
  /** 0 for a run that must pass; 1 for one meant to fail, so that failure reports get scanned too. */
  readonly expectExit: 0 | 1;
}

export interface HarnessRunOutcome {
  readonly run: HarnessRun;
  readonly exitCode: number | null;
  readonly stdoutLog: string;
  readonly stderrLog: string;
  readonly durationMs: number;
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'bin', 's3cse.js');

/**
 * Every suite that runs on the scan's keys, and every report form: the summary table, the per-case lines (--verbose),
 * requirement coverage and report.json from `conformance`; from `run` the summary table, both
 * matrices on stdout, report.json, matrix.json and matrix.md, with protocol validation on so its
 * messages are exercised too.
 */
export const FULL_RUNS: readonly HarnessRun[] = [
  // The recorded and negative suites decrypt objects the clients wrote with the published keys of
  // vectors/keys/keys.json; under canary keys they cannot decrypt, and they hold no secret to find.
  { name: 'conformance', args: ['conformance', '--suite', 'known-answers,roundtrip,tamper', '--verbose', '--out', '{out}'], expectExit: 0 },
  {
    name: 'cross',
    args: ['run', '--suite', 'cross,range,known-answers,roundtrip,tamper', '--impl', 'reference', '--target', 'embedded', '--validate-protocol', '--verbose', '--out', '{out}'],
    expectExit: 0,
  },
];

/**
 * Failure reports are where key material tends to slip out (an error message quoting the key it
 * refused). Run with AES keys of a wrong length, these fail every AES case, in process and through
 * the adapter, so failure details, adapter error messages and failing summary rows get scanned.
 */
export const FAILING_RUNS: readonly HarnessRun[] = [
  { name: 'conformance-failing', args: ['conformance', '--suite', 'roundtrip', '--verbose', '--out', '{out}'], expectExit: 1 },
  { name: 'cross-failing', args: ['run', '--suite', 'cross', '--sizes', '0', '--impl', 'reference', '--target', 'embedded', '--verbose', '--out', '{out}'], expectExit: 1 },
];

/** Runs one after the other (the machines are small) and never throws for a failing run. */
export async function runHarness(runs: readonly HarnessRun[], outRoot: string, logDir: string, env: NodeJS.ProcessEnv): Promise<HarnessRunOutcome[]> {
  mkdirSync(logDir, { recursive: true });
  const outcomes: HarnessRunOutcome[] = [];
  for (const run of runs) outcomes.push(await runOne(run, join(outRoot, run.name), logDir, env));
  return outcomes;
}

async function runOne(run: HarnessRun, out: string, logDir: string, env: NodeJS.ProcessEnv): Promise<HarnessRunOutcome> {
  const stdoutLog = join(logDir, `${run.name}.stdout.log`);
  const stderrLog = join(logDir, `${run.name}.stderr.log`);
  const args = run.args.map((a) => a.replace('{out}', out));
  const started = Date.now();
  // Under c8 (npm test) the child would write coverage for sources it transpiles its own way, which
  // does not line up with the parent's; an empty NODE_V8_COVERAGE turns it off for the child.
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { ...env, NODE_V8_COVERAGE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = createWriteStream(stdoutLog);
  const stderr = createWriteStream(stderrLog);
  child.stdout.pipe(stdout);
  child.stderr.pipe(stderr);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (code) => resolve(code));
  });
  await Promise.all([stdout, stderr].map((s) => new Promise<void>((resolve) => (s.writableFinished ? resolve() : s.once('finish', () => resolve())))));
  return { run, exitCode, stdoutLog, stderrLog, durationMs: Date.now() - started };
}
