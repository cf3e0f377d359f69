/**
 * The six workloads of the streaming throughput comparison, each a raw node:crypto loop and the
 * reference's public API over the same bytes: shared by the timings (streaming.ts) and the
 * instruction counts (instructions.ts), so both measure the same code.
 *
 * Both sides do the same work: they read the same async source of `chunk`-byte views (the shape
 * every body has, a Node stream or an async iterable), and both consume every output buffer (its
 * length is summed and returned). The raw side does only what node:crypto needs to encrypt or
 * decrypt that source; whatever the reference does beyond that is its overhead.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decryptBuffered, decryptStreaming, encryptStream, type SealedObject } from './public-gcm.js';

export const MiB = 1024 * 1024;

/** Raw AES-256-GCM ciphertext (tag apart) and its key and IV. */
export interface RawObject {
  readonly key: Buffer;
  readonly iv: Buffer;
  readonly chunks: Buffer[];
  readonly tag: Buffer;
}

/** A workload: runs once and returns the bytes it produced (which callers may check). */
export type Workload = () => Promise<number>;

export interface Pair {
  readonly name: string;
  /** Plaintext bytes (the throughput's numerator). */
  readonly bytes: number;
  /** What each side's run returns: the ciphertext with its tag, or the plaintext. */
  readonly output: number;
  readonly raw: Workload;
  readonly wrapped: Workload;
}

/** `total` bytes of `block` repeated, as views of `chunk` bytes (no copies; `chunk` divides the block). */
export function* views(block: Buffer, total: number, chunk: number): Generator<Buffer> {
  for (let at = 0; at < total; at += chunk) {
    const offset = at % block.length;
    yield block.subarray(offset, offset + Math.min(chunk, total - at));
  }
}
export async function* asyncViews(block: Buffer, total: number, chunk: number): AsyncGenerator<Buffer> {
  yield* views(block, total, chunk);
}
/** The stored chunks re-cut into `size`-byte views, as a body source. */
export async function* asyncSplit(chunks: readonly Buffer[], size: number): AsyncGenerator<Buffer> {
  for (const c of chunks) for (let at = 0; at < c.length; at += size) yield c.subarray(at, at + size);
}

export function rawSeal(block: Buffer, total: number): RawObject {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const chunks = [...views(block, total, MiB)].map((c) => cipher.update(c));
  cipher.final();
  return { key, iv, chunks, tag: cipher.getAuthTag() };
}

async function consume(source: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const part of source) bytes += part.length;
  return bytes;
}

function rawEncrypt(block: Buffer, total: number, chunk: number): Workload {
  return async () => {
    const c = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
    let bytes = 0;
    for await (const v of asyncViews(block, total, chunk)) bytes += c.update(v).length;
    bytes += c.final().length;
    return bytes + c.getAuthTag().length;
  };
}

/** `keep`: hold every plaintext piece until final(), as buffered decryption must, then read them. */
function rawDecrypt(raw: RawObject, chunk: number, keep: boolean): Workload {
  return async () => {
    const d = createDecipheriv('aes-256-gcm', raw.key, raw.iv);
    const kept: Buffer[] = [];
    let bytes = 0;
    for await (const v of asyncSplit(raw.chunks, chunk)) {
      const out = d.update(v);
      if (keep) kept.push(out);
      else bytes += out.length;
    }
    d.setAuthTag(raw.tag);
    bytes += d.final().length;
    for (const part of kept) bytes += part.length;
    return bytes;
  };
}

export interface PairInputs {
  readonly block: Buffer;
  /** Bytes encrypted and decrypted (delayed authentication). */
  readonly total: number;
  readonly raw: RawObject;
  readonly sealed: SealedObject;
  /** The buffered pair's inputs (smaller: the plaintext is held in memory). */
  readonly bufferedTotal: number;
  readonly bufferedRaw: RawObject;
  readonly bufferedSealed: SealedObject;
  /** Pass the stored length to decryptObject, as getObject does with S3's Content-Length (default true). */
  readonly announceLength?: boolean;
}

const storedLength = (sealed: SealedObject, announce: boolean | undefined): number | undefined => (announce === false ? undefined : sealed.chunks.reduce((n, c) => n + c.length, 0));

export const PAIR_NAMES = ['encryptObject (V2, AES-GCM)', 'decryptObject, delayed authentication', 'decryptObject, buffered'] as const;

/** The three pairs at one chunk size, in the order of PAIR_NAMES. */
export function pairs(chunk: number, x: PairInputs): Pair[] {
  return [
    {
      name: PAIR_NAMES[0],
      bytes: x.total,
      output: x.total + 16,
      raw: rawEncrypt(x.block, x.total, chunk),
      wrapped: async () => consume(await encryptStream(asyncViews(x.block, x.total, chunk))),
    },
    {
      name: PAIR_NAMES[1],
      bytes: x.total,
      output: x.total,
      raw: rawDecrypt(x.raw, chunk, false),
      wrapped: async () => consume(await decryptStreaming(asyncSplit(x.sealed.chunks, chunk), x.sealed.metadata, storedLength(x.sealed, x.announceLength))),
    },
    {
      name: PAIR_NAMES[2],
      bytes: x.bufferedTotal,
      output: x.bufferedTotal,
      raw: rawDecrypt(x.bufferedRaw, chunk, true),
      wrapped: async () =>
        consume(await decryptBuffered(asyncSplit(x.bufferedSealed.chunks, chunk), x.bufferedSealed.metadata, x.bufferedTotal + 16, storedLength(x.bufferedSealed, x.announceLength))),
    },
  ];
}
