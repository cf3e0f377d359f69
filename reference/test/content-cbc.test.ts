/**
 * Legacy AES-CBC/PKCS#7 read path: public object KATs (Ruby V1, Go kms+CBC with 128- and 256-bit
 * data keys), ciphertexts built here with node:crypto, and every refusal.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decryptCbc } from '../src/content/cbc.js';
import { DECRYPT_FAILED_MESSAGE } from '../src/content/gcm.js';
import { rejectsWith as expectCode } from '../../testkit/expect-error.js';
import { chunks, readAll as drain } from './support/streams.js';

interface Kat {
  readonly id: string;
  readonly metadata?: Record<string, string> | null;
  readonly kmsReplay?: { readonly plaintextDataKeyBase64: string } | null;
  readonly expectedDataKeyHex?: string;
  readonly ciphertextHex?: string;
  readonly ciphertextBase64?: string;
  readonly expectedPlaintext?: { readonly encoding: 'hex' | 'utf8'; readonly value: string } | null;
}
const KATS = (JSON.parse(readFileSync(new URL('../../vectors/public/public-kats.json', import.meta.url), 'utf8')) as { cases: Kat[] }).cases;

async function* bytewise(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1);
}
function cbcEncrypt(key: Buffer, iv: Buffer, plaintext: Buffer, autoPadding = true): Buffer {
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, iv).setAutoPadding(autoPadding);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

const KAT_IDS = [
  'ruby-v1-symmetric-master-key-aes-ecb-wrap-cbc', // 6-byte plaintext, data key known from the stubbed RNG
  'go-sdk-v1-kms-aes128cbc', // 16-byte data key
  'go-sdk-v1-kms-aes256cbc-realblob', // 118 bytes: 10 bytes of padding
  'go-sdk-v2client-reads-v1-kms-cbc', // 64 bytes: a whole padding block
];
for (const id of KAT_IDS) {
  test(`CBC object KAT ${id}`, async () => {
    const kat = KATS.find((k) => k.id === id)!;
    const key = kat.expectedDataKeyHex !== undefined ? Buffer.from(kat.expectedDataKeyHex, 'hex') : Buffer.from(kat.kmsReplay!.plaintextDataKeyBase64, 'base64');
    const iv = Buffer.from(Object.entries(kat.metadata!).find(([name]) => /x-amz-iv$/i.test(name))![1], 'base64');
    const body = kat.ciphertextHex !== undefined ? Buffer.from(kat.ciphertextHex, 'hex') : Buffer.from(kat.ciphertextBase64!, 'base64');
    const expected = Buffer.from(kat.expectedPlaintext!.value, kat.expectedPlaintext!.encoding);
    assert.equal(await drain(decryptCbc(chunks(body), { key, iv })), expected);
    assert.equal(await drain(decryptCbc(bytewise(body), { key, iv })), expected);
  });
}

for (const keyBytes of [16, 24, 32]) {
  test(`AES-${keyBytes * 8}-CBC bodies built with node:crypto, sizes 0..100, odd chunking`, async () => {
    const key = randomBytes(keyBytes);
    const iv = randomBytes(16);
    for (const size of [0, 1, 15, 16, 17, 31, 32, 100]) {
      const plaintext = randomBytes(size);
      const body = cbcEncrypt(key, iv, plaintext);
      assert.is(body.length, 16 * (Math.floor(size / 16) + 1)); // docs/format-notes.md §2.1
      assert.equal(await drain(decryptCbc(bytewise(body), { key, iv })), plaintext, `size ${size}`);
      assert.equal(await drain(decryptCbc(chunks(body.subarray(0, 7), body.subarray(7)), { key, iv })), plaintext);
    }
  });
}

test('CBC streams: plaintext is released before the body ends (legacy reads opted in to this)', async () => {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  const plaintext = randomBytes(100);
  const body = cbcEncrypt(key, iv, plaintext);
  let done = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    yield body.subarray(0, 64);
    yield body.subarray(64);
    done = true;
  }
  const first = await decryptCbc(source(), { key, iv }).next();
  assert.is(done, false);
  assert.equal(first.value, plaintext.subarray(0, 48)); // the last block is kept back for the padding check
});

const KEY = randomBytes(32);
const IV = randomBytes(16);
const BAD_PADDING: ReadonlyArray<[string, Buffer]> = [
  ['pad byte 0x00', Buffer.concat([randomBytes(31), Buffer.from([0x00])])],
  ['pad byte 0x11 (> block size)', Buffer.concat([randomBytes(31), Buffer.from([0x11])])],
  ['inconsistent pad bytes (… 02 03 03)', Buffer.concat([randomBytes(29), Buffer.from([0x02, 0x03, 0x03])])],
  ['full padding block with its first byte wrong', Buffer.concat([randomBytes(16), Buffer.from([0x0f]), Buffer.alloc(15, 0x10)])],
];
for (const [name, padded] of BAD_PADDING) {
  test(`bad padding is DECRYPT_FAILED: ${name}`, async () => {
    const body = cbcEncrypt(KEY, IV, padded, false);
    const error = await expectCode(() => drain(decryptCbc(chunks(body), { key: KEY, iv: IV })), 'DECRYPT_FAILED');
    assert.is(error.message, DECRYPT_FAILED_MESSAGE);
  });
}

const GOOD = cbcEncrypt(KEY, IV, Buffer.from('legacy content, 31 bytes long!!'));
const WRONG_LENGTH: ReadonlyArray<[string, Buffer]> = [
  ['empty body', Buffer.alloc(0)],
  ['15 bytes', GOOD.subarray(0, 15)],
  ['one byte missing', GOOD.subarray(0, GOOD.length - 1)],
  ['one byte extra', Buffer.concat([GOOD, Buffer.from([0])])],
];
for (const [name, body] of WRONG_LENGTH) {
  test(`wrong length is DECRYPT_FAILED with the GCM message: ${name}`, async () => {
    const error = await expectCode(() => drain(decryptCbc(chunks(body), { key: KEY, iv: IV })), 'DECRYPT_FAILED');
    assert.is(error.message, DECRYPT_FAILED_MESSAGE);
  });
}

test('a wrong-sized data key is DECRYPT_FAILED; an IV that is not 16 bytes is MALFORMED_METADATA', async () => {
  await expectCode(() => decryptCbc(chunks(GOOD), { key: Buffer.alloc(31), iv: IV }), 'DECRYPT_FAILED');
  await expectCode(() => decryptCbc(chunks(GOOD), { key: KEY, iv: Buffer.alloc(12) }), 'MALFORMED_METADATA');
});

test.run();
