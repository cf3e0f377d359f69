import { constants, createHash, generateKeyPairSync, privateDecrypt, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContentAlgorithm, WrapAlgorithm } from '../src/algorithms.js';
import { S3EncryptionError } from '../src/errors.js';
import { decodeOaep, decodePkcs1v15 } from '../src/keyrings/oaep.js';
import { RsaKeyring } from '../src/keyrings/rsa.js';
import type { Envelope } from '../src/metadata/envelope.js';
import { rejectsWith as rejects } from '../../testkit/expect-error.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const K = 256; // modulus bytes
const keyring = new RsaKeyring({ privateKey, description: { who: 'rsa-test' } });

function envelope(wrap: WrapAlgorithm, encryptedKey: Uint8Array, content: ContentAlgorithm = 'gcm'): Envelope {
  return { format: content === 'gcm-committing' ? 'v3' : 'v2', content, wrap, encryptedKey, description: {} };
}

async function unwrap(ring: RsaKeyring, env: Envelope, legacyWrapping = false): Promise<Buffer> {
  return Buffer.from(await ring.unwrap({ envelope: env, legacyWrapping }));
}

function invalidArgument(e: unknown): boolean {
  return e instanceof S3EncryptionError && e.code === 'INVALID_ARGUMENT';
}

/** docs/format-notes.md §3.7: OAEP(SHA-1, MGF1-SHA-1) over [len] ‖ key ‖ UTF-8 content id, via node:crypto. */
function compositeEdk(dataKey: Buffer, id: string, lengthByte = dataKey.length, key: KeyObject = publicKey): Buffer {
  const composite = Buffer.concat([Buffer.of(lengthByte), dataKey, Buffer.from(id, 'utf8')]);
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, composite);
}

/** Independent MGF1 (RFC 8017 §B.2.1) for the hand-made OAEP encoder below. */
function testMgf1(seed: Buffer, length: number, hash: string): Buffer {
  let output = Buffer.alloc(0);
  for (let counter = 0; output.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    output = Buffer.concat([output, createHash(hash).update(seed).update(c).digest()]);
  }
  return output.subarray(0, length);
}

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((x, i) => x ^ b[i]!));

/** EME-OAEP encoding, RFC 8017 §7.1.1, SHA-256 label hash and a chosen MGF1 hash. */
function oaepEncode(message: Buffer, mgfHash: string, tweak: (db: Buffer) => void = () => {}): Buffer {
  const hLen = 32;
  const lHash = createHash('sha256').digest();
  const db = Buffer.concat([lHash, Buffer.alloc(K - message.length - 2 * hLen - 2), Buffer.of(1), message]);
  tweak(db);
  const seed = randomBytes(hLen);
  const maskedDb = xor(db, testMgf1(seed, K - hLen - 1, mgfHash));
  const maskedSeed = xor(seed, testMgf1(maskedDb, hLen, mgfHash));
  return Buffer.concat([Buffer.of(0), maskedSeed, maskedDb]);
}

const rawEncrypt = (em: Buffer, key: KeyObject = publicKey) => publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, em);

/** EME-PKCS1-v1_5 encoding, RFC 8017 §7.2.1, with adjustable block type and PS length. */
function pkcs1Encode(message: Buffer, psLength = K - message.length - 3, blockType = 2): Buffer {
  const ps = Buffer.alloc(psLength);
  for (let i = 0; i < psLength; i++) ps[i] = 1 + (randomBytes(1)[0]! % 255);
  const em = Buffer.concat([Buffer.of(0, blockType), ps, Buffer.of(0), message]);
  return Buffer.concat([em, randomBytes(K - em.length).map((b) => b | 1)]).subarray(0, K);
}

// --- RSA-OAEP-SHA1 (current) ----------------------------------------------------------------------

test('RSA-OAEP-SHA1: hand-built composites unwrap (V2 id, V3 id "115", 16/24-byte keys)', async () => {
  const dk = randomBytes(32);
  assert.equal(await unwrap(keyring, envelope('RSA-OAEP-SHA1', compositeEdk(dk, 'AES/GCM/NoPadding'))), dk);
  assert.equal(await unwrap(keyring, envelope('RSA-OAEP-SHA1', compositeEdk(dk, '115'), 'gcm-committing')), dk);
  for (const size of [16, 24]) {
    const small = randomBytes(size);
    assert.equal(await unwrap(keyring, envelope('RSA-OAEP-SHA1', compositeEdk(small, 'AES/GCM/NoPadding'))), small);
  }
});

test('wrap: RSA-OAEP-SHA1 composite that node:crypto opens; own description stored', async () => {
  for (const [content, id] of [
    ['gcm', 'AES/GCM/NoPadding'],
    ['gcm-committing', '115'],
  ] as const) {
    const wrapped = await keyring.wrap({ content, description: { ignored: 'yes' } });
    assert.is(wrapped.wrap, 'RSA-OAEP-SHA1');
    assert.is(wrapped.encryptedKey.length, K);
    assert.equal(wrapped.description, { who: 'rsa-test' });
    const composite = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrapped.encryptedKey);
    assert.equal(composite, Buffer.concat([Buffer.of(32), wrapped.dataKey, Buffer.from(id)]));
    assert.is(composite.length, content === 'gcm' ? 50 : 36);
    assert.equal(await unwrap(keyring, envelope('RSA-OAEP-SHA1', wrapped.encryptedKey, content)), Buffer.from(wrapped.dataKey));
  }
});

test('wrap: public-key-only keyring wraps (PEM input) but cannot unwrap (KEY_MISMATCH); CBC refused', async () => {
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const wrapOnly = new RsaKeyring({ publicKey: pem });
  const wrapped = await wrapOnly.wrap({ content: 'gcm', description: {} });
  assert.equal(wrapped.description, {});
  assert.equal(await unwrap(keyring, envelope('RSA-OAEP-SHA1', wrapped.encryptedKey)), Buffer.from(wrapped.dataKey));
  await rejects(unwrap(wrapOnly, envelope('RSA-OAEP-SHA1', wrapped.encryptedKey)), 'KEY_MISMATCH');
  await rejects(wrapOnly.wrap({ content: 'cbc', description: {} }), 'UNSUPPORTED');
});

test('RSA-OAEP-SHA1 negatives -> DECRYPT_FAILED', async () => {
  const dk = randomBytes(32);
  const v2 = compositeEdk(dk, 'AES/GCM/NoPadding');
  // content-algorithm downgrade / swap: the composite names a different content id
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', v2, 'gcm-committing')), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', compositeEdk(dk, '115'), 'gcm')), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', compositeEdk(dk, 'AES/GCM/NoPadding '))), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', compositeEdk(dk, ''))), 'DECRYPT_FAILED');
  // wrong length byte
  for (const lengthByte of [31, 20, 0, 255]) {
    await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', compositeEdk(dk, 'AES/GCM/NoPadding', lengthByte))), 'DECRYPT_FAILED');
  }
  // wrong private key, corrupted EDK, wrong EDK length
  await rejects(unwrap(new RsaKeyring({ privateKey: other.privateKey }), envelope('RSA-OAEP-SHA1', v2)), 'DECRYPT_FAILED');
  const corrupted = Buffer.from(v2);
  corrupted[100]! ^= 0x04;
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', corrupted)), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', v2.subarray(1))), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', Buffer.concat([v2, Buffer.of(0)]))), 'DECRYPT_FAILED');
  // RFC 8017 wants exactly k bytes; OpenSSL would also accept a ciphertext with its leading zero dropped
  let leadingZero = compositeEdk(dk, 'AES/GCM/NoPadding');
  while (leadingZero[0] !== 0) leadingZero = compositeEdk(dk, 'AES/GCM/NoPadding');
  assert.equal(await unwrap(keyring, envelope('RSA-OAEP-SHA1', leadingZero)), dk);
  await rejects(unwrap(keyring, envelope('RSA-OAEP-SHA1', leadingZero.subarray(1))), 'DECRYPT_FAILED');
});

// --- RSA/ECB/OAEPWithSHA-256AndMGF1Padding (legacy) -------------------------------------------------

const LEGACY_OAEP = 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding';

test('legacy OAEP-SHA256: BouncyCastle form (MGF1-SHA256, built by node:crypto) unwraps', async () => {
  const dk = randomBytes(32);
  const edk = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, dk);
  assert.equal(await unwrap(keyring, envelope(LEGACY_OAEP, edk), true), dk);
});

test('legacy OAEP-SHA256: SunJCE form (MGF1-SHA1, hand-encoded) unwraps', async () => {
  for (const size of [16, 24, 32]) {
    const dk = randomBytes(size);
    assert.equal(await unwrap(keyring, envelope(LEGACY_OAEP, rawEncrypt(oaepEncode(dk, 'sha1')), 'cbc'), true), dk);
  }
  // the hand encoder agrees with OpenSSL when both hashes are SHA-256
  const dk = randomBytes(32);
  const em = oaepEncode(dk, 'sha256');
  assert.equal(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, rawEncrypt(em)), dk);
});

test('legacy OAEP-SHA256 negatives: malformed DB, wrong key, non-AES key length, legacy off', async () => {
  const dk = randomBytes(32);
  const bad = (tweak: (db: Buffer) => void) => rawEncrypt(oaepEncode(dk, 'sha1', tweak));
  await rejects(
    unwrap(
      keyring,
      envelope(
        LEGACY_OAEP,
        bad((db) => (db[0]! ^= 1)),
      ),
      true,
    ),
    'DECRYPT_FAILED',
  ); // lHash
  await rejects(
    unwrap(
      keyring,
      envelope(
        LEGACY_OAEP,
        bad((db) => (db[40] = 7)),
      ),
      true,
    ),
    'DECRYPT_FAILED',
  ); // PS byte
  await rejects(
    unwrap(
      keyring,
      envelope(
        LEGACY_OAEP,
        bad((db) => db.fill(0, 32)),
      ),
      true,
    ),
    'DECRYPT_FAILED',
  ); // no 0x01
  await rejects(unwrap(keyring, envelope(LEGACY_OAEP, rawEncrypt(oaepEncode(randomBytes(20), 'sha1'))), true), 'DECRYPT_FAILED');
  const good = rawEncrypt(oaepEncode(dk, 'sha1'));
  await rejects(unwrap(new RsaKeyring({ privateKey: other.privateKey }), envelope(LEGACY_OAEP, good), true), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope(LEGACY_OAEP, good), false), 'LEGACY_DISABLED');
  // an OAEP-SHA1 composite is not readable as the legacy wrap
  await rejects(unwrap(keyring, envelope(LEGACY_OAEP, compositeEdk(dk, 'AES/GCM/NoPadding')), true), 'DECRYPT_FAILED');
});

// --- EncryptionOnly RSA = PKCS#1 v1.5 (legacy) ------------------------------------------------------

test('EncryptionOnly RSA: PKCS#1 v1.5 EDKs from node:crypto unwrap', async () => {
  for (const size of [16, 24, 32]) {
    const dk = randomBytes(size);
    const edk = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, dk);
    assert.equal(await unwrap(keyring, { ...envelope('none', edk, 'cbc'), format: 'v1' }, true), dk);
  }
  // the hand encoder's output is read the same way
  const dk = randomBytes(32);
  assert.equal(await unwrap(keyring, envelope('none', rawEncrypt(pkcs1Encode(dk)), 'cbc'), true), dk);
});

test('EncryptionOnly RSA negatives: 20-byte payload, short PS, block type 1, no separator, legacy off', async () => {
  const pkcs1 = (m: Buffer) => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, m);
  await rejects(unwrap(keyring, envelope('none', pkcs1(randomBytes(20)), 'cbc'), true), 'DECRYPT_FAILED');
  const dk = randomBytes(32);
  // PS of 7 bytes: the message then includes the rest of the block, but the rule fails first
  await rejects(unwrap(keyring, envelope('none', rawEncrypt(pkcs1Encode(dk, 7)), 'cbc'), true), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('none', rawEncrypt(pkcs1Encode(dk, K - 35, 1)), 'cbc'), true), 'DECRYPT_FAILED');
  const noSeparator = Buffer.concat([Buffer.of(0, 2), Buffer.alloc(K - 2, 0x33)]);
  await rejects(unwrap(keyring, envelope('none', rawEncrypt(noSeparator), 'cbc'), true), 'DECRYPT_FAILED');
  await rejects(unwrap(new RsaKeyring({ privateKey: other.privateKey }), envelope('none', pkcs1(dk), 'cbc'), true), 'DECRYPT_FAILED');
  await rejects(unwrap(keyring, envelope('none', pkcs1(dk), 'cbc'), false), 'LEGACY_DISABLED');
});

test('bad padding and wrong key are indistinguishable: same code, same message, no cause', async () => {
  const dk = randomBytes(32);
  const cases: Array<[RsaKeyring, Envelope, boolean]> = [
    [keyring, envelope('RSA-OAEP-SHA1', compositeEdk(dk, '115')), false], // bad content id
    [new RsaKeyring({ privateKey: other.privateKey }), envelope('RSA-OAEP-SHA1', compositeEdk(dk, 'AES/GCM/NoPadding')), false],
    [keyring, envelope('none', rawEncrypt(pkcs1Encode(dk, 7)), 'cbc'), true], // bad padding
    [new RsaKeyring({ privateKey: other.privateKey }), envelope('none', publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, dk), 'cbc'), true],
    [keyring, envelope(LEGACY_OAEP, rawEncrypt(oaepEncode(dk, 'sha1', (db) => (db[0]! ^= 1))), 'cbc'), true],
    [keyring, envelope('RSA-OAEP-SHA1', randomBytes(K - 1)), false],
  ];
  const messages = new Set<string>();
  for (const [ring, env, legacy] of cases) {
    const error = await rejects(unwrap(ring, env, legacy), 'DECRYPT_FAILED');
    assert.is(error.cause, undefined);
    assert.not.ok(error.message.includes(dk.toString('hex')));
    messages.add(error.message);
  }
  assert.is(messages.size, 1);
});

test('wraps of other keyring kinds -> KEY_MISMATCH', async () => {
  for (const [wrap, length] of [
    ['AES/GCM', 60],
    ['AESWrap', 40],
    ['kms', 184],
    ['kms+context', 184],
    ['none', 48],
    ['none', 32],
  ] as const) {
    for (const legacy of [false, true]) {
      await rejects(unwrap(keyring, envelope(wrap, randomBytes(length)), legacy), 'KEY_MISMATCH');
    }
  }
});

// --- construction --------------------------------------------------------------------------------

test('constructor: key validation (INVALID_ARGUMENT)', () => {
  assert.throws(() => new RsaKeyring({}), invalidArgument);
  assert.throws(() => new RsaKeyring({ privateKey: 'not a pem' }), invalidArgument);
  assert.throws(() => new RsaKeyring({ publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' }), invalidArgument);
  assert.throws(() => new RsaKeyring({ privateKey: publicKey }), invalidArgument); // a public key as private
  assert.throws(() => new RsaKeyring({ publicKey: privateKey }), invalidArgument);
  assert.throws(() => new RsaKeyring({ publicKey: other.publicKey, privateKey }), invalidArgument); // not a pair
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  assert.throws(() => new RsaKeyring({ privateKey: ec.privateKey }), invalidArgument);
  const tiny = generateKeyPairSync('rsa', { modulusLength: 512 });
  assert.throws(() => new RsaKeyring({ privateKey: tiny.privateKey }), invalidArgument);
});

test('constructor: PEM private key, explicit matching pair, description copied', async () => {
  const description = { k: 'v' };
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const fromPem = new RsaKeyring({ privateKey: pem, publicKey, description });
  description.k = 'changed';
  assert.equal(fromPem.description, { k: 'v' });
  assert.is(fromPem.kind, 'rsa');
  const dk = randomBytes(32);
  assert.equal(await unwrap(fromPem, envelope('RSA-OAEP-SHA1', compositeEdk(dk, 'AES/GCM/NoPadding'))), dk);
});

// --- the decoders on their own (inputs RSA would not produce) -------------------------------------

test('decodeOaep / decodePkcs1v15: structural rejections', () => {
  const dk = randomBytes(32);
  const em = oaepEncode(dk, 'sha256');
  assert.equal(Buffer.from(decodeOaep(em, { labelHash: 'sha256', mgfHash: 'sha256' })!), dk);
  assert.is(decodeOaep(em, { labelHash: 'sha256', mgfHash: 'sha1' }), undefined);
  assert.is(decodeOaep(em, { labelHash: 'sha256', mgfHash: 'sha256', label: Buffer.from('x') }), undefined);
  const nonZeroY = Buffer.from(em);
  nonZeroY[0] = 1;
  assert.is(decodeOaep(nonZeroY, { labelHash: 'sha256', mgfHash: 'sha256' }), undefined);
  assert.is(decodeOaep(em.subarray(0, 65), { labelHash: 'sha256', mgfHash: 'sha256' }), undefined);
  const pk = pkcs1Encode(dk);
  assert.equal(Buffer.from(decodePkcs1v15(pk)!), dk);
  const nonZeroFirst = Buffer.from(pk);
  nonZeroFirst[0] = 1;
  assert.is(decodePkcs1v15(nonZeroFirst), undefined);
  assert.is(decodePkcs1v15(pk.subarray(0, 10)), undefined);
  // PS of exactly 8 non-zero bytes is the minimum; 7 is too short
  assert.equal(Buffer.from(decodePkcs1v15(Buffer.of(0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0xaa))!), Buffer.of(0xaa));
  assert.is(decodePkcs1v15(Buffer.of(0, 2, 1, 2, 3, 4, 5, 6, 7, 0, 0xaa, 0xbb)), undefined);
});

test.run();
