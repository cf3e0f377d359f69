/** AES-CTR over a GCM body: the counter rule, windows, and what the decryptor never does. */
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { counterBlock, decryptCtrWindow, type CipherWindow } from '../src/content/ctr.js';
import { rejectsWith, throwsCode } from '../../testkit/expect-error.js';
import { chunks, readAll } from './support/streams.js';

const key = randomBytes(32);
const iv = randomBytes(12);
const plaintext = randomBytes(1000);
const body = (() => {
  const c = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
})();

/** Plaintext first..last from the slice of `body` that starts at fetchedFrom, fed in pieces of `piece` bytes. */
async function decrypt(window: CipherWindow, piece = 7, params = { key, iv }): Promise<Buffer> {
  const slice = body.subarray(window.fetchedFrom);
  const parts: Buffer[] = [];
  for (let i = 0; i < slice.length; i += piece) parts.push(slice.subarray(i, i + piece));
  return readAll(decryptCtrWindow(chunks(...parts), params, window));
}

const aligned = (first: number) => first - (first % 16);

test("the counter block is IV ‖ BE32(2 + block): GCM's J0 + 1 for the first plaintext block", () => {
  assert.is(counterBlock(iv, 0).toString('hex'), `${iv.toString('hex')}00000002`);
  assert.is(counterBlock(iv, 0xfffffffd).toString('hex'), `${iv.toString('hex')}ffffffff`);
  // One past the last block GCM can encrypt under one IV (2^32 - 2 blocks).
  throwsCode(() => counterBlock(iv, 0xfffffffe), 'INVALID_ARGUMENT', /counter space/);
  throwsCode(() => counterBlock(iv, -1), 'INVALID_ARGUMENT');
});

test('every window of the body decrypts to the same plaintext bytes, whatever the chunking', async () => {
  const firsts = [0, 1, 15, 16, 17, 31, 32, 500, 983, 984, 999];
  for (const first of firsts) {
    for (const last of [first, first + 1, first + 15, first + 16, 999].filter((l) => l >= first && l < 1000)) {
      for (const fetchedFrom of new Set([aligned(first), Math.max(0, aligned(first) - 15)])) {
        for (const piece of [1, 7, 16, 4096]) {
          const got = await decrypt({ fetchedFrom, decryptFrom: aligned(first), first, last }, piece);
          assert.equal(got, plaintext.subarray(first, last + 1), `${fetchedFrom}/${first}-${last} in pieces of ${piece}`);
        }
      }
    }
  }
});

test('V3 parameters (derived key, IV of twelve 0x01) work the same way', async () => {
  const v3Iv = Buffer.alloc(12, 0x01);
  const c = createCipheriv('aes-256-gcm', key, v3Iv);
  c.setAAD(Buffer.from([0x00, 0x73]));
  const v3Body = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  const window = { fetchedFrom: 496, decryptFrom: 496, first: 500, last: 700 };
  const got = await readAll(decryptCtrWindow(chunks(v3Body.subarray(496)), { key, iv: v3Iv }, window));
  assert.equal(got, plaintext.subarray(500, 701));
});

test('reading stops at the last wanted byte: the tag is neither decrypted nor returned, the source is closed', async () => {
  let closed = false;
  let yielded = 0;
  async function* source() {
    try {
      for (let i = 0; i < body.length; i += 100) {
        yielded += 1;
        yield body.subarray(i, i + 100);
      }
    } finally {
      closed = true;
    }
  }
  const got = await readAll(decryptCtrWindow(source(), { key, iv }, { fetchedFrom: 0, decryptFrom: 0, first: 0, last: 150 }));
  assert.equal(got, plaintext.subarray(0, 151));
  assert.is(yielded, 2);
  assert.ok(closed);
  const tail = await decrypt({ fetchedFrom: 992, decryptFrom: 992, first: 999, last: 999 });
  assert.is(tail.length, 1);
});

test("a slice that ends early is S3's fault; impossible windows and parameters are refused up front", async () => {
  await rejectsWith(readAll(decryptCtrWindow(chunks(body.subarray(0, 40)), { key, iv }, { fetchedFrom: 0, decryptFrom: 0, first: 0, last: 63 })), 'S3_ERROR', /24 bytes early/);
  const bad: CipherWindow[] = [
    { fetchedFrom: 0, decryptFrom: 8, first: 8, last: 9 }, // not on a block boundary
    { fetchedFrom: 32, decryptFrom: 16, first: 16, last: 20 }, // fetched after decryption start
    { fetchedFrom: 0, decryptFrom: 16, first: 15, last: 20 }, // first before decryption start
    { fetchedFrom: 0, decryptFrom: 0, first: 16, last: 20 }, // more than a block of lead-in
    { fetchedFrom: 0, decryptFrom: 0, first: 5, last: 4 }, // empty
    { fetchedFrom: 0, decryptFrom: 0, first: 0, last: 2 ** 36 }, // past the GCM limit
  ];
  for (const window of bad) throwsCode(() => decryptCtrWindow(chunks(body), { key, iv }, window), 'INVALID_ARGUMENT', /inconsistent range window/);
  throwsCode(() => decryptCtrWindow(chunks(body), { key, iv: randomBytes(16) }, { fetchedFrom: 0, decryptFrom: 0, first: 0, last: 1 }), 'MALFORMED_METADATA');
  throwsCode(() => decryptCtrWindow(chunks(body), { key: randomBytes(20), iv }, { fetchedFrom: 0, decryptFrom: 0, first: 0, last: 1 }), 'DECRYPT_FAILED');
  // 128-bit data keys (allowed inside RSA-OAEP-SHA1 envelopes) take AES-128-CTR.
  const key16 = randomBytes(16);
  const c = createCipheriv('aes-128-gcm', key16, iv);
  const body16 = Buffer.concat([c.update(plaintext), c.final()]);
  assert.equal(await readAll(decryptCtrWindow(chunks(body16.subarray(32)), { key: key16, iv }, { fetchedFrom: 32, decryptFrom: 32, first: 40, last: 60 })), plaintext.subarray(40, 61));
});

test.run();
