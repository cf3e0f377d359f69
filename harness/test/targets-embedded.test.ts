/**
 * The embedded target behind the RunningTarget contract, started through startTarget(). The KMS
 * key's material is checked independently: a GenerateDataKey blob is opened here with node:crypto
 * in LocalStack's layout (key id 36 ‖ IV 16 ‖ tag 16 ‖ AES-256-GCM of the PKCS#7-padded key).
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isUnavailable, startTarget, type RunningTarget } from '../targets/index.js';
import { replaysKms } from '../targets/target.js';

let target: RunningTarget;

test.before(async () => {
  const started = await startTarget('embedded');
  if (isUnavailable(started)) throw new Error(started.reason);
  target = started;
});
test.after(async () => {
  await target?.stop();
});

test('describes itself and gives children the local environment', () => {
  assert.is(target.name, 'embedded');
  assert.is(target.description, 'embedded');
  assert.is(target.region, 'us-east-1');
  assert.ok(target.supportsKnownKeyMaterial);
  assert.match(target.s3Endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.is(target.kmsEndpoint, target.s3Endpoint);
  const endpoint = target.s3Endpoint;
  assert.equal(target.childEnv(), {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_KMS: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    S3EC_S3_FORCE_PATH_STYLE: 'true',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
});

test('ensureBucket creates the bucket once and is idempotent', async () => {
  await target.ensureBucket('wrapped-bucket');
  await target.ensureBucket('wrapped-bucket');
  const head = await target.s3.send(new HeadBucketCommand({ Bucket: 'wrapped-bucket' }));
  assert.is(head.$metadata.httpStatusCode, 200);
  await target.s3.send(new PutObjectCommand({ Bucket: 'wrapped-bucket', Key: 'k', Body: 'v', Metadata: { a: 'b' } }));
  const got = await target.s3.send(new GetObjectCommand({ Bucket: 'wrapped-bucket', Key: 'k' }));
  assert.is(await got.Body!.transformToString(), 'v');
  assert.equal(got.Metadata, { a: 'b' });
});

test('a KMS key with known id and material: GenerateDataKey/Decrypt with an encryption context', async () => {
  const material = randomBytes(32);
  const keyId = await target.createKmsKey({ keyId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', material });
  assert.is(keyId, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  const context = { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', purpose: 'test' };
  const generated = await target.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
  const blob = Buffer.from(generated.CiphertextBlob!);
  const plaintext = Buffer.from(generated.Plaintext!);

  const decrypted = await target.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
  assert.ok(Buffer.from(decrypted.Plaintext!).equals(plaintext));

  const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(36, 52));
  decipher.setAAD(Buffer.from('aws:x-amz-cek-algAES/GCM/NoPaddingpurposetest', 'utf8'));
  decipher.setAuthTag(blob.subarray(52, 68));
  const padded = Buffer.concat([decipher.update(blob.subarray(68)), decipher.final()]);
  assert.is(blob.subarray(0, 36).toString('utf8'), keyId);
  assert.ok(padded.subarray(0, 32).equals(plaintext), 'the blob is sealed with the given material');

  try {
    await target.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { ...context, purpose: 'other' } }));
    assert.unreachable('a different encryption context must not decrypt');
  } catch (e) {
    assert.is((e as Error).name, 'InvalidCiphertextException');
  }
});

test('createKmsKey without options makes a fresh random key', async () => {
  const a = await target.createKmsKey();
  const b = await target.createKmsKey();
  assert.match(a, /^[0-9a-f-]{36}$/);
  assert.is.not(a, b);
});

test('replays a recorded KMS answer through the contract: Decrypt of that blob gives the recorded plaintext', async () => {
  assert.ok(replaysKms(target));
  if (!replaysKms(target)) return;
  const blob = randomBytes(48);
  const plaintext = randomBytes(32);
  target.kmsReplay.register({ ciphertextBlob: blob, plaintext, keyId: 'recorded-key', expectedEncryptionContext: { purpose: 'kat' } });
  const answer = await target.kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: 'kat' } }));
  assert.ok(Buffer.from(answer.Plaintext!).equals(plaintext));
  assert.is(answer.KeyId, 'recorded-key');
  const keyId = await target.createKmsKey();
  assert.ok(target.kmsReplay.hasKey(keyId));
  assert.not.ok(target.kmsReplay.hasKey('00000000-0000-0000-0000-000000000000'));
});

test('stop closes the port', async () => {
  const other = await startTarget('embedded');
  if (isUnavailable(other)) throw new Error(other.reason);
  await other.stop();
  try {
    await fetch(`${other.s3Endpoint}/`);
    assert.unreachable('nothing should listen after stop');
  } catch (e) {
    assert.instance(e, TypeError);
  }
});

test.run();
