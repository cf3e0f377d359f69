import { createCipheriv, createDecipheriv, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContentAlgorithm, WrapAlgorithm } from '../src/algorithms.js';
import { S3EncryptionError } from '../src/errors.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import type { Envelope } from '../src/metadata/envelope.js';
import { rejectsWith as rejects } from '../../testkit/expect-error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const b64 = (s: string) => Buffer.from(s, 'base64');

function envelope(wrap: WrapAlgorithm, encryptedKey: Uint8Array, content: ContentAlgorithm = 'gcm'): Envelope {
  return { format: content === 'gcm-committing' ? 'v3' : 'v2', content, wrap, encryptedKey, description: {} };
}

async function unwrap(keyring: AesKeyring, env: Envelope, legacyWrapping = false): Promise<Buffer> {
  return Buffer.from(await keyring.unwrap({ envelope: env, legacyWrapping }));
}

/** docs/format-notes.md §3.6 built from node:crypto: IV ‖ GCM(dataKey, AAD = content id) ‖ tag. */
function gcmEdk(master: Buffer, dataKey: Buffer, aad: string, iv = randomBytes(12)): Buffer {
  const cipher = createCipheriv(`aes-${master.length * 8}-gcm` as 'aes-256-gcm', master, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
}

/** docs/format-notes.md §3.1: Java Cipher("AES") = AES-ECB with PKCS#5 padding. */
function ecbEdk(master: Buffer, dataKey: Buffer, padding = true): Buffer {
  const cipher = createCipheriv(`aes-${master.length * 8}-ecb`, master, null);
  cipher.setAutoPadding(padding);
  return Buffer.concat([cipher.update(dataKey), cipher.final()]);
}

const master = randomBytes(32);
const keyring = new AesKeyring({ key: master, description: { purpose: 'test' } });

// --- AES/GCM (current) -----------------------------------------------------------------------

test('AES/GCM: hand-built V2 EDK (AAD AES/GCM/NoPadding) unwraps for 128/192/256-bit masters', async () => {
  for (const size of [16, 24, 32]) {
    const m = randomBytes(size);
    const dataKey = randomBytes(32);
    const got = await unwrap(new AesKeyring({ key: m }), envelope('AES/GCM', gcmEdk(m, dataKey, 'AES/GCM/NoPadding')));
    assert.equal(got, dataKey);
  }
});

test('AES/GCM: hand-built V3 EDK (AAD "115") unwraps for gcm-committing content', async () => {
  const dataKey = randomBytes(32);
  const got = await unwrap(keyring, envelope('AES/GCM', gcmEdk(master, dataKey, '115'), 'gcm-committing'));
  assert.equal(got, dataKey);
});

test('AES/GCM: a 16-byte data key (44-byte EDK) is accepted', async () => {
  const dataKey = randomBytes(16);
  assert.equal(await unwrap(keyring, envelope('AES/GCM', gcmEdk(master, dataKey, 'AES/GCM/NoPadding'))), dataKey);
});

test('wrap: 60-byte IV‖ct‖tag that node:crypto opens with the content-id AAD; own description stored', async () => {
  for (const size of [16, 24, 32]) {
    const m = randomBytes(size);
    const ring = new AesKeyring({ key: m, description: { owner: 'me' } });
    for (const [content, aad] of [
      ['gcm', 'AES/GCM/NoPadding'],
      ['gcm-committing', '115'],
    ] as const) {
      const wrapped = await ring.wrap({ content, description: { ignored: 'yes' } });
      assert.is(wrapped.wrap, 'AES/GCM');
      assert.is(wrapped.dataKey.length, 32);
      assert.is(wrapped.encryptedKey.length, 60);
      assert.equal(wrapped.description, { owner: 'me' });
      const edk = Buffer.from(wrapped.encryptedKey);
      const decipher = createDecipheriv(`aes-${size * 8}-gcm` as 'aes-256-gcm', m, edk.subarray(0, 12));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(edk.subarray(44));
      assert.equal(Buffer.concat([decipher.update(edk.subarray(12, 44)), decipher.final()]), Buffer.from(wrapped.dataKey));
      // and the keyring reads back what it wrote
      assert.equal(await unwrap(ring, envelope('AES/GCM', edk, content)), Buffer.from(wrapped.dataKey));
    }
  }
});

test('wrap: fresh data key and IV each time; default description is {}', async () => {
  const ring = new AesKeyring({ key: randomBytes(32) });
  const a = await ring.wrap({ content: 'gcm', description: {} });
  const b = await ring.wrap({ content: 'gcm', description: {} });
  assert.not.equal(Buffer.from(a.dataKey), Buffer.from(b.dataKey));
  assert.not.equal(Buffer.from(a.encryptedKey).subarray(0, 12), Buffer.from(b.encryptedKey).subarray(0, 12));
  assert.equal(a.description, {});
  assert.equal(ring.description, {});
});

test('wrap: CBC content is refused (UNSUPPORTED)', async () => {
  await rejects(keyring.wrap({ content: 'cbc', description: {} }), 'UNSUPPORTED');
});

test('AES/GCM negatives: wrong master, tampered IV/ct/tag, AAD swap, truncated -> DECRYPT_FAILED', async () => {
  const dataKey = randomBytes(32);
  const edk = gcmEdk(master, dataKey, 'AES/GCM/NoPadding');
  await rejects(unwrap(new AesKeyring({ key: randomBytes(32) }), envelope('AES/GCM', edk)), 'DECRYPT_FAILED');
  for (const position of [0, 11, 12, 43, 44, 59]) {
    const tampered = Buffer.from(edk);
    tampered[position]! ^= 0x01;
    await rejects(unwrap(keyring, envelope('AES/GCM', tampered)), 'DECRYPT_FAILED');
  }
  // content-algorithm swap: wrapped for V2 GCM, object claims the committing suite (and back)
  await rejects(unwrap(keyring, envelope('AES/GCM', edk, 'gcm-committing')), 'DECRYPT_FAILED');
  const v3 = gcmEdk(master, dataKey, '115');
  await rejects(unwrap(keyring, envelope('AES/GCM', v3, 'gcm')), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('AES/GCM', edk.subarray(0, 59))), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('AES/GCM', Buffer.alloc(0))), 'DECRYPT_FAILED');
  // a 20-byte data key is not a valid AES key, even when correctly authenticated
  await rejects(unwrap(keyring, envelope('AES/GCM', gcmEdk(master, randomBytes(20), 'AES/GCM/NoPadding'))), 'DECRYPT_FAILED');
});

test('wraps of other keyring kinds -> KEY_MISMATCH (legacy switch irrelevant)', async () => {
  const edk = randomBytes(256);
  for (const wrap of ['RSA-OAEP-SHA1', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding', 'kms', 'kms+context', 'none'] as const) {
    for (const legacy of [false, true]) {
      const error = await rejects(unwrap(keyring, envelope(wrap, edk), legacy), 'KEY_MISMATCH');
      assert.is(error.category, 'config');
    }
  }
});

// --- AESWrap (RFC 3394, legacy) ----------------------------------------------------------------

const KEK = hex('000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F');

test('AESWrap: RFC 3394 §4.1-4.6 known answers', async () => {
  const vectors: Array<[number, string, string]> = [
    [16, '1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5', '00112233445566778899AABBCCDDEEFF'],
    [24, '96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D', '00112233445566778899AABBCCDDEEFF'],
    [32, '64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7', '00112233445566778899AABBCCDDEEFF'],
    [24, '031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2', '00112233445566778899AABBCCDDEEFF0001020304050607'],
    [32, 'A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1', '00112233445566778899AABBCCDDEEFF0001020304050607'],
    [32, '28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21', '00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F'],
  ];
  for (const [kekBytes, wrapped, key] of vectors) {
    const ring = new AesKeyring({ key: KEK.subarray(0, kekBytes) });
    assert.equal(await unwrap(ring, envelope('AESWrap', hex(wrapped), 'cbc'), true), hex(key));
  }
});

test('AESWrap negatives: integrity failure, wrong length, legacy off', async () => {
  const ring = new AesKeyring({ key: KEK });
  const wrapped = hex('28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21');
  const tampered = Buffer.from(wrapped);
  tampered[20]! ^= 0x80;
  await rejects(unwrap(ring, envelope('AESWrap', tampered), true), 'DECRYPT_FAILED');
  await rejects(unwrap(new AesKeyring({ key: randomBytes(32) }), envelope('AESWrap', wrapped), true), 'DECRYPT_FAILED');
  await rejects(unwrap(ring, envelope('AESWrap', wrapped.subarray(0, 39)), true), 'DECRYPT_FAILED');
  await rejects(unwrap(ring, envelope('AESWrap', wrapped.subarray(0, 16)), true), 'DECRYPT_FAILED');
  await rejects(unwrap(ring, envelope('AESWrap', wrapped), false), 'LEGACY_DISABLED');
});

// --- EncryptionOnly AES-ECB (legacy) -----------------------------------------------------------

test('EncryptionOnly: AES-ECB/PKCS#5 EDKs built with node:crypto unwrap', async () => {
  for (const [masterBytes, keyBytes, edkBytes] of [
    [32, 32, 48],
    [16, 16, 32],
    [24, 24, 32],
  ] as const) {
    const m = randomBytes(masterBytes);
    const dataKey = randomBytes(keyBytes);
    const edk = ecbEdk(m, dataKey);
    assert.is(edk.length, edkBytes);
    assert.equal(await unwrap(new AesKeyring({ key: m }), envelope('none', edk, 'cbc'), true), dataKey);
  }
});

// aws/aws-sdk-ruby @ bac3491f811717dcf592b01bd771f2db63afdb35, gems/aws-sdk-s3/spec/encryption/client_spec.rb
// (vectors/public/public-kats.json case ruby-v1-symmetric-master-key-aes-ecb-wrap-cbc).
const RUBY = {
  masterKey: b64('kM5UVbhE/4rtMZJfsadYEdm2vaKFsmV2f5+URSeUCV4='),
  wrongMasterKey: Buffer.alloc(32, '.'),
  encryptedKey: b64('gX+a4JQYj7FP0y5TAAvxTz4e2l0DvOItbXByml/NPtKQcUlsoGHoYR/T0TuYHcNj'),
  iv: b64('TO5mQgtOzWkTfoX4RE5tsA=='),
  dataKey: hex('b92c2c46520c858d6495562b82a71eaa399032601170d97bac42965beec756f0'),
  body: b64('JIgXCTXpeQerPLiU6dVL4Q=='),
};

test('EncryptionOnly: Ruby V1 known answer unwraps, and its data key opens the CBC body', async () => {
  const env: Envelope = { format: 'v1', content: 'cbc', wrap: 'none', encryptedKey: RUBY.encryptedKey, iv: RUBY.iv, description: {} };
  const dataKey = await unwrap(new AesKeyring({ key: RUBY.masterKey }), env, true);
  assert.equal(dataKey, RUBY.dataKey);
  const decipher = createDecipheriv('aes-256-cbc', dataKey, RUBY.iv);
  assert.is(Buffer.concat([decipher.update(RUBY.body), decipher.final()]).toString('utf8'), 'secret');
  // Ruby's negative: the same object under master key "." * 32 fails at the padding check
  await rejects(unwrap(new AesKeyring({ key: RUBY.wrongMasterKey }), env, true), 'DECRYPT_FAILED');
  await rejects(unwrap(new AesKeyring({ key: RUBY.masterKey }), env, false), 'LEGACY_DISABLED');
});

test('EncryptionOnly negatives: bad padding, bad length, non-AES key size -> DECRYPT_FAILED', async () => {
  const m = randomBytes(32);
  const ring = new AesKeyring({ key: m });
  // 48 zero bytes without padding: the last plaintext byte is 0x00, never valid PKCS#5 padding
  await rejects(unwrap(ring, envelope('none', ecbEdk(m, Buffer.alloc(48), false), 'cbc'), true), 'DECRYPT_FAILED');
  await rejects(unwrap(ring, envelope('none', randomBytes(40), 'cbc'), true), 'DECRYPT_FAILED');
  // correctly padded, but a 20-byte key is no AES key (postcondition)
  await rejects(unwrap(ring, envelope('none', ecbEdk(m, randomBytes(20)), 'cbc'), true), 'DECRYPT_FAILED');
  // EO legacy off is refused before any key use, even for a well-formed EDK
  await rejects(unwrap(ring, envelope('none', ecbEdk(m, randomBytes(32)), 'cbc'), false), 'LEGACY_DISABLED');
});

test('failure messages carry no key bytes', async () => {
  const error = await rejects(unwrap(new AesKeyring({ key: RUBY.wrongMasterKey }), envelope('none', RUBY.encryptedKey, 'cbc'), true), 'DECRYPT_FAILED');
  for (const secret of [RUBY.wrongMasterKey, RUBY.encryptedKey]) {
    assert.not.ok(error.message.includes(secret.toString('hex')));
    assert.not.ok(error.message.includes(secret.toString('base64')));
  }
  assert.is(error.cause, undefined);
});

// --- construction --------------------------------------------------------------------------------

test('constructor: master key must be 16, 24 or 32 bytes (INVALID_ARGUMENT)', async () => {
  for (const size of [0, 15, 20, 31, 33, 64]) {
    assert.throws(
      () => new AesKeyring({ key: randomBytes(size) }),
      (e: unknown) => e instanceof S3EncryptionError && e.code === 'INVALID_ARGUMENT',
    );
  }
  assert.throws(
    () => new AesKeyring({ key: createSecretKey(randomBytes(20)) }),
    (e: unknown) => e instanceof S3EncryptionError && e.code === 'INVALID_ARGUMENT',
  );
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  assert.throws(
    () => new AesKeyring({ key: publicKey }),
    (e: unknown) => e instanceof S3EncryptionError && e.code === 'INVALID_ARGUMENT',
  );
  assert.throws(
    () => new AesKeyring({ key: 'not bytes' as unknown as Uint8Array }),
    (e: unknown) => e instanceof S3EncryptionError && e.code === 'INVALID_ARGUMENT',
  );
});

test('constructor: a secret KeyObject works; the key and description are copied', async () => {
  const bytes = randomBytes(32);
  const description = { a: '1' };
  const ring = new AesKeyring({ key: bytes, description });
  const fromKeyObject = new AesKeyring({ key: createSecretKey(bytes) });
  const dataKey = randomBytes(32);
  const edk = gcmEdk(Buffer.from(bytes), dataKey, 'AES/GCM/NoPadding');
  bytes.fill(0);
  description.a = 'changed';
  assert.equal(await unwrap(ring, envelope('AES/GCM', edk)), dataKey);
  assert.equal(await unwrap(fromKeyObject, envelope('AES/GCM', edk)), dataKey);
  assert.equal(ring.description, { a: '1' });
  assert.is(ring.kind, 'aes');
});

test.run();
