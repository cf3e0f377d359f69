/**
 * No oracle in the refusals (issue 10, weakness 5): for V1 CBC, V2 GCM, V3 and KMS-wrapped objects,
 * bad padding, a bad tag, a wrong key and a tampered wrapped key all give the same code, the same
 * message and no cause. Timings of the same classes: `npm run bench:oracle` (bench/oracle.ts).
 *
 * The CBC object uses fixed bytes, so its "wrong key" and "tampered key" cases are known to fail
 * their padding checks rather than decrypt to garbage (which CBC may do by design, 1 in ~256).
 */
import { createCipheriv } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { KMSClient } from '@aws-sdk/client-kms';
import { collect } from '../src/content/body.js';
import { DECRYPT_FAILED_MESSAGE } from '../src/content/failure.js';
import { isS3EncryptionError } from '../src/errors.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import type { Keyring } from '../src/keyrings/keyring.js';
import { KmsKeyring } from '../src/keyrings/kms.js';
import { decryptObject, type StoredObject } from '../src/pipeline/decrypt.js';
import { encryptObject } from '../src/pipeline/encrypt.js';
import { kmsClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';

const MASTER = Buffer.alloc(32, 0x11);
const OTHER = Buffer.alloc(32, 0x22);
const legacy = { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', legacyUnauthenticatedModes: true, legacyWrappingAlgorithms: true } as const;
let target: EmbeddedTarget;
let kms: KMSClient;

test.before(async () => {
  target = await startEmbeddedTarget();
  target.kms.createKey({ keyId: 'a0000000-0000-4000-8000-000000000001' });
  target.kms.createKey({ keyId: 'a0000000-0000-4000-8000-000000000002' });
  kms = kmsClientFor(target.endpoint, { maxAttempts: 1 });
});
test.after(async () => {
  kms.destroy();
  await target.stop();
});

function flip(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index < 0 ? copy.length + index : index]! ^= 0x01;
  return copy;
}

function flipField(o: StoredObject, field: string, index: number): StoredObject {
  return { ...o, metadata: { ...o.metadata, [field]: flip(Buffer.from(o.metadata[field]!, 'base64'), index).toString('base64') } };
}

/** V1 EncryptionOnly (AES-ECB wrap, CBC) from fixed bytes; `badPadding` ends the plaintext with 0x00. */
function cbcObject(badPadding: boolean): StoredObject {
  const dataKey = Buffer.alloc(32, 0x33);
  const iv = Buffer.alloc(16, 0x44);
  const wrap = createCipheriv('aes-256-ecb', MASTER, null);
  const content = createCipheriv('aes-256-cbc', dataKey, iv);
  if (badPadding) content.setAutoPadding(false);
  const plaintext = badPadding ? Buffer.alloc(32, 0x00) : Buffer.from('legacy CBC object, thirty-nine bytes..');
  return {
    body: Buffer.concat([content.update(plaintext), content.final()]),
    metadata: { 'x-amz-key': Buffer.concat([wrap.update(dataKey), wrap.final()]).toString('base64'), 'x-amz-iv': iv.toString('base64'), 'x-amz-matdesc': '{}' },
  };
}

async function written(keyring: Keyring, format: 'v2' | 'v3'): Promise<StoredObject & { body: Buffer }> {
  const commitmentPolicy = format === 'v2' ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  const out = await encryptObject(Buffer.from('a GCM object for the oracle test'), { keyring, format, commitmentPolicy });
  return { body: await collect(out.body), metadata: out.metadata };
}

async function refusalOf(stored: StoredObject, keyring: Keyring): Promise<unknown> {
  try {
    await collect((await decryptObject(stored, { keyring, ...legacy })).body);
  } catch (e) {
    return e;
  }
  throw new Error('decrypted although it must be refused');
}

/** The untouched object reads, so each refusal below is caused by its one change. */
async function assertReads(stored: StoredObject, keyring: Keyring): Promise<void> {
  assert.ok((await collect((await decryptObject(stored, { keyring, ...legacy })).body)).length > 0);
}

async function assertIndistinguishable(label: string, cases: Record<string, [StoredObject, Keyring]>): Promise<void> {
  for (const [name, [stored, keyring]] of Object.entries(cases)) {
    const e = await refusalOf(stored, keyring);
    assert.ok(isS3EncryptionError(e), `${label} ${name}: ${String(e)}`);
    assert.is(e.code, 'DECRYPT_FAILED', `${label} ${name}`);
    assert.is(e.message, DECRYPT_FAILED_MESSAGE, `${label} ${name}`);
    assert.is(e.cause, undefined, `${label} ${name}: no cause to tell the cases apart`);
  }
}

test('V1 CBC: bad padding, wrong key and tampered wrapped key read the same', async () => {
  const aes = new AesKeyring({ key: MASTER });
  const good = cbcObject(false);
  await assertReads(good, aes);
  await assertIndistinguishable('V1 CBC', {
    'bad padding': [cbcObject(true), aes],
    'wrong key': [good, new AesKeyring({ key: OTHER })],
    'tampered wrapped key': [flipField(good, 'x-amz-key', 0), aes],
  });
});

for (const format of ['v2', 'v3'] as const) {
  test(`${format} GCM (AES/GCM wrap): bad tag, wrong key and tampered wrapped key read the same`, async () => {
    const aes = new AesKeyring({ key: MASTER });
    const good = await written(aes, format);
    await assertReads(good, aes);
    const wrappedField = format === 'v3' ? 'x-amz-3' : 'x-amz-key-v2';
    await assertIndistinguishable(format, {
      'bad tag': [{ ...good, body: flip(good.body, -1) }, aes],
      'wrong key': [good, new AesKeyring({ key: OTHER })],
      'tampered wrapped key': [flipField(good, wrappedField, -2), aes],
    });
  });
}

test('kms+context: bad tag, wrong KMS key and tampered KMS blob read the same', async () => {
  const ring = new KmsKeyring({ client: kms, keyId: 'a0000000-0000-4000-8000-000000000001' });
  const good = await written(ring, 'v2');
  await assertReads(good, ring);
  await assertIndistinguishable('KMS', {
    'bad tag': [{ ...good, body: flip(good.body, -1) }, ring],
    'wrong key': [good, new KmsKeyring({ client: kms, keyId: 'a0000000-0000-4000-8000-000000000002' })],
    'tampered wrapped key': [flipField(good, 'x-amz-key-v2', -3), ring],
  });
});

test.run();
