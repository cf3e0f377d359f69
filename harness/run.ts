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
import { CROSS_SUITE, DEFAULT_SIZES, runCrossSuite } from '../suites/cross/run.js';
import type { CaseResult } from '../suites/run.js';
import { loadEmrfsProfile } from '../emrfs/index.js';
import { adapterKeys } from './adapter-keys.js';
import { announceKeysFile } from './environment.js';
import { KnownIssuesFileError, loadKnownIssues, triage, type KnownIssue } from './known-issues.js';
import { openParticipant, resolveParticipants, serverTargetPort, type Participant } from './run-implementations.js';
import { errorKindOf } from './supervisor/call-failure.js';
import type { AdapterSession } from './supervisor/session.js';
import { BRIDGED_SUITES, runSuitesThroughAdapters } from './run-suites.js';
import { buildReport, publish } from './run-outputs.js';
import { RunObserver } from './run-observer.js';
import { startTarget } from './targets/index.js';
import { faultRunGating, startFaultRun, type FaultRun } from './fault-run.js';
import { checkedFaultOptions, parseShard, responseCap } from './run-options.js';
import { inShard, type Shard } from '../suites/shard.js';
import { isUnavailable, replaysKms, TARGET_NAMES, type RunningTarget, type TargetName } from './targets/target.js';
import { UsageError, didYouMean } from './targets/usage-error.js';

/** `corpus` names every suite of the corpus at once (vectors/corpus: known answers, recorded, negative, round trips). */
export const CORPUS_SUITE = 'corpus';
export const RUN_SUITES: readonly string[] = [CROSS_SUITE, RANGE_SUITE, CORPUS_SUITE, ...BRIDGED_SUITES];
export const RUN_TARGETS: readonly string[] = TARGET_NAMES;

export interface MatrixRunOptions {
  readonly suites?: readonly string[];
  /** Bundled adapter names, or paths to a folder holding adapter.json or to a manifest file. */
  readonly impls?: readonly string[];
  /** A server already running (not started by the harness), and its claims document. */
  readonly server?: string;
  readonly claims?: string;
  /** The embedded target's fixed port (with --server: what the server was started against). */
  readonly targetPort?: number;
  /** The implementer's own expected failures, on top of harness/known-issues.json. */
  readonly knownIssues?: string;
  /** Implementations that only stand by (the reference in `certify`): marked as peers in the report. */
  readonly peers?: readonly string[];
  /** `I/N`: only this shard's units (suites/shard.ts); `s3cse report merge` joins the shards. */
  readonly shard?: string | Shard;
  readonly target?: string;
  readonly out?: string;
  readonly sizes?: readonly number[];
  readonly maxResponseBytes?: number;
  /** AWS target only. */
  readonly bucket?: string;
  readonly kmsKeyId?: string;
  readonly region?: string;
  /** The aws target only: an S3-compatible endpoint (with KMS) instead of AWS's. */
  readonly endpointUrl?: string;
  /** The localstack target only: the container image. */
  readonly localstackImage?: string;
  readonly emrfsConfig?: string;
  readonly faults?: string;
  readonly faultSeed?: number;
  readonly validateProtocol?: boolean;
  readonly requireTarget?: boolean;
  readonly verbose?: boolean;
  /** Corpus cases in flight at once, across the adapters (run-suites.ts); default 1. */
  readonly jobs?: number;
  /** Every corpus case this many times, with distinct ids (scaling measurements); default 1. */
  readonly repeat?: number;
}

interface RunPlan {
  readonly suites: readonly string[];
  readonly bridged: readonly string[];
  readonly participants: readonly Participant[];
  readonly knownIssues: readonly KnownIssue[];
  readonly targetPort: number | undefined;
  readonly shard: Shard | undefined;
  readonly target: TargetName;
  readonly sizes: readonly number[];
  readonly maxResponseBytes: number;
  readonly emrfsConfig: string | undefined;
  readonly faults: { spec: string; seed: number } | undefined;
}

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

/** Every option checked before a target or adapter starts, so a typo costs nothing. */
function checkedPlan(options: MatrixRunOptions): RunPlan {
  const given = options.suites ?? [CROSS_SUITE];
  const suites = [...new Set(given.flatMap((n) => (n === CORPUS_SUITE ? BRIDGED_SUITES : [n])))];
  const unknown = suites.filter((n) => !RUN_SUITES.includes(n));
  if (unknown.length > 0 || given.length === 0)
    throw new UsageError(`--suite: unknown suite ${unknown.join(',') || '(none)'}${didYouMean(unknown[0] ?? '', RUN_SUITES)}; s3cse run knows: ${RUN_SUITES.join(', ')}`);
  const target = options.target ?? 'embedded';
  if (!(TARGET_NAMES as readonly string[]).includes(target)) throw new UsageError(`--target: unknown target ${target}${didYouMean(target, TARGET_NAMES)}; known: ${TARGET_NAMES.join(', ')}`);
  const bridged = suites.filter((n) => n !== CROSS_SUITE && n !== RANGE_SUITE);
  if (bridged.length > 0 && target !== 'embedded') throw new UsageError(`${bridged.join(', ')} replay recorded KMS answers, which only the embedded target can: use --target embedded`);
  const impls = options.impls ?? (options.server === undefined ? ['reference'] : []);
  const participants = resolveParticipants(impls, options.server, options.claims);
  if (options.server !== undefined && target !== 'embedded' && target !== 'aws')
    throw new UsageError(`--server: the server was started against fixed endpoints, which only --target embedded (on --target-port) or aws can offer, not ${target}`);
  if (options.targetPort !== undefined && target !== 'embedded') throw new UsageError('--target-port is for --target embedded');
  const sizes = options.sizes ?? DEFAULT_SIZES;
  if (sizes.length === 0 || sizes.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new UsageError('--sizes must be non-negative integers');
  // The reference adapter builds its clients from this EMRFS configuration; checked here so a bad file fails the command, not every case.
  const emrfsConfig = options.emrfsConfig === undefined ? undefined : loadEmrfsProfile(options.emrfsConfig).site.file;
  if (emrfsConfig && !impls.includes('reference')) throw new UsageError('--emrfs-config configures the reference implementation: add reference to --impl');
  return {
    suites,
    bridged,
    target: target as TargetName,
    sizes,
    emrfsConfig,
    participants,
    shard: parseShard(options.shard),
    knownIssues: knownIssuesFor(options.knownIssues),
    targetPort: target === 'embedded' ? serverTargetPort(participants, options.targetPort) : undefined,
    maxResponseBytes: responseCap(options.maxResponseBytes, sizes),
    faults: checkedFaultOptions(options.faults, options.faultSeed ?? 1, target),
  };
}

/** The bundled known issues, and the implementer's own file on top (schema-checked). */
function knownIssuesFor(file: string | undefined): KnownIssue[] {
  try {
    return [...loadKnownIssues(), ...(file === undefined ? [] : loadKnownIssues(file))];
  } catch (e) {
    if (e instanceof KnownIssuesFileError) throw new UsageError(`--known-issues: ${e.message}`);
    throw e;
  }
}

/** The environment a pre-started server needs to reach this run's target. */
function serverEnvLine(target: RunningTarget): string {
  return Object.entries(target.childEnv())
    .filter(([k]) => k.startsWith('AWS_ENDPOINT_URL') || k === 'AWS_REGION')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
