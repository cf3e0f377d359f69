/**
 * Load bench (issue 10; not a test, prints figures). See bench/README.md.
 *
 *   npm run bench:load -- [--targets embedded,moto] [--round-trips 10000] [--concurrency 64,128,256]
 *
 * For each target and concurrency: N round trips (PUT, then GET of the same key) through the
 * reference client, cycling through a mix of formats, storage modes and wraps (load-clients.ts),
 * and, as the baseline measured in the same run, N plain S3 round trips of the same sizes. Every
 * body carries its own id and digest (lib/tagged-body.ts): a body read back under another key is
 * counted "mixed up", a cut or corrupt one "corrupt", a missing object "lost". Exit 1 if any of
 * those is non-zero; errors are counted by code and do not fail the bench.
 */
import { Agent } from 'node:http';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isS3EncryptionError } from '@s3cse/reference';
import { kmsClientFor, s3ClientFor } from '../harness/targets/embedded/clients.js';
import { isUnavailable, startTarget, type RunningTarget, type TargetName } from '../harness/targets/index.js';
import { loadClients, type LoadClient } from './load-clients.js';
import { ascending, intOption, percentile } from './lib/stats.js';
import { checkTaggedBody, TAG_BYTES, taggedBody } from './lib/tagged-body.js';

const ROUND_TRIPS = intOption('round-trips', 10_000);
const listOption = (name: string, fallback: string): string[] => {
  const at = process.argv.indexOf(`--${name}`);
  return (at >= 0 ? (process.argv[at + 1] ?? '') : fallback).split(',').filter(Boolean);
};
const TARGETS = listOption('targets', 'embedded,moto') as TargetName[];
const CONCURRENCY = listOption('concurrency', '64,128,256').map(Number);
/** Payload sizes cycled through: empty, one byte, odd, one page, just over 64 KiB. */
const PAYLOADS = [0, 1, 17, 4096, 65_539];
const BUCKET = 'load';

type RoundTrip = (key: string, body: Buffer, index: number) => Promise<Uint8Array>;
interface PhaseResult {
  readonly label: string;
  readonly seconds: number;
  readonly bytes: number;
  readonly latencies: number[];
  readonly counts: Map<string, number>;
}

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function rawRoundTrip(s3: S3Client): RoundTrip {
  return async (key, body) => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    return bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body);
  };
}

function referenceRoundTrip(clients: readonly LoadClient[]): RoundTrip {
  return async (key, body, index) => {
    const { client } = clients[index % clients.length]!;
    await client.putObject({ Bucket: BUCKET, Key: key, Body: body, ContentLength: body.length });
    return bodyBytes((await client.getObject({ Bucket: BUCKET, Key: key })).Body);
  };
}

function outcomeOf(e: unknown): string {
  if (isS3EncryptionError(e)) return /NoSuchKey|NotFound/.test(String(e.cause ?? e.message)) ? 'lost' : `error ${e.code}`;
  const name = e instanceof Error ? e.name : 'thrown';
  return name === 'NoSuchKey' ? 'lost' : `error ${name}`;
}

async function runPhase(label: string, idBase: number, concurrency: number, roundTrip: RoundTrip): Promise<PhaseResult> {
  const counts = new Map<string, number>();
  const latencies: number[] = [];
  const count = (what: string): void => void counts.set(what, (counts.get(what) ?? 0) + 1);
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < ROUND_TRIPS; i = next++) {
      const id = idBase + i;
      const body = taggedBody(id, PAYLOADS[i % PAYLOADS.length]!);
      const started = performance.now();
      try {
        const back = await roundTrip(`${label}/${i}`, body, i);
        latencies.push(performance.now() - started);
        bytes += 2 * body.length;
        count(checkTaggedBody(back, id, body.length));
      } catch (e) {
        count(outcomeOf(e));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { label, seconds: (performance.now() - started) / 1000, bytes, latencies: ascending(latencies), counts };
}

function printPhase(r: PhaseResult, baseline?: PhaseResult): void {
  const ms = (p: number): string => percentile(r.latencies, p).toFixed(1).padStart(7);
  const perSecond = ROUND_TRIPS / r.seconds;
  const ratio = baseline ? `${(perSecond / (ROUND_TRIPS / baseline.seconds)).toFixed(2)}×` : '1.00×';
  const counts = [...r.counts]
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(
    `  ${r.label.padEnd(26)}${perSecond.toFixed(0).padStart(7)}/s ${(r.bytes / 2 ** 20 / r.seconds).toFixed(1).padStart(6)} MiB/s ${ms(50)}${ms(95)}${ms(99)} ms ${ratio.padStart(6)}  ${counts}`,
  );
}

/** True when nothing was lost, mixed up or corrupt. */
async function benchTarget(target: RunningTarget): Promise<boolean> {
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(...CONCURRENCY) });
  const s3 = s3ClientFor(target.s3Endpoint, { requestHandler: { httpAgent: agent } });
  const kms = kmsClientFor(target.kmsEndpoint, { requestHandler: { httpAgent: agent } });
  try {
    await target.ensureBucket(BUCKET);
    const clients = loadClients(s3, kms, await target.createKmsKey());
    console.log(`\n${target.description}: ${ROUND_TRIPS.toLocaleString('en')} round trips per phase; reference mix: ${clients.map((c) => c.label).join(', ')}`);
    console.log(`  ${'phase'.padEnd(26)}${'trips'.padStart(9)} ${'MiB/s'.padStart(12)} ${'p50'.padStart(7)}${'p95'.padStart(7)}${'p99'.padStart(7)}    vs raw  outcomes`);
    let clean = true;
    for (const [n, concurrency] of CONCURRENCY.entries()) {
      const raw = await runPhase(`raw-c${concurrency}`, 2 * n * ROUND_TRIPS, concurrency, rawRoundTrip(s3));
      const ref = await runPhase(`reference-c${concurrency}`, (2 * n + 1) * ROUND_TRIPS, concurrency, referenceRoundTrip(clients));
      printPhase(raw);
      printPhase(ref, raw);
      for (const r of [raw, ref]) clean &&= !['lost', 'mixed-up', 'corrupt'].some((bad) => r.counts.has(bad));
    }
    return clean;
  } finally {
    s3.destroy();
    kms.destroy();
    agent.destroy();
  }
}

async function main(): Promise<number> {
  console.log(`s3cse load bench: payloads ${PAYLOADS.join(', ')} B (+${TAG_BYTES} B id and digest), concurrency ${CONCURRENCY.join(', ')}`);
  let clean = true;
  for (const name of TARGETS) {
    const target = await startTarget(name, { log: (line) => console.error(`  [${name}] ${line}`) });
    if (isUnavailable(target)) {
      console.log(`\n${name}: skipped (${target.reason})`);
      continue;
    }
    try {
      clean &&= await benchTarget(target);
    } finally {
      await target.stop();
    }
  }
  console.log(`\nnothing lost, mixed up or corrupt: ${clean ? 'yes' : 'NO'}`);
  return clean ? 0 : 1;
}

process.exitCode = await main();
