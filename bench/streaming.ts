/**
 * Streaming content-encryption benchmark (not a test; prints figures). See bench/README.md.
 *
 *   npx tsx bench/streaming.ts [--size-gib 1] [--buffered-mib 256] [--memory-gib 2] [--roundtrip-gib 3]
 *
 * Runs the memory and round-trip sections first, in a fresh process, so that the large buffers
 * the throughput section allocates do not inflate their RSS figures.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { decryptBuffered, decryptStreaming, encryptStream, seal, sealStream, type SealedObject } from './lib/public-gcm.js';

const MiB = 1024 * 1024;
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

/** The raw node:crypto baseline's key and IV (the reference draws its own data key and IV). */
const params = { key: randomBytes(32), iv: randomBytes(12) };
const block = randomBytes(MiB);

/** `total` bytes of the repeated random 1 MiB block, as views of `chunk` bytes (no copies; `chunk` divides 1 MiB). */
function* views(total: number, chunk: number): Generator<Buffer> {
  for (let at = 0; at < total; at += chunk) {
    const offset = at % MiB;
    yield block.subarray(offset, offset + Math.min(chunk, total - at));
  }
}
async function* asyncViews(total: number, chunk: number): AsyncGenerator<Buffer> {
  yield* views(total, chunk);
}
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
  const plaintext = decryptStreaming(body, metadata);
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

/** Raw node:crypto GCM over ciphertext chunks (pre-encrypted so that the tag really verifies). */
function preEncrypt(total: number): { chunks: Buffer[]; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', params.key, params.iv);
  const chunks = [...views(total, MiB)].map((c) => cipher.update(c));
  cipher.final();
  return { chunks, tag: cipher.getAuthTag() };
}
function* split(chunks: Buffer[], size: number): Generator<Buffer> {
  for (const c of chunks) for (let at = 0; at < c.length; at += size) yield c.subarray(at, at + size);
}

/**
 * Times a raw node:crypto run and the wrapped run alternately (after one untimed warm-up each),
 * keeping the best of `rounds`. Alternating matters: allocator and GC state drift during a run,
 * and timing all raw runs first would bias the ratio.
 */
async function compare(raw: () => unknown, wrapped: () => unknown, rounds = 3): Promise<[number, number]> {
  await raw();
  await wrapped();
  let bestRaw = Number.POSITIVE_INFINITY;
  let bestWrapped = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    await raw();
    bestRaw = Math.min(bestRaw, performance.now() - start);
    start = performance.now();
    await wrapped();
    bestWrapped = Math.min(bestWrapped, performance.now() - start);
  }
  return [bestRaw, bestWrapped];
}
async function consume(source: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const part of source) bytes += part.length;
  return bytes;
}

/** Raw node:crypto encryption of SIZE bytes in `chunk`-byte updates: the baseline. */
function rawEncryptLoop(chunk: number): () => void {
  return () => {
    const c = createCipheriv('aes-256-gcm', params.key, params.iv);
    for (const v of views(SIZE, chunk)) c.update(v);
    c.final();
    c.getAuthTag();
  };
}

/**
 * Raw node:crypto decryption of a pre-encrypted object. `keep`: hold every plaintext piece until
 * final(), as buffered decryption must; that memory is first-touched (page faults), a cost the
 * output-dropping loop does not pay.
 */
function rawDecryptLoop(data: { chunks: Buffer[]; tag: Buffer }, chunk: number, keep: boolean): () => Buffer[] {
  return () => {
    const d = createDecipheriv('aes-256-gcm', params.key, params.iv);
    const kept: Buffer[] = [];
    for (const v of split(data.chunks, chunk)) {
      const out = d.update(v);
      if (keep) kept.push(out);
    }
    d.setAuthTag(data.tag);
    d.final();
    return kept;
  };
}

async function* asyncSplit(chunks: Buffer[], size: number): AsyncGenerator<Buffer> {
  yield* split(chunks, size);
}

async function throughputSection(): Promise<void> {
  console.log(`\n[1] Throughput (best of 3 alternating runs after a warm-up; ratio = this path / raw node:crypto on the same bytes; goal >= 0.90)`);
  const big = preEncrypt(SIZE);
  const small = preEncrypt(BUFFERED);
  // The reference's own ciphertext of the same bytes, under its own data key and IV.
  const bigSealed = await seal(asyncViews(SIZE, MiB));
  const smallSealed = await seal(asyncViews(BUFFERED, MiB));
  for (const chunk of [MiB, 64 * 1024]) {
    const label = chunk === MiB ? '1 MiB' : '64 KiB';
    const rawEncrypt = rawEncryptLoop(chunk);
    const rawDecrypt = (data: { chunks: Buffer[]; tag: Buffer }, keep = false) => rawDecryptLoop(data, chunk, keep);
    const sealedSource = (sealed: SealedObject) => () => asyncSplit(sealed.chunks, chunk);
    const [rawEnc, enc] = await compare(rawEncrypt, () => consume(encryptStream(asyncViews(SIZE, chunk))));
    const [rawDecBig, dec] = await compare(rawDecrypt(big), () => consume(decryptStreaming(sealedSource(bigSealed)(), bigSealed.metadata)));
    const [rawDecSmall, buf] = await compare(rawDecrypt(small, true), () => decryptBuffered(sealedSource(smallSealed)(), smallSealed.metadata, BUFFERED + 16));
    const row = (name: string, bytes: number, ms: number, rawMs: number | undefined): void =>
      console.log(`    ${label.padEnd(6)} ${name.padEnd(40)} ${fmt(mibPerSecond(bytes, ms))} MiB/s${rawMs === undefined ? '' : `   ratio ${(rawMs / ms).toFixed(2)}`}`);
    row(`raw encrypt (${SIZE / GiB} GiB)`, SIZE, rawEnc, undefined);
    row('encryptObject (V2, AES-GCM)', SIZE, enc, rawEnc);
    row(`raw decrypt (${SIZE / GiB} GiB)`, SIZE, rawDecBig, undefined);
    row('decryptObject, delayed authentication', SIZE, dec, rawDecBig);
    row(`raw decrypt, plaintext kept (${BUFFERED / MiB} MiB)`, BUFFERED, rawDecSmall, undefined);
    row('decryptObject, buffered', BUFFERED, buf, rawDecSmall);
  }
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}, AES-256-GCM, random 1 MiB block repeated`);
// Each update() returns a fresh output buffer; at 1 MiB glibc serves those with mmap, so both raw and
// wrapped runs pay page faults whose cost varies from run to run (README: "Allocator noise").
console.log(`malloc mmap threshold: ${process.env['MALLOC_MMAP_THRESHOLD_'] ?? 'glibc default'}`);
// Run directly (not through npm run bench), the SDK would announce Node 22 on its first client.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
await memorySection();
await roundTripSection();
await throughputSection();
