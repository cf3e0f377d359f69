/**
 * V3 (suite 0x0073) key derivation and commitment: the three public HKDF KATs, the Go V3 object
 * KAT opened end to end, and the commitment / length refusals.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deriveCommittedKeys, verifyCommitment, V3_CONTENT_AAD, V3_CONTENT_IV } from '../src/content/committing.js';
import { decryptGcmBuffered, decryptGcmStreaming, encryptGcm } from '../src/content/gcm.js';
import { rejectsWith as expectCode } from '../../testkit/expect-error.js';
import { chunks, readAll as drain } from './support/streams.js';

interface Kat {
  readonly id: string;
  readonly kind: string;
  readonly format?: string;
  readonly kdf?: {
    readonly dataKeyHex: string;
    readonly messageIdHex: string;
    readonly expectedEncryptionKeyHex: string;
    readonly expectedCommitmentKeyHex: string;
    readonly plaintextHex?: string;
    readonly ciphertextHex?: string;
    readonly authTagHex?: string;
  };
  readonly kmsReplay?: { readonly plaintextDataKeyBase64: string } | null;
  readonly metadata?: Record<string, string> | null;
  readonly ciphertextHex?: string;
  readonly expectedPlaintext?: { readonly encoding: 'hex'; readonly value: string } | null;
}
const KATS = (JSON.parse(readFileSync(new URL('../../vectors/public/public-kats.json', import.meta.url), 'utf8')) as { cases: Kat[] }).cases;
const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const kat = (id: string): Kat => KATS.find((k) => k.id === id)!;

const kdfKats = KATS.filter((k) => k.kind === 'kdf');
test('the KAT file has three HKDF cases', () => assert.is(kdfKats.length, 3));
for (const k of kdfKats) {
  test(`HKDF KAT ${k.id}`, () => {
    const keys = deriveCommittedKeys(hex(k.kdf!.dataKeyHex), hex(k.kdf!.messageIdHex));
    assert.is(keys.encryptionKey.toString('hex'), k.kdf!.expectedEncryptionKeyHex);
    assert.is(keys.commitment.toString('hex'), k.kdf!.expectedCommitmentKeyHex);
    verifyCommitment(hex(k.kdf!.expectedCommitmentKeyHex), keys.commitment);
  });
}

test('V3 content constants: IV is twelve 0x01 bytes, AAD is 00 73', () => {
  assert.is(V3_CONTENT_IV.toString('hex'), '010101010101010101010101');
  assert.is(V3_CONTENT_AAD.toString('hex'), '0073');
});

// Metadata keys arrive as x-amz-meta-x-amz-<name>; values are standard base64.
const meta = (k: Kat, name: string): Buffer => Buffer.from(k.metadata![`x-amz-meta-x-amz-${name}`]!, 'base64');

test('V3 object KAT: commitment verifies and the body opens with IV 01x12 and AAD 0073', async () => {
  const v3 = kat('s3ec-go-v4-v3format-kmscontext-commitkey');
  const dataKey = Buffer.from(v3.kmsReplay!.plaintextDataKeyBase64, 'base64');
  const keys = deriveCommittedKeys(dataKey, meta(v3, 'i'));
  verifyCommitment(meta(v3, 'd'), keys.commitment);
  const params = { key: keys.encryptionKey, iv: V3_CONTENT_IV, aad: V3_CONTENT_AAD };
  const body = hex(v3.ciphertextHex!);
  const expected = hex(v3.expectedPlaintext!.value);
  assert.equal(Buffer.concat(await decryptGcmBuffered(chunks(body), params, { maxCiphertextBytes: body.length })), expected);
  assert.equal(await drain(decryptGcmStreaming(chunks(body.subarray(0, 33), body.subarray(33)), params)), expected);
  assert.equal(await drain(encryptGcm(chunks(expected), params)), body);
});

test('V3 object KAT: the same body does not open without the AAD or with a zero IV', async () => {
  const v3 = kat('s3ec-go-v4-v3format-kmscontext-commitkey');
  const keys = deriveCommittedKeys(Buffer.from(v3.kmsReplay!.plaintextDataKeyBase64, 'base64'), meta(v3, 'i'));
  const body = hex(v3.ciphertextHex!);
  await expectCode(() => drain(decryptGcmStreaming(chunks(body), { key: keys.encryptionKey, iv: V3_CONTENT_IV })), 'DECRYPT_FAILED');
  await expectCode(() => drain(decryptGcmStreaming(chunks(body), { key: keys.encryptionKey, iv: Buffer.alloc(12), aad: V3_CONTENT_AAD })), 'DECRYPT_FAILED');
});

// kats.md finding 1: the PHP KAT ciphertext predates the released 0x01 IV, so it must not open with it.
test('PHP HKDF KAT ciphertext (pre-release zero IV) is refused under the released V3 IV', async () => {
  const k = kat('kdf-commitkey-with-gcm-php').kdf!;
  const body = Buffer.concat([hex(k.ciphertextHex!), hex(k.authTagHex!)]);
  const key = hex(k.expectedEncryptionKeyHex);
  await expectCode(() => drain(decryptGcmStreaming(chunks(body), { key, iv: V3_CONTENT_IV, aad: V3_CONTENT_AAD })), 'DECRYPT_FAILED');
  const zeroIv = await drain(decryptGcmStreaming(chunks(body), { key, iv: Buffer.alloc(12), aad: V3_CONTENT_AAD }));
  assert.is(zeroIv.toString('hex'), k.plaintextHex);
});

test('V3 wrong-commitment KAT: the stored x-amz-d does not match -> COMMITMENT_MISMATCH', async () => {
  const bad = kat('s3ec-go-v4-v3format-wrong-commitment');
  const keys = deriveCommittedKeys(Buffer.from(bad.kmsReplay!.plaintextDataKeyBase64, 'base64'), meta(bad, 'i'));
  await expectCode(() => verifyCommitment(meta(bad, 'd'), keys.commitment), 'COMMITMENT_MISMATCH');
});

test('commitment: one flipped bit, or a different length, is COMMITMENT_MISMATCH', async () => {
  const k = kdfKats[0]!.kdf!;
  const good = hex(k.expectedCommitmentKeyHex);
  const flipped = Buffer.from(good);
  flipped[27] = flipped[27]! ^ 0x80;
  await expectCode(() => verifyCommitment(flipped, good), 'COMMITMENT_MISMATCH');
  await expectCode(() => verifyCommitment(good.subarray(0, 27), good), 'COMMITMENT_MISMATCH');
  await expectCode(() => verifyCommitment(Buffer.alloc(0), good), 'COMMITMENT_MISMATCH');
});

test('derivation refuses a message id that is not 28 bytes, and a data key that is not 32 bytes', async () => {
  const k = kdfKats[0]!.kdf!;
  await expectCode(() => deriveCommittedKeys(hex(k.dataKeyHex), hex(k.messageIdHex).subarray(0, 27)), 'MALFORMED_METADATA');
  await expectCode(() => deriveCommittedKeys(hex(k.dataKeyHex), Buffer.alloc(29)), 'MALFORMED_METADATA');
  await expectCode(() => deriveCommittedKeys(hex(k.dataKeyHex).subarray(0, 16), hex(k.messageIdHex)), 'DECRYPT_FAILED');
});

test.run();
