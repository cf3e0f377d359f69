/**
 * GCM streaming under arbitrary chunk boundaries. The reference for every size is a one-shot
 * node:crypto aes-256-gcm encryption of the whole plaintext, so the expected bytes never come
 * from the code under test.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decryptGcmBuffered, decryptGcmStreaming, encryptGcm, type GcmParams } from '../src/content/gcm.js';
import { readAll as drain } from './support/streams.js';

const SIZES = [0, 1, 15, 16, 17, 4095, 1024 * 1024 + 3];
const params: GcmParams = { key: randomBytes(32), iv: randomBytes(12) };

function oneShot(plaintext: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', params.key, params.iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Small deterministic PRNG (xorshift32) so a failing split can be reproduced from the seed. */
function prng(seed: number): (bound: number) => number {
  let x = seed >>> 0 || 1;
  return (bound) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % bound;
  };
}

/** Cuts `bytes` at the given offsets (sorted, may repeat: repeats give empty chunks). */
async function* cut(bytes: Buffer, offsets: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const at of [...offsets].sort((a, b) => a - b)) {
    yield bytes.subarray(from, at);
    from = at;
  }
  yield bytes.subarray(from);
}

function splits(length: number, seed: number): Array<[string, number[]]> {
  const next = prng(seed);
  const out: Array<[string, number[]]> = [
    ['one chunk', []],
    ['random boundaries with empty chunks', Array.from({ length: 1 + next(40) }, () => next(length + 1))],
    // Every way of cutting inside the trailing tag, plus the tag as 16 one-byte chunks.
    ['tag split in two', length >= 16 ? [length - 16 + 1 + next(15)] : []],
    ['tag as single bytes', Array.from({ length: Math.min(16, length) }, (_, i) => length - 1 - i)],
  ];
  if (length <= 8192) out.push(['1-byte chunks', Array.from({ length }, (_, i) => i)]);
  else out.push(['random 1..70000-byte chunks', randomWalk(length, next, 70000)]);
  return out;
}

function randomWalk(length: number, next: (bound: number) => number, maxStep: number): number[] {
  const offsets: number[] = [];
  for (let at = 1 + next(maxStep); at < length; at += 1 + next(maxStep)) offsets.push(at);
  return offsets;
}

for (const size of SIZES) {
  test(`GCM round trip, ${size}-byte plaintext, many chunkings`, async () => {
    const plaintext = randomBytes(size);
    const reference = oneShot(plaintext);
    assert.is(reference.length, size + 16);
    for (const [name, offsets] of splits(size, 0x9e3779b9 ^ size)) {
      const sealed = await drain(encryptGcm(cut(plaintext, offsets), params));
      assert.ok(sealed.equals(reference), `encrypt, plaintext cut as: ${name}`);
    }
    for (const [name, offsets] of splits(reference.length, 0x85ebca6b ^ size)) {
      const buffered = await decryptGcmBuffered(cut(reference, offsets), params, { maxCiphertextBytes: reference.length });
      assert.ok(Buffer.concat(buffered).equals(plaintext), `buffered decrypt, ciphertext cut as: ${name}`);
      const streamed = await drain(decryptGcmStreaming(cut(reference, offsets), params));
      assert.ok(streamed.equals(plaintext), `streaming decrypt, ciphertext cut as: ${name}`);
    }
  });
}

test('streaming decrypt holds back exactly the 16 tag bytes, no more', async () => {
  const plaintext = randomBytes(100);
  const body = oneShot(plaintext);
  const seen: number[] = [];
  let delivered = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < body.length; at += 10) {
      delivered = Math.min(body.length, at + 10);
      yield body.subarray(at, at + 10);
    }
  }
  let released = 0;
  for await (const part of decryptGcmStreaming(source(), params)) {
    released += part.length;
    seen.push(delivered - released);
  }
  assert.ok(
    seen.every((heldBack) => heldBack === 16),
    `held back: ${seen.join(',')}`,
  );
  assert.is(released, 100);
});

test('a source that reuses one buffer for every chunk still round-trips (held-back bytes are copied)', async () => {
  const plaintext = randomBytes(1000);
  const body = oneShot(plaintext);
  async function* reusing(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
    const scratch = Buffer.alloc(size);
    for (let at = 0; at < bytes.length; at += size) {
      const n = bytes.copy(scratch, 0, at, at + size);
      yield scratch.subarray(0, n);
      scratch.fill(0xee); // the producer scribbles over its buffer once the consumer moves on
    }
  }
  assert.ok((await drain(encryptGcm(reusing(plaintext, 100), params))).equals(body));
  assert.ok((await drain(decryptGcmStreaming(reusing(body, 100), params))).equals(plaintext));
  assert.ok(Buffer.concat(await decryptGcmBuffered(reusing(body, 7), params, { maxCiphertextBytes: 2000 })).equals(plaintext));
});

test('encrypt streams: ciphertext for a chunk is released before the next chunk is read', async () => {
  const plaintext = randomBytes(64);
  let reads = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < 64; at += 16) {
      reads++;
      yield plaintext.subarray(at, at + 16);
    }
  }
  const readsAtEachOutput: number[] = [];
  for await (const part of encryptGcm(source(), params)) {
    assert.is(part.length, 16);
    readsAtEachOutput.push(reads);
  }
  assert.equal(readsAtEachOutput, [1, 2, 3, 4, 4]); // 4 ciphertext chunks, then the tag
});

test.run();
