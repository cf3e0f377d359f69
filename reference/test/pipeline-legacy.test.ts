/**
 * Legacy objects built byte by byte from the format facts (docs/format-notes.md §2.1, §3.1–3.3) with
 * node:crypto alone, never with our writer: what the Java SDK v1 clients left in S3.
 */
import { constants, createCipheriv, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AesKeyring } from '../src/keyrings/aes.js';
import { RsaKeyring } from '../src/keyrings/rsa.js';
import { decryptObject, type StoredObject } from '../src/pipeline/decrypt.js';
import type { DecryptPolicy } from '../src/pipeline/options.js';
import { rejectsWith } from '../../testkit/expect-error.js';
import { readAll } from './support/streams.js';

const master = randomBytes(32);
const aes = new AesKeyring({ key: master });
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa = new RsaKeyring({ privateKey, publicKey });
const plaintext = Buffer.from(`written by AmazonS3EncryptionClient in 2019, read in 2026: ${'z'.repeat(1000)}`);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

function gcmBody(dataKey: Buffer, iv: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function cbcBody(dataKey: Buffer, iv: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', dataKey, iv);
  return Buffer.concat([c.update(plaintext), c.final()]);
}

/** J1-V1 client, AuthenticatedEncryption, symmetric master key: AESWrap (RFC 3394) + GCM. */
function aesWrapGcmObject(): StoredObject {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const wrap = createCipheriv('id-aes256-wrap', master, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
  const edk = Buffer.concat([wrap.update(dataKey), wrap.final()]);
  return {
    body: gcmBody(dataKey, iv),
    metadata: {
      'x-amz-meta-x-amz-key-v2': b64(edk),
      'x-amz-meta-x-amz-iv': b64(iv),
      'x-amz-meta-x-amz-matdesc': '{}',
      'x-amz-meta-x-amz-wrap-alg': 'AESWrap',
      'x-amz-meta-x-amz-cek-alg': 'AES/GCM/NoPadding',
      'x-amz-meta-x-amz-tag-len': '128',
      'x-amz-meta-x-amz-unencrypted-content-length': String(plaintext.length),
    },
  };
}

/** J1-V1 client, AuthenticatedEncryption, RSA key pair with Bouncy Castle: OAEP SHA-256 / MGF1-SHA256 + GCM. */
function rsaOaep256GcmObject(): StoredObject {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const edk = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, dataKey);
  return {
    body: gcmBody(dataKey, iv),
    metadata: {
      'x-amz-key-v2': b64(edk),
      'x-amz-iv': b64(iv),
      'x-amz-matdesc': '{}',
      'x-amz-wrap-alg': 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding',
      'x-amz-cek-alg': 'AES/GCM/NoPadding',
    },
  };
}

/** J1-V1 client, EncryptionOnly (its default), RSA key pair: V1 metadata, PKCS#1 v1.5 wrap, CBC body. */
function rsaEncryptionOnlyObject(): StoredObject {
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const edk = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, dataKey);
  return { body: cbcBody(dataKey, iv), metadata: { 'x-amz-key': b64(edk), 'x-amz-iv': b64(iv), 'x-amz-matdesc': '{}' } };
}

/** J1-V1 client, EncryptionOnly, symmetric key: AES-ECB wrap, CBC body, envelope in an instruction file. */
function aesEncryptionOnlyInstructionFileObject(): StoredObject {
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const ecb = createCipheriv('aes-256-ecb', master, null);
  const edk = Buffer.concat([ecb.update(dataKey), ecb.final()]);
  return {
    body: cbcBody(dataKey, iv),
    metadata: { 'x-amz-unencrypted-content-length': String(plaintext.length) },
    instructionFile: JSON.stringify({ 'x-amz-key': b64(edk), 'x-amz-iv': b64(iv), 'x-amz-matdesc': '{}' }),
  };
}

/** V1 objects carry no key commitment: the policy must allow them (the default reads V3 only). */
const ALLOW: DecryptPolicy = { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' };
const LEGACY: DecryptPolicy = { ...ALLOW, legacyUnauthenticatedModes: true, legacyWrappingAlgorithms: true };
const cases: Array<[string, () => StoredObject, AesKeyring | RsaKeyring, string]> = [
  ['AESWrap + GCM', aesWrapGcmObject, aes, 'AESWrap'],
  ['RSA-OAEP-SHA256 + GCM', rsaOaep256GcmObject, rsa, 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding'],
  ['EncryptionOnly RSA + CBC (V1)', rsaEncryptionOnlyObject, rsa, 'none'],
  ['EncryptionOnly AES + CBC (V1, instruction file)', aesEncryptionOnlyInstructionFileObject, aes, 'none'],
];

for (const [name, build, keyring, wrap] of cases) {
  test(`${name}: refused with the legacy switches off, decrypted with them on`, async () => {
    const object = build();
    await rejectsWith(decryptObject(object, { keyring, ...ALLOW }), 'LEGACY_DISABLED');
    const dec = await decryptObject(object, { keyring, ...LEGACY });
    assert.is(dec.wrap, wrap);
    assert.equal(await readAll(dec.body), plaintext);
  });
}

test('CBC content needs the unauthenticated-modes switch even when the wrap switch is on', async () => {
  await rejectsWith(decryptObject(rsaEncryptionOnlyObject(), { keyring: rsa, ...ALLOW, legacyWrappingAlgorithms: true }), 'LEGACY_DISABLED', /CBC/);
  await rejectsWith(decryptObject(aesWrapGcmObject(), { keyring: aes, ...ALLOW, legacyUnauthenticatedModes: true }), 'LEGACY_DISABLED', /AESWrap/);
});

test('a CBC object reports its stored plaintext length', async () => {
  const dec = await decryptObject(aesEncryptionOnlyInstructionFileObject(), { keyring: aes, ...LEGACY });
  assert.is(dec.contentLength, plaintext.length);
  assert.is(dec.format, 'v1');
  assert.is(dec.content, 'cbc');
});

test('a legacy object under the wrong key fails like any bad tag', async () => {
  const other = new AesKeyring({ key: randomBytes(32) });
  await rejectsWith(decryptObject(aesWrapGcmObject(), { keyring: other, ...LEGACY }), 'DECRYPT_FAILED');
  await rejectsWith(decryptObject(rsaOaep256GcmObject(), { keyring: aes, ...LEGACY }), 'KEY_MISMATCH');
});

test('a tampered CBC body is not detected by the cipher: legacy reads are unauthenticated by nature', async () => {
  // Flipping a byte of the first block garbles plaintext without any error (only padding is checked):
  // this is why CBC stays behind an explicit opt-in.
  const object = rsaEncryptionOnlyObject();
  const body = Buffer.from(object.body as Buffer);
  body[0] = body[0]! ^ 1;
  const dec = await decryptObject({ ...object, body }, { keyring: rsa, ...LEGACY });
  const out = await readAll(dec.body);
  assert.is(out.length, plaintext.length);
  assert.is.not(out.equals(plaintext), true);
});

test.run();
