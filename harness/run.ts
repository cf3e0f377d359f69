/**
 * `s3cse run`: drives implementations through their adapters over a chosen S3 + KMS target.
 *
 *   runMatrix({ suites: ['cross'], impls: ['reference', 'java-v1'], target: 'embedded', out: DIR })
 *
 * Prints the writer × reader matrix, writes report.json and matrix.md to `out`, and returns 1 on
 * any failure or errored case, else 0. Impossible options throw a UsageError before anything
 * starts. A target that cannot run here is skipped with one line (0, nothing asserted) unless
 * `requireTarget` is set.
 */
import { RANGE_SUITE } from '../suites/cross/ranges.js';
import { runRangesCounted } from './run-ranges.js';
import { CROSS_SUITE, runCrossSuite } from '../suites/cross/run.js';
import type { CaseResult } from '../suites/run.js';
import { adapterKeys } from './adapter-keys.js';
import { announceKeysFile } from './environment.js';
import { triage } from './known-issues.js';
import { openParticipant } from './run-implementations.js';
import { errorKindOf } from './supervisor/call-failure.js';
import type { AdapterSession } from './supervisor/session.js';
import { runSuitesThroughAdapters } from './run-suites.js';
import { buildReport, publish } from './run-outputs.js';
import { RunObserver } from './run-observer.js';
import { startTarget } from './targets/index.js';
import { faultRunGating, startFaultRun, type FaultRun } from './fault-run.js';
import { inShard } from '../suites/shard.js';
import { isUnavailable, replaysKms, type RunningTarget } from './targets/target.js';
import { checkedPlan, type MatrixRunOptions, type RunPlan } from './run-plan.js';

export { CORPUS_SUITE, RUN_SUITES, RUN_TARGETS, type MatrixRunOptions } from './run-plan.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

export async function runMatrix(options: MatrixRunOptions = {}): Promise<number> {
  const plan = checkedPlan(options);
  announceKeysFile(log);
  const started = await startTarget(plan.target, {
    log,
    ...(plan.targetPort === undefined ? {} : { embeddedPort: plan.targetPort }),
    aws: {
      ...(options.bucket ? { bucket: options.bucket } : {}),
      ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    },
    ...(options.localstackImage ? { localstackImage: options.localstackImage } : {}),
  });
  if (isUnavailable(started)) {
    process.stdout.write(`target ${started.name} skipped: ${started.reason}\n`);
    return options.requireTarget ? 1 : 0;
  }
  const { target, run: faultRun } = plan.faults ? await startFaultRun(started, plan.faults.spec, plan.faults.seed) : { target: started, run: undefined };
  const sessions: AdapterSession[] = [];
  try {
    return await runOn(target, sessions, plan, options, faultRun);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
    await target.stop();
  }
}

async function runOn(target: RunningTarget, sessions: AdapterSession[], plan: RunPlan, options: MatrixRunOptions, faultRun: FaultRun | undefined): Promise<number> {
  const started = Date.now();
  const bucket = options.bucket ?? 's3cse-cross';
  await target.ensureBucket(bucket);
  const results = await openSessions(target, sessions, plan, options.validateProtocol ?? false);
  const observer = new RunObserver(sessions, {
    out: options.out,
    target: target.description,
    suites: plan.suites,
    bridged: plan.bridged,
    sizes: plan.sizes,
    knownIssues: plan.knownIssues,
    repeat: options.repeat ?? 1,
    ...(plan.shard ? { shard: plan.shard } : {}),
    ...(options.peers ? { peers: options.peers } : {}),
  });
  for (const r of results) observer.observe(r);
  const onResult = (r: CaseResult): void => {
    faultRun?.observe(r);
    observer.observe(r);
    if (options.verbose && r.status !== 'not-applicable')
      process.stdout.write(`${r.status.padEnd(8)} ${r.id} (${r.durationMs} ms)${r.errorKind ? ` [${r.errorKind}]` : ''}${r.detail && r.status !== 'pass' ? ` ${r.detail}` : ''}\n`);
  };
  if (plan.suites.includes(CROSS_SUITE)) results.push(...(await runCrossSuite({ implementations: sessions, bucket, sizes: plan.sizes, onResult, ...(plan.shard ? { shard: plan.shard } : {}) })));
  if (plan.suites.includes(RANGE_SUITE)) results.push(...(await runRangesCounted(target, { implementations: sessions, bucket, onResult, ...(plan.shard ? { shard: plan.shard } : {}) }, options.out)));
  if (plan.bridged.length > 0) {
    // checkedPlan allowed bridged suites on the embedded target only, which replays KMS answers.
    if (!replaysKms(target)) throw new Error(`${target.description} cannot replay KMS answers`);
    for (const outcome of await runSuitesThroughAdapters(plan.bridged, sessions, target, bucket, (_impl, r) => onResult(r), {
      shard: plan.shard,
      jobs: options.jobs ?? 1,
      repeat: options.repeat ?? 1,
    }))
      results.push(...outcome.results);
  }
  const triaged = triage(faultRun ? faultRun.annotate(results) : results, plan.knownIssues);
  const record = { sessions, targetDescription: target.description, started, results: triaged.results, suiteNames: plan.suites };
  publish(record, buildReport(record), options.out, faultRun?.summary(triaged.results));
  for (const r of triaged.unexpectedPasses) process.stdout.write(`UNEXPECTED PASS ${r.id}: a known issue expected it to fail; update ${options.knownIssues ?? 'harness/known-issues.json'}\n`);
  const gating = faultRun ? faultRunGating(triaged.results) : triaged.gating;
  const status = gating.length > 0 || (!faultRun && triaged.unexpectedPasses.length > 0) ? 1 : 0;
  observer.finish({ exitStatus: status, gating: gating.length });
  if (observer.stream) process.stdout.write(`streamed report: ${observer.stream.path}\n`);
  return status;
}

/** An adapter that cannot build or start is one errored result; the others still run. */
async function openSessions(target: RunningTarget, sessions: AdapterSession[], plan: RunPlan, validateProtocol: boolean): Promise<CaseResult[]> {
  const keys = await adapterKeys(target);
  const results: CaseResult[] = [];
  for (const participant of plan.participants) {
    const t0 = Date.now();
    const name = participant.id;
    if (participant.kind === 'server') log(`${name}: ${participant.url} must have been started with ${serverEnvLine(target)} (PROTOCOL.md, "A server you started")`);
    try {
      const emrfsEnv = plan.emrfsConfig && name === 'reference' ? { S3CSE_EMRFS_CONFIG: plan.emrfsConfig } : {};
      const session = await openParticipant(participant, { env: { ...target.childEnv(), ...emrfsEnv }, keys, validateProtocol, maxResponseBytes: plan.maxResponseBytes, log });
      sessions.push(session);
      log(`${name}: ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${session.info.name} ${session.info.version})`);
    } catch (e) {
      const reason = (e as Error).message;
      log(`${name}: unavailable: ${reason}`);
      // A handshake that broke the protocol says how (a truncated /capabilities, say); anything else did not start.
      const kind = errorKindOf(e);
      const errorKind = kind === 'harness' ? 'did-not-start' : kind;
      // One shard reports it, so merged shards hold it once.
      if (!inShard(`start/${name}`, plan.shard)) continue;
      results.push({
        suite: CROSS_SUITE,
        id: `cross/${name}/start`,
        status: 'errored',
        expected: 'adapter ready',
        actual: 'did not start',
        detail: reason,
        errorKind,
        requirements: [],
        durationMs: Date.now() - t0,
      });
    }
  }
  return results;
}

/** The environment a pre-started server needs to reach this run's target. */
function serverEnvLine(target: RunningTarget): string {
  return Object.entries(target.childEnv())
    .filter(([k]) => k.startsWith('AWS_ENDPOINT_URL') || k === 'AWS_REGION')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
