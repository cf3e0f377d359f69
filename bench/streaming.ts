/**
 * Streaming content-encryption benchmark (not a test; prints figures). See bench/README.md.
 *
 *   npx tsx bench/streaming.ts [--size-gib 1] [--buffered-mib 256] [--memory-gib 2] [--roundtrip-gib 3]
 *                              [--rounds 7] [--warmup 1] [--sections 1,2,3] [--no-content-length]
 *
 * Runs the memory and round-trip sections first, in a fresh process, so that the large buffers
 * the throughput section allocates do not inflate their RSS figures.
 */
import { createHash, randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { interleave } from './lib/interleave.js';
import { decryptStreaming, seal, sealStream } from './lib/public-gcm.js';
import { formatSpread, intOption } from './lib/stats.js';
import { asyncViews, MiB, pairs, rawSeal, type PairInputs } from './lib/workloads.js';

const GiB = 1024 * MiB;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!(value > 0)) throw new Error(`--${name} needs a positive number`);
  return value;
}
const SIZE = Math.round(option('size-gib', 1) * GiB);
const BUFFERED = Math.round(option('buffered-mib', 256) * MiB);
const MEMORY = Math.round(option('memory-gib', 2) * GiB);
const ROUNDTRIP = Math.round(option('roundtrip-gib', 3) * GiB);
const ROUNDS = intOption('rounds', 7);
const WARMUP = intOption('warmup', 1);

const block = randomBytes(MiB);
const mibPerSecond = (bytes: number, ms: number): number => bytes / MiB / (ms / 1000);
const fmt = (n: number, digits = 0): string => n.toFixed(digits).padStart(7);

/** Samples RSS every 50 ms; the sources below yield to the event loop once per chunk so it can run. */
function rssSampler(): { stop: () => number } {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss) - baseline;
    },
  };
}

/** Plaintext for the piped runs: the random block with the chunk index in its first 8 bytes, odd sizes. */
async function* numberedSource(total: number, onChunk: (chunk: Buffer) => void): AsyncGenerator<Buffer> {
  let index = 0;
  for (let at = 0; at < total; index++) {
    const length = Math.min(MiB - (index % 17), total - at);
    const chunk = Buffer.from(block.subarray(0, length));
    chunk.writeBigUInt64BE(BigInt(index), 0);
    onChunk(chunk);
    at += length;
    yield chunk;
    await nextTurn(); // a stand-in for network I/O: lets timers (the RSS sampler) run
  }
}

/** encrypt -> delayed-auth decrypt, piped with no storage in between. */
async function pipedRoundTrip(total: number): Promise<{ ms: number; rssGrowth: number; inHash: string; outHash: string; outBytes: number }> {
  const inHash = createHash('sha256');
  const outHash = createHash('sha256');
  let outBytes = 0;
  const sampler = rssSampler();
  const start = performance.now();
  const { metadata, body } = await sealStream(numberedSource(total, (c) => inHash.update(c)));
  const plaintext = await decryptStreaming(body, metadata);
  for await (const part of plaintext) {
    outHash.update(part);
    outBytes += part.length;
  }
  const ms = performance.now() - start;
  return { ms, rssGrowth: sampler.stop(), inHash: inHash.digest('hex'), outHash: outHash.digest('hex'), outBytes };
}

async function memorySection(): Promise<void> {
  console.log(`\n[2] Memory: streaming encrypt piped into delayed-auth decrypt of ${MEMORY / GiB} GiB, RSS sampled every 50 ms`);
  const r = await pipedRoundTrip(MEMORY);
  const ok = r.inHash === r.outHash && r.outBytes === MEMORY;
  console.log(`    peak RSS growth over baseline: ${fmt(r.rssGrowth / MiB, 1)} MiB (goal < 128 MiB: ${r.rssGrowth < 128 * MiB ? 'met' : 'NOT met'}); output ${ok ? 'matches' : 'DIFFERS'}`);
}

async function roundTripSection(): Promise<void> {
  console.log(`\n[3] Round trip: ${ROUNDTRIP / GiB} GiB encrypt -> decrypt (delayed auth), piped, SHA-256 in vs out`);
  const r = await pipedRoundTrip(ROUNDTRIP);
  const ok = r.inHash === r.outHash && r.outBytes === ROUNDTRIP;
  console.log(`    sha256 in  ${r.inHash}\n    sha256 out ${r.outHash}`);
  console.log(`    ${(r.ms / 1000).toFixed(1)} s (${fmt(mibPerSecond(ROUNDTRIP, r.ms))} MiB/s through both ciphers), peak RSS growth ${(r.rssGrowth / MiB).toFixed(1)} MiB: ${ok ? 'OK' : 'FAIL'}`);
  if (!ok) process.exitCode = 1;
}

async function throughputSection(): Promise<void> {
  console.log(`\n[1] Throughput: ${ROUNDS} rounds after ${WARMUP} warm-up, raw and wrapped alternating; ratio = raw time / wrapped time per round, median (IQR, range), from wall and from CPU time`);
  const inputs: PairInputs = {
    block,
    total: SIZE,
    raw: rawSeal(block, SIZE),
    // The reference's own ciphertext of the same bytes, under its own data key and IV.
    sealed: await seal(asyncViews(block, SIZE, MiB)),
    bufferedTotal: BUFFERED,
    bufferedRaw: rawSeal(block, BUFFERED),
    bufferedSealed: await seal(asyncViews(block, BUFFERED, MiB)),
    announceLength: !process.argv.includes('--no-content-length'),
  };
  console.log(`    decryptObject ${inputs.announceLength ? 'is given' : 'is not given'} the stored length (getObject passes S3's Content-Length; --no-content-length)`);
  console.log(`    ${''.padEnd(6)} ${'path'.padEnd(54)} ${'raw MiB/s'.padStart(9)} ${'wrapped'.padStart(9)}   ratio (wall time)                       ratio (CPU time)`);
  for (const chunk of [64 * 1024, MiB]) {
    const label = chunk === MiB ? '1 MiB' : '64 KiB';
    for (const pair of pairs(chunk, inputs)) {
      const c = await interleave(pair.raw, pair.wrapped, pair.output, ROUNDS, WARMUP);
      const name = `${pair.name} (${pair.bytes / MiB} MiB)`;
      console.log(
        `    ${label.padEnd(6)} ${name.padEnd(54)} ${fmt(mibPerSecond(pair.bytes, c.rawMs.median)).padStart(9)} ${fmt(mibPerSecond(pair.bytes, c.wrappedMs.median)).padStart(9)}   ${formatSpread(c.ratio).padEnd(40)}${formatSpread(c.cpuRatio)}`,
      );
    }
  }
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}, AES-256-GCM, random 1 MiB block repeated`);
// Each update() returns a fresh output buffer; at 1 MiB glibc serves those with mmap, so both raw and
// wrapped runs pay page faults whose cost varies from run to run (README: "Allocator noise").
console.log(`malloc mmap threshold: ${process.env['MALLOC_MMAP_THRESHOLD_'] ?? 'glibc default'}`);
// Run directly (not through npm run bench), the SDK would announce Node 22 on its first client.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const SECTIONS = (process.argv[process.argv.indexOf('--sections') + 1] ?? '').split(',');
const wanted = (n: string): boolean => !process.argv.includes('--sections') || SECTIONS.includes(n);
if (wanted('2')) await memorySection();
if (wanted('3')) await roundTripSection();
if (wanted('1')) await throughputSection();
