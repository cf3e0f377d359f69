/**
 * Declared lengths against decrypted ones (issue 10, weakness 3), the front door's argument
 * shapes (weakness 6) and failures of the caller's body stream. Objects are built with
 * node:crypto from the format facts, never with our writer.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AesKeyring } from '../src/keyrings/aes.js';
import { DECRYPT_FAILED_MESSAGE } from '../src/content/failure.js';
import { decryptObject, type StoredObject } from '../src/pipeline/decrypt.js';
import type { DecryptPolicy } from '../src/pipeline/options.js';
import { rejectsWith } from '../../testkit/expect-error.js';
import { readAll } from './support/streams.js';

const master = randomBytes(32);
const keyring = new AesKeyring({ key: master });
const legacy: DecryptPolicy = { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', legacyUnauthenticatedModes: true, legacyWrappingAlgorithms: true };
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** A V1 EncryptionOnly object (AES-ECB wrap, CBC content) declaring its plaintext length. */
function cbcObject(plaintext: Buffer): StoredObject & { body: Buffer } {
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const wrap = createCipheriv('aes-256-ecb', master, null);
  const c = createCipheriv('aes-256-cbc', dataKey, iv);
  return {
    body: Buffer.concat([c.update(plaintext), c.final()]),
    metadata: {
      'x-amz-key': b64(Buffer.concat([wrap.update(dataKey), wrap.final()])),
      'x-amz-iv': b64(iv),
      'x-amz-matdesc': '{}',
      'x-amz-unencrypted-content-length': String(plaintext.length),
    },
  };
}

/** A V2 AES/GCM object (IV ‖ key ‖ tag wrap with the content id as AAD). */
function gcmObject(plaintext: Buffer, declaredLength?: number): StoredObject & { body: Buffer } {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const wrapIv = randomBytes(12);
  const w = createCipheriv('aes-256-gcm', master, wrapIv).setAAD(Buffer.from('AES/GCM/NoPadding'));
  const edk = Buffer.concat([wrapIv, w.update(dataKey), w.final(), w.getAuthTag()]);
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  return {
    body: Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]),
    metadata: {
      'x-amz-key-v2': b64(edk),
      'x-amz-iv': b64(iv),
      'x-amz-matdesc': '{}',
      'x-amz-wrap-alg': 'AES/GCM',
      'x-amz-cek-alg': 'AES/GCM/NoPadding',
      'x-amz-tag-len': '128',
      ...(declaredLength === undefined ? {} : { 'x-amz-unencrypted-content-length': String(declaredLength) }),
    },
  };
}

const read = async (stored: StoredObject, policy: DecryptPolicy = legacy) => readAll((await decryptObject(stored, { keyring, ...policy })).body);

test('a CBC body cut to a block boundary with valid padding is refused by its declared length', async () => {
  // 0x01 at offset 31 makes the first two blocks decrypt with valid padding on their own.
  const plaintext = Buffer.alloc(64, 0x61);
  plaintext[31] = 0x01;
  const whole = cbcObject(plaintext);
  assert.equal(await read(whole), plaintext, 'the intact object reads');
  const cut = { ...whole, body: whole.body.subarray(0, 32) };
  const e = await rejectsWith(read(cut), 'DECRYPT_FAILED');
  assert.is(e.message, DECRYPT_FAILED_MESSAGE);
  const { 'x-amz-unencrypted-content-length': _declared, ...undeclared } = cut.metadata;
  assert.is((await read({ ...cut, metadata: undeclared })).length, 31, 'without a declared length CBC cannot tell (by design)');
});

test('a CBC plaintext longer than declared is refused', async () => {
  const object = cbcObject(Buffer.alloc(40, 0x62));
  await rejectsWith(read({ ...object, metadata: { ...object.metadata, 'x-amz-unencrypted-content-length': '39' } }), 'DECRYPT_FAILED');
});

test('a GCM object whose declared plaintext length disagrees is refused, buffered and streaming', async () => {
  const plaintext = randomBytes(100);
  assert.equal(await read(gcmObject(plaintext, 100)), plaintext);
  for (const declared of [99, 101, 0]) {
    const object = gcmObject(plaintext, declared);
    await rejectsWith(read(object), 'DECRYPT_FAILED', undefined);
    await rejectsWith(read(object, { ...legacy, delayedAuthentication: true }), 'DECRYPT_FAILED');
    await rejectsWith(read({ ...object, contentLength: object.body.length }), 'DECRYPT_FAILED');
  }
});

test('a body with more or fewer bytes than the caller-given contentLength is refused', async () => {
  const object = gcmObject(randomBytes(50));
  for (const contentLength of [object.body.length - 1, object.body.length + 1]) {
    await rejectsWith(read({ ...object, contentLength }), 'DECRYPT_FAILED');
    await rejectsWith(read({ ...object, contentLength }, { ...legacy, delayedAuthentication: true }), 'DECRYPT_FAILED');
  }
  const cbc = cbcObject(Buffer.alloc(48, 1));
  await rejectsWith(read({ ...cbc, contentLength: cbc.body.length - 16 }), 'DECRYPT_FAILED');
});

test('malformed arguments are INVALID_ARGUMENT, never a TypeError', async () => {
  const object = gcmObject(randomBytes(10));
  const shapes: unknown[] = [
    null,
    'body',
    { ...object, metadata: null },
    { ...object, metadata: 'x-amz-key-v2' },
    { ...object, metadata: [] },
    { ...object, instructionFile: 42 },
    { ...object, contentLength: -1 },
    { ...object, contentLength: 1.5 },
  ];
  for (const stored of shapes) await rejectsWith(() => decryptObject(stored as StoredObject, { keyring, ...legacy }), 'INVALID_ARGUMENT');
  await rejectsWith(() => decryptObject(object, null as unknown as DecryptPolicy), 'INVALID_ARGUMENT');
});

test('a failing body stream is BODY_READ_FAILED; after released plaintext it says so', async () => {
  const plaintext = randomBytes(4096);
  const object = gcmObject(plaintext);
  async function* breaking(): AsyncGenerator<Uint8Array> {
    yield object.body.subarray(0, 2048);
    throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
  }
  const buffered = await rejectsWith(read({ ...object, body: breaking() }), 'BODY_READ_FAILED', /after 2048 bytes: Error: aborted \(ECONNRESET\)/);
  assert.is(buffered.releasedUnauthenticatedBytes, undefined, 'nothing was released');
  const delayed = await rejectsWith(read({ ...object, body: breaking() }, { ...legacy, delayedAuthentication: true }), 'BODY_READ_FAILED');
  assert.ok(delayed.releasedUnauthenticatedBytes! > 0);
  assert.match(delayed.message, new RegExp(`${delayed.releasedUnauthenticatedBytes} plaintext bytes had already been released unauthenticated`));
  assert.ok((delayed.cause as { code?: string }).code === 'ECONNRESET', 'the source error is the cause');
});

test.run();
