/**
 * Instructions per byte of the six streaming workloads, raw node:crypto and the reference,
 * counted by valgrind's callgrind: a figure that does not depend on what else the machine does.
 * See bench/README.md ("Instruction counts").
 *
 *   npm run bench:instructions -- [--small-mib 8] [--large-mib 40] [--runs 2] [--jobs 2] [--no-content-length]
 *
 * Each workload runs in its own process (node --predictable --single-threaded, bundled by
 * esbuild: no loader, no concurrent JIT or GC threads), once over SMALL and once over LARGE bytes;
 * the whole-process counts are subtracted, so start-up, module loading and warm-up cancel:
 * instructions per byte = (count(LARGE) - count(SMALL)) / (LARGE - SMALL). Inputs are sealed
 * beforehand, outside the counted processes. With --runs 2 (the default) everything is counted
 * twice and the largest difference between the two runs' ratios is printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { seal, useWrappingKey } from './lib/public-gcm.js';
import { intOption } from './lib/stats.js';
import { asyncViews, MiB, PAIR_NAMES, rawSeal } from './lib/workloads.js';

const SMALL = intOption('small-mib', 8) * MiB;
const LARGE = intOption('large-mib', 40) * MiB;
const RUNS = intOption('runs', 2);
const JOBS = intOption('jobs', 2);
const CHUNKS = [64 * 1024, MiB];
// As in streaming.ts: decryptObject is given the stored length, as getObject passes S3's Content-Length.
const ENV = process.argv.includes('--no-content-length') ? { ...process.env, S3CSE_NO_CONTENT_LENGTH: '1' } : process.env;

interface Job {
  readonly chunk: number;
  readonly index: number;
  readonly side: 'raw' | 'wrapped';
  readonly bytes: number;
}

/** Seals SMALL and LARGE bytes both ways, into `dir`, for the workloads to read. */
async function prepare(dir: string): Promise<void> {
  const block = randomBytes(MiB);
  const wrappingKey = randomBytes(32);
  useWrappingKey(wrappingKey);
  for (const bytes of [SMALL, LARGE]) {
    const raw = rawSeal(block, bytes);
    writeFileSync(join(dir, `raw-${bytes}.bin`), Buffer.concat(raw.chunks));
    writeFileSync(join(dir, `raw-${bytes}.json`), JSON.stringify({ key: raw.key.toString('hex'), iv: raw.iv.toString('hex'), tag: raw.tag.toString('hex') }));
    const sealed = await seal(asyncViews(block, bytes, MiB));
    writeFileSync(join(dir, `sealed-${bytes}.bin`), Buffer.concat(sealed.chunks));
    writeFileSync(join(dir, `sealed-${bytes}.json`), JSON.stringify({ metadata: sealed.metadata, wrappingKey: wrappingKey.toString('hex') }));
  }
}

/** The whole process's instruction count (callgrind's "Collected"). */
function count(bundle: string, dir: string, job: Job): Promise<number> {
  const args = [
    '--tool=callgrind',
    '--callgrind-out-file=/dev/null',
    process.execPath,
    '--predictable',
    '--single-threaded',
    bundle,
    dir,
    String(job.bytes),
    String(job.chunk),
    String(job.index),
    job.side,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'], env: ENV });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const collected = /Collected : (\d+)/.exec(stderr);
      if (code === 0 && collected) resolve(Number(collected[1]));
      else reject(new Error(`valgrind ${args.slice(5).join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}

/** Runs every job, JOBS at a time; returns the counts in job order. */
async function countAll(bundle: string, dir: string, jobs: Job[]): Promise<number[]> {
  const counts: number[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < jobs.length; i = next++) counts[i] = await count(bundle, dir, jobs[i]!);
  };
  await Promise.all(Array.from({ length: JOBS }, worker));
  return counts;
}

function jobList(): Job[] {
  const jobs: Job[] = [];
  for (const chunk of CHUNKS) for (const index of PAIR_NAMES.keys()) for (const side of ['raw', 'wrapped'] as const) for (const bytes of [SMALL, LARGE]) jobs.push({ chunk, index, side, bytes });
  return jobs;
}

/** One run: instructions per byte per workload and side, and raw / wrapped per workload. */
interface Row {
  readonly label: string;
  readonly raw: number;
  readonly wrapped: number;
  readonly ratio: number;
}

async function run(bundle: string, dir: string): Promise<Row[]> {
  const jobs = jobList();
  const counts = await countAll(bundle, dir, jobs);
  const perByte = (i: number) => (counts[i + 1]! - counts[i]!) / (LARGE - SMALL);
  const rows: Row[] = [];
  for (let i = 0; i < jobs.length; i += 4) {
    const { chunk, index } = jobs[i]!;
    const raw = perByte(i);
    const wrapped = perByte(i + 2);
    rows.push({ label: `${chunk === MiB ? '1 MiB' : '64 KiB'} ${PAIR_NAMES[index]}`, raw, wrapped, ratio: raw / wrapped });
  }
  return rows;
}

async function main(): Promise<void> {
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    console.log('bench:instructions: valgrind is not installed (apt-get install valgrind); nothing counted');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 's3cse-instructions-'));
  try {
    const bundle = join(dir, 'workload.mjs');
    await build({
      entryPoints: [new URL('./instructions-workload.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['s3cse-source'],
      outfile: bundle,
      logLevel: 'warning',
    });
    await prepare(dir);
    console.log(
      `node ${process.version}, valgrind callgrind, stored length ${ENV === process.env ? 'given' : 'not given'}, instructions per byte = (count at ${LARGE / MiB} MiB - count at ${SMALL / MiB} MiB) / ${(LARGE - SMALL) / MiB} MiB`,
    );
    const runs: Row[][] = [];
    for (let r = 0; r < RUNS; r++) {
      const rows = await run(bundle, dir);
      runs.push(rows);
      console.log(`\nrun ${r + 1}: ${'workload'.padEnd(46)} ${'raw'.padStart(7)} ${'wrapped'.padStart(8)}  raw/wrapped`);
      for (const row of rows) console.log(`       ${row.label.padEnd(46)} ${row.raw.toFixed(3).padStart(7)} ${row.wrapped.toFixed(3).padStart(8)}  ${row.ratio.toFixed(3)}`);
    }
    if (runs.length > 1) {
      const diffs = runs[0]!.map((row, i) => Math.max(...runs.map((rows) => Math.abs(rows[i]!.ratio / row.ratio - 1))));
      console.log(`\nlargest difference between runs, per ratio: ${diffs.map((d) => `${(d * 100).toFixed(2)} %`).join(', ')}; max ${(Math.max(...diffs) * 100).toFixed(2)} %`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
