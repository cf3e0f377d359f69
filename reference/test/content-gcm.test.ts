/**
 * AES-GCM content cipher: known answers (Java content KATs, Go/Ruby object KATs, the GCM spec's
 * 256-bit test cases) and every refusal with its error code.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GCM_MAX_PLAINTEXT_BYTES } from '../src/algorithms.js';
import { decryptGcmBuffered, decryptGcmStreaming, encryptGcm, DECRYPT_FAILED_MESSAGE, type GcmParams } from '../src/content/gcm.js';
import { rejectsWith as expectCode } from '../../testkit/expect-error.js';
import { chunks, readAll as drain } from './support/streams.js';

interface Encoded {
  readonly encoding: 'hex' | 'utf8';
  readonly value: string;
}
interface Kat {
  readonly id: string;
  readonly kind: string;
  readonly format?: string;
  readonly cekAlg?: string;
  readonly content?: {
    readonly keyHex: string;
    readonly ivHex: string;
    readonly aadHex: string;
    readonly plaintext: Encoded;
    readonly ciphertextAndTagHex?: string;
    readonly ciphertextAndTagBase64?: string;
    readonly ctrRanges?: ReadonlyArray<{ readonly offset: number; readonly plaintext?: string; readonly length?: number }>;
  };
  readonly kmsReplay?: { readonly plaintextDataKeyBase64: string } | null;
  readonly metadata?: Record<string, string> | null;
  readonly ivHex?: string;
  readonly ciphertextHex?: string;
  readonly ciphertextBase64?: string;
  readonly expectedPlaintext?: Encoded | null;
}

const KATS = (JSON.parse(readFileSync(new URL('../../vectors/public/public-kats.json', import.meta.url), 'utf8')) as { cases: Kat[] }).cases;
const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const decode = (e: Encoded): Buffer => Buffer.from(e.value, e.encoding);

async function decryptBothWays(ct: Buffer, params: GcmParams): Promise<[Buffer, Buffer]> {
  const buffered = Buffer.concat(await decryptGcmBuffered(chunks(ct), params, { maxCiphertextBytes: ct.length }));
  return [buffered, await drain(decryptGcmStreaming(chunks(ct), params))];
}

const contentKats = KATS.filter((k) => k.kind === 'content');
test('the KAT file has the three Java content cases', () => assert.is(contentKats.length, 3));

for (const kat of contentKats) {
  test(`content KAT ${kat.id}: encrypt and both decrypt modes`, async () => {
    const c = kat.content!;
    const expected = c.ciphertextAndTagHex !== undefined ? hex(c.ciphertextAndTagHex) : Buffer.from(c.ciphertextAndTagBase64!, 'base64');
    const plaintext = decode(c.plaintext);
    const params: GcmParams = { key: hex(c.keyHex), iv: hex(c.ivHex), aad: hex(c.aadHex) };
    assert.equal(await drain(encryptGcm(chunks(plaintext), params)), expected);
    const [buffered, streamed] = await decryptBothWays(expected, params);
    assert.equal(buffered, plaintext);
    assert.equal(streamed, plaintext);
  });
}

// Documents the ranged-GET relation (docs/format-notes.md §2.4): GCM's keystream for ciphertext offset o is
// AES-CTR with counter block IV ‖ BE32(2 + o/16). Not used by this module; kept as a record.
test('content KATs: AES-CTR with counter IV || 2 + offset/16 reproduces the ranged slices', () => {
  let checked = 0;
  for (const kat of contentKats) {
    const c = kat.content!;
    const body = c.ciphertextAndTagHex !== undefined ? hex(c.ciphertextAndTagHex) : Buffer.from(c.ciphertextAndTagBase64!, 'base64');
    const plaintext = decode(c.plaintext);
    for (const range of c.ctrRanges ?? []) {
      const counter = Buffer.concat([hex(c.ivHex), Buffer.alloc(4)]);
      counter.writeUInt32BE(2 + range.offset / 16, 12);
      const end = range.length === undefined ? plaintext.length : range.offset + range.length;
      const ctr = createDecipheriv('aes-256-ctr', hex(c.keyHex), counter);
      const opened = ctr.update(body.subarray(range.offset, end));
      assert.equal(opened, plaintext.subarray(range.offset, end));
      if (range.plaintext !== undefined) assert.is(opened.toString('utf8'), range.plaintext);
      checked++;
    }
  }
  assert.is(checked, 6);
});

// "The Galois/Counter Mode of Operation (GCM)", McGrew & Viega, test cases 15 and 16 (256-bit key).
const SPEC_KEY = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
const SPEC_IV = hex('cafebabefacedbaddecaf888');
const SPEC_P = hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255');
const SPEC_C = hex('522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad');
const SPEC_CASES = [
  { name: 'test case 15 (no AAD)', p: SPEC_P, c: SPEC_C, aad: undefined, tag: 'b094dac5d93471bdec1a502270e3cc6c' },
  { name: 'test case 16 (AAD)', p: SPEC_P.subarray(0, 60), c: SPEC_C.subarray(0, 60), aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'), tag: '76fc6ece0f4e1768cddf8853bb2d551b' },
];
for (const v of SPEC_CASES) {
  test(`GCM spec ${v.name}`, async () => {
    const params: GcmParams = v.aad === undefined ? { key: SPEC_KEY, iv: SPEC_IV } : { key: SPEC_KEY, iv: SPEC_IV, aad: v.aad };
    const body = Buffer.concat([v.c, hex(v.tag)]);
    assert.equal(await drain(encryptGcm(chunks(v.p.subarray(0, 7), v.p.subarray(7)), params)), body);
    const [buffered, streamed] = await decryptBothWays(body, params);
    assert.equal(buffered, v.p);
    assert.equal(streamed, v.p);
  });
}

const gcmObjects = KATS.filter((k) => k.kind === 'object' && k.format === 'v2' && k.cekAlg === 'AES/GCM/NoPadding' && k.expectedPlaintext);
test('GCM object KATs (NIST gcmEncryptExtIV256 test 0, Go and Ruby objects) decrypt in both modes', async () => {
  assert.ok(gcmObjects.length >= 6);
  for (const kat of gcmObjects) {
    const ivB64 = Object.entries(kat.metadata ?? {}).find(([name]) => /x-amz-iv$/i.test(name))?.[1];
    const iv = kat.ivHex !== undefined ? hex(kat.ivHex) : Buffer.from(ivB64!, 'base64');
    const params = { key: Buffer.from(kat.kmsReplay!.plaintextDataKeyBase64, 'base64'), iv };
    const body = kat.ciphertextHex !== undefined ? hex(kat.ciphertextHex) : Buffer.from(kat.ciphertextBase64!, 'base64');
    const [buffered, streamed] = await decryptBothWays(body, params);
    assert.equal(buffered, decode(kat.expectedPlaintext!), kat.id);
    assert.equal(streamed, decode(kat.expectedPlaintext!), kat.id);
    assert.equal(await drain(encryptGcm(chunks(buffered), params)), body, kat.id);
  }
});

// ---- refusals ------------------------------------------------------------------------------

const KEY = SPEC_KEY;
const IV = SPEC_IV;
const GOOD = Buffer.concat([SPEC_C, hex('b094dac5d93471bdec1a502270e3cc6c')]);
const flip = (b: Buffer, index: number): Buffer => {
  const copy = Buffer.from(b);
  copy[index] = copy[index]! ^ 0x01;
  return copy;
};
const TAMPERED: ReadonlyArray<[string, Buffer, Uint8Array]> = [
  ['flipped tag bit', flip(GOOD, GOOD.length - 1), KEY],
  ['flipped ciphertext bit', flip(GOOD, 3), KEY],
  ['missing last byte', GOOD.subarray(0, GOOD.length - 1), KEY],
  ['15 bytes (shorter than a tag)', GOOD.subarray(0, 15), KEY],
  ['empty body', Buffer.alloc(0), KEY],
  ['wrong key', GOOD, Buffer.alloc(32, 7)],
  ['wrong-sized key', GOOD, Buffer.alloc(31, 7)],
];
for (const [name, body, key] of TAMPERED) {
  test(`buffered decrypt refuses: ${name}`, async () => {
    const error = await expectCode(() => decryptGcmBuffered(chunks(body), { key, iv: IV }, { maxCiphertextBytes: 1024 }), 'DECRYPT_FAILED');
    assert.is(error.message, DECRYPT_FAILED_MESSAGE);
  });
  test(`streaming decrypt refuses: ${name}`, async () => {
    const error = await expectCode(() => drain(decryptGcmStreaming(chunks(body), { key, iv: IV })), 'DECRYPT_FAILED');
    assert.is(error.message, DECRYPT_FAILED_MESSAGE);
  });
}

test('streaming decrypt with a bad tag yields all the plaintext, then throws DECRYPT_FAILED', async () => {
  const released: Buffer[] = [];
  const run = async (): Promise<void> => {
    for await (const part of decryptGcmStreaming(chunks(flip(GOOD, GOOD.length - 1)), { key: KEY, iv: IV })) released.push(part);
  };
  await expectCode(run, 'DECRYPT_FAILED');
  assert.equal(Buffer.concat(released), SPEC_P);
});

test('buffered decrypt releases nothing before the tag is verified', async () => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const bad = flip(GOOD, GOOD.length - 1);
  async function* slow(): AsyncGenerator<Uint8Array> {
    yield bad.subarray(0, 40); // more than a tag's worth: real plaintext has been decrypted by now
    await gate;
    yield bad.subarray(40);
  }
  let settled = false;
  const pending = decryptGcmBuffered(slow(), { key: KEY, iv: IV }, { maxCiphertextBytes: 1024 }).finally(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.is(settled, false);
  open();
  await expectCode(() => pending, 'DECRYPT_FAILED');
});

test('buffered decrypt: declaredLength over the limit fails before reading anything', async () => {
  let pulled = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    pulled = true;
    yield GOOD;
  }
  const error = await expectCode(() => decryptGcmBuffered(source(), { key: KEY, iv: IV }, { maxCiphertextBytes: GOOD.length - 1, declaredLength: GOOD.length }), 'TOO_LARGE');
  assert.is(pulled, false);
  assert.match(error.message, /delayed authentication/);
});

test('buffered decrypt: actual bytes over the limit fail as soon as the limit is passed', async () => {
  let pulls = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < GOOD.length; at += 20) {
      pulls++;
      yield GOOD.subarray(at, at + 20);
    }
  }
  // 80 bytes in chunks of 20: the 3rd chunk crosses a 50-byte limit; the 4th is never pulled.
  await expectCode(() => decryptGcmBuffered(source(), { key: KEY, iv: IV }, { maxCiphertextBytes: 50 }), 'TOO_LARGE');
  assert.is(pulls, 3);
  pulls = 0;
  const exact = await decryptGcmBuffered(source(), { key: KEY, iv: IV }, { maxCiphertextBytes: GOOD.length, declaredLength: GOOD.length });
  assert.equal(Buffer.concat(exact), SPEC_P);
});

test('decrypt: an IV that is not 12 bytes is malformed metadata (both modes)', async () => {
  const iv = Buffer.alloc(16, 1);
  await expectCode(() => decryptGcmBuffered(chunks(GOOD), { key: KEY, iv }, { maxCiphertextBytes: 1024 }), 'MALFORMED_METADATA');
  await expectCode(() => decryptGcmStreaming(chunks(GOOD), { key: KEY, iv }), 'MALFORMED_METADATA');
});

test('encrypt: wrong-sized key or IV is refused when called', async () => {
  await expectCode(() => encryptGcm(chunks(SPEC_P), { key: Buffer.alloc(31), iv: IV }), 'INVALID_ARGUMENT');
  await expectCode(() => encryptGcm(chunks(SPEC_P), { key: KEY, iv: Buffer.alloc(16) }), 'INVALID_ARGUMENT');
});

test('AES-128 and AES-192 keys work too', async () => {
  for (const size of [16, 24]) {
    const key = Buffer.alloc(size, 9);
    const cipher = createCipheriv(size === 16 ? 'aes-128-gcm' : 'aes-192-gcm', key, IV);
    const body = Buffer.concat([cipher.update(SPEC_P), cipher.final(), cipher.getAuthTag()]);
    assert.equal(await drain(encryptGcm(chunks(SPEC_P), { key, iv: IV })), body);
    assert.equal((await decryptBothWays(body, { key, iv: IV }))[1], SPEC_P);
  }
});

// A chunk that only pretends to be huge: the limits are checked on the running byte count before
// the chunk is touched, so it never reaches the cipher. (64 GiB of real data is too slow for a unit test.)
const huge = (bytes: number): Uint8Array => ({ byteLength: bytes }) as unknown as Uint8Array;

test('encrypt refuses plaintext beyond 2^36 - 32 bytes with TOO_LARGE, after emitting what came before', async () => {
  const released: Buffer[] = [];
  const run = async (): Promise<void> => {
    for await (const part of encryptGcm(chunks(SPEC_P, huge(GCM_MAX_PLAINTEXT_BYTES - SPEC_P.length + 1)), { key: KEY, iv: IV })) released.push(part);
  };
  await expectCode(run, 'TOO_LARGE');
  assert.equal(Buffer.concat(released), SPEC_C);
});

test('decrypt refuses a body longer than any GCM body can be (both modes)', async () => {
  const tooLong = huge(GCM_MAX_PLAINTEXT_BYTES + 17);
  await expectCode(() => drain(decryptGcmStreaming(chunks(tooLong), { key: KEY, iv: IV })), 'DECRYPT_FAILED');
  await expectCode(() => decryptGcmBuffered(chunks(tooLong), { key: KEY, iv: IV }, { maxCiphertextBytes: Infinity }), 'DECRYPT_FAILED');
});

test.run();
