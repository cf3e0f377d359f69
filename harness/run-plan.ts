/**
 * What `s3cse run` was asked, and the plan checked from it before any target or adapter starts:
 * suites, target, participants, sizes, known issues, shard, faults. A mistake is a UsageError
 * here, so a typo costs nothing (run.ts runs the plan).
 */
import { RANGE_SUITE } from '../suites/cross/ranges.js';
import { CROSS_SUITE, DEFAULT_SIZES } from '../suites/cross/run.js';
import type { Shard } from '../suites/shard.js';
import { loadEmrfsProfile } from '../emrfs/index.js';
import { KnownIssuesFileError, loadKnownIssues, type KnownIssue } from './known-issues.js';
import { resolveParticipants, serverTargetPort, type Participant } from './run-implementations.js';
import { checkedFaultOptions, parseShard, responseCap } from './run-options.js';
import { BRIDGED_SUITES } from './run-suites.js';
import { TARGET_NAMES, type TargetName } from './targets/target.js';
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

export interface RunPlan {
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

/** Every option checked before a target or adapter starts, so a typo costs nothing. */
export function checkedPlan(options: MatrixRunOptions): RunPlan {
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
