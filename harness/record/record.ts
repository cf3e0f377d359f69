/**
 * `s3cse vectors record`: writes objects through each adapter on the embedded target and commits
 * what landed in S3 as decrypt cases, one file per producer:
 *
 *   await recordVectors({ impls: ['java-v1', 'reference'], out: 'vectors/corpus' });
 *   // vectors/corpus/recorded/java-v1/cases.json, vectors/corpus/recorded/reference/cases.json
 *
 * An object a client fails to write is reported and skipped; an adapter that does not start is
 * reported and its file left as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_ROOT } from '../../vectors/corpus.js';
import type { DecryptCaseData, Producer } from '../../vectors/corpus-types.js';
import { adapterKeys } from '../adapter-keys.js';
import { loadKeysManifest } from '../environment.js';
import { CallFailure } from '../supervisor/call-failure.js';
import { findAdapter, listAdapters } from '../supervisor/manifest.js';
import { UsageError, didYouMean } from '../targets/usage-error.js';
import { AdapterSession } from '../supervisor/session.js';
import { startEmbeddedRunningTarget, type RunningEmbeddedTarget } from '../targets/embedded/target.js';
import { captureObject, type CaptureContext, type RecordedObject } from './capture.js';
import { caseFor } from './case-data.js';
import { storeBody, writeCaseFile } from './case-file.js';
import { RECORDED_NOTES } from './notes.js';
import { planJobs, type RecordJob, type SkippedJob } from './plan.js';

export const KEY_NAMES = { aes: 'aes-256-a', rsa: 'rsa-2048-a', kms: 'kms-a' } as const;
const BUCKET = 's3cse-record';

/** The part of an adapter session the recorder uses (tests wrap a real one to make calls fail). */
export type RecordingSession = Pick<AdapterSession, 'capabilities' | 'putWith' | 'close'>;

export type OpenSession = (impl: string, target: RunningEmbeddedTarget, keys: CaptureContext['keys']) => Promise<RecordingSession>;

export interface RecordOptions {
  readonly impls: readonly string[];
  /** The corpus root; files go to <out>/recorded/<impl>/ (default: vectors/corpus). */
  readonly out?: string;
  /** Only the jobs this accepts (tests record a few combinations). */
  readonly only?: (job: RecordJob) => boolean;
  readonly openSession?: OpenSession;
  readonly log?: (line: string) => void;
}

export interface ProducerSummary {
  readonly impl: string;
  readonly cases: number;
  readonly failed: readonly SkippedJob[];
  readonly skipped: readonly SkippedJob[];
  readonly file?: string;
  readonly durationMs: number;
  /** Why nothing was recorded at all (the adapter did not start). */
  readonly unavailable?: string;
}

/** Unknown names fail before a target or adapter starts (a typo costs nothing). */
export function checkRecordImpls(impls: readonly string[]): void {
  if (impls.length === 0) throw new UsageError('--impl: name at least one implementation');
  const known = listAdapters();
  for (const name of impls) if (!known.includes(name)) throw new UsageError(`--impl: no adapter named ${name}${didYouMean(name, known)} (known: ${known.join(', ')})`);
}

export async function recordVectors(options: RecordOptions): Promise<ProducerSummary[]> {
  if (!options.openSession) checkRecordImpls(options.impls);
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const target = await startEmbeddedRunningTarget();
  try {
    await target.ensureBucket(BUCKET);
    const keys = await adapterKeys(target, KEY_NAMES);
    const summaries: ProducerSummary[] = [];
    for (const impl of options.impls) summaries.push(await recordProducer(impl, target, keys, options, log));
    return summaries;
  } finally {
    await target.stop();
  }
}

async function defaultSession(impl: string, target: RunningEmbeddedTarget, keys: CaptureContext['keys']): Promise<RecordingSession> {
  return AdapterSession.open(findAdapter(impl), { env: target.childEnv(), keys, log: (l) => void process.stderr.write(`${l}\n`) });
}

async function recordProducer(impl: string, target: RunningEmbeddedTarget, keys: CaptureContext['keys'], options: RecordOptions, log: (line: string) => void): Promise<ProducerSummary> {
  const t0 = Date.now();
  let session: RecordingSession;
  try {
    session = await (options.openSession ?? defaultSession)(impl, target, keys);
  } catch (e) {
    log(`${impl}: unavailable: ${(e as Error).message}`);
    return { impl, cases: 0, failed: [], skipped: [], durationMs: Date.now() - t0, unavailable: (e as Error).message };
  }
  try {
    const caps = session.capabilities;
    const planned = planJobs(impl, caps.write, caps.features);
    const jobs = planned.jobs.filter(options.only ?? (() => true));
    const dir = join(options.out ?? CORPUS_ROOT, 'recorded', impl);
    const ctx: CaptureContext = { session, target, bucket: BUCKET, keys, kmsKeyId: kmsKeyIdOf() };
    const producer = producerOf(impl, caps.implementation);
    const { cases, failed } = await recordJobs(ctx, jobs, producer, dir, log);
    const file = cases.length > 0 ? writeCaseFile(dir, { specCommit: specCommit(), generator: `s3cse vectors record --impl ${impl}`, notes: RECORDED_NOTES }, cases) : undefined;
    return { impl, cases: cases.length, failed, skipped: planned.skipped, durationMs: Date.now() - t0, ...(file ? { file } : {}) };
  } finally {
    await session.close();
  }
}

async function recordJobs(ctx: CaptureContext, jobs: readonly RecordJob[], producer: Producer, dir: string, log: (line: string) => void) {
  const cases: DecryptCaseData[] = [];
  const failed: SkippedJob[] = [];
  for (const job of jobs) {
    try {
      const object = await captureWithRetry(ctx, job, log);
      cases.push(caseFor(job, object, KEY_NAMES[job.key], producer, (bytes) => storeBody(dir, bytes)));
    } catch (e) {
      const reason = ((e as Error).message ?? String(e)).split('\n', 1)[0] ?? '';
      failed.push({ id: job.id, reason });
      log(`${job.id}: not recorded: ${reason}`);
    }
  }
  return { cases, failed };
}

/**
 * An errored write (a stall, a crash) or one refused because S3 or KMS failed is tried once more:
 * S3EC for Java 3.5.0 and 4.0.1 stall on about one zero-byte PUT in 20
 * (harness/known-issues.json). Any other refusal is the client's answer, and final.
 */
async function captureWithRetry(ctx: CaptureContext, job: RecordJob, log: (line: string) => void): Promise<RecordedObject> {
  try {
    return await captureObject(ctx, job);
  } catch (e) {
    const transient = e instanceof CallFailure && (e.kind === 'errored' || e.category === 'service');
    if (!transient) throw e;
    log(`${job.id}: ${e.message.split('\n', 1)[0] ?? ''}; trying once more`);
    return captureObject(ctx, job);
  }
}

function producerOf(impl: string, implementation: AdapterSession['capabilities']['implementation']): Producer {
  return { implementation: impl, library: implementation.library ?? implementation.name, version: implementation.version, language: implementation.language };
}

function kmsKeyIdOf(): string {
  const k = loadKeysManifest().keys[KEY_NAMES.kms];
  if (k?.type !== 'kms') throw new Error(`the keys file has no KMS key ${KEY_NAMES.kms}`);
  return k.keyId;
}

/** The specification commit suites/requirements.json pins: the requirement ids refer to it. */
function specCommit(): string {
  const file = new URL('../../suites/requirements.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { source: { commit: string } }).source.commit;
}

/** One line per producer, for the end of the command's output. */
export function renderSummary(summaries: readonly ProducerSummary[]): string {
  const lines = summaries.map((s) => {
    if (s.unavailable) return `${s.impl.padEnd(20)} unavailable: ${s.unavailable.split('\n', 1)[0]}`;
    return `${s.impl.padEnd(20)} ${String(s.cases).padStart(4)} cases, ${s.failed.length} not written, ${s.skipped.length} skipped, ${(s.durationMs / 1000).toFixed(1)} s${s.file ? `  ${s.file}` : ''}`;
  });
  const total = summaries.reduce((n, s) => n + s.cases, 0);
  const why = summaries.flatMap((s) => [...s.failed.map((f) => `not written: ${f.id}: ${f.reason}`), ...s.skipped.map((f) => `skipped: ${f.id}: ${f.reason}`)]);
  return `${[...why, ...lines].join('\n')}\n${'total'.padEnd(20)} ${String(total).padStart(4)} cases\n`;
}
