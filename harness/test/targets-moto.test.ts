/**
 * The moto target, for real: a moto server child process, S3 with metadata, KMS with the
 * encryption context enforced, known key material (checked by opening a moto blob here with
 * node:crypto: key id 36 ‖ IV 12 ‖ tag 16 ‖ AES-256-GCM, no padding), and a clean stop.
 *
 * Runs when the moto venv exists (a previous run installed it) or S3CSE_TEST_MOTO=1 (installs it,
 * about 25 s the first time); otherwise it prints one skip line and runs no test.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isUnavailable, startTarget, type RunningTarget } from '../targets/index.js';
import { motoInstalled } from '../targets/moto/target.js';
import { EmbeddedKms } from '../targets/embedded/kms.js';
import { childProcessesRunning, kmsErrorName } from './targets-support.js';

const enabled = motoInstalled() || process.env['S3CSE_TEST_MOTO'] === '1';
let target: RunningTarget;

if (!enabled) {
  console.log('targets-moto: skipped (no moto venv yet; S3CSE_TEST_MOTO=1 installs it)');
  // Counted as skipped in the closing line, not as nothing.
  test.skip('moto target (no moto venv)', () => undefined);
} else {
  test.before(async () => {
    const started = await startTarget('moto', { log: (line) => console.log(`  ${line}`) });
    if (isUnavailable(started)) throw new Error(`moto unavailable: ${started.reason}`);
    target = started;
  });
  test.after(async () => {
    await target?.stop();
  });

  test('runs as our child and reports its version', () => {
    assert.is(target.description, 'moto 5.2.5');
    assert.match(target.s3Endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is(target.childEnv()['AWS_ENDPOINT_URL_KMS'], target.s3Endpoint);
    assert.is(childProcessesRunning('moto/serve.py'), 1);
  });

  test('put/get/head with user metadata', async () => {
    await target.ensureBucket('moto-bucket');
    await target.ensureBucket('moto-bucket');
    const metadata = { 'x-amz-key-v2': 'AAEC', 'x-amz-matdesc': '{}', 'x-amz-cek-alg': 'AES/GCM/NoPadding' };
    const body = randomBytes(3000);
    await target.s3.send(new PutObjectCommand({ Bucket: 'moto-bucket', Key: 'dir/obj', Body: body, Metadata: metadata }));
    const got = await target.s3.send(new GetObjectCommand({ Bucket: 'moto-bucket', Key: 'dir/obj' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
    assert.equal(got.Metadata, metadata);
    const head = await target.s3.send(new HeadObjectCommand({ Bucket: 'moto-bucket', Key: 'dir/obj' }));
    assert.is(head.ContentLength, 3000);
    assert.equal(head.Metadata, metadata);
  });

  test('KMS enforces the encryption context', async () => {
    const keyId = await target.createKmsKey();
    const context = { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' };
    const generated = await target.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
    const decrypted = await target.kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: context }));
    assert.ok(Buffer.from(decrypted.Plaintext!).equals(Buffer.from(generated.Plaintext!)));
    const wrong = target.kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { 'aws:x-amz-cek-alg': 'other' } }));
    assert.is(await kmsErrorName(wrong), 'InvalidCiphertextException');
    const none = target.kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob }));
    assert.is(await kmsErrorName(none), 'InvalidCiphertextException');
  });

  test('known key id and material: moto blobs are sealed with it, LocalStack-layout blobs decrypt', async () => {
    const material = randomBytes(32);
    const keyId = await target.createKmsKey({ keyId: '0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e', material });
    assert.is(keyId, '0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e');
    const encrypted = await target.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('data key'), EncryptionContext: { k: 'v' } }));
    const blob = Buffer.from(encrypted.CiphertextBlob!);
    assert.is(blob.subarray(0, 36).toString(), keyId);
    const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(36, 48));
    decipher.setAAD(Buffer.from('kv'));
    decipher.setAuthTag(blob.subarray(48, 64));
    assert.is(Buffer.concat([decipher.update(blob.subarray(64)), decipher.final()]).toString(), 'data key');

    // A blob from the embedded KMS (LocalStack's layout) under the same key id and material.
    const embedded = new EmbeddedKms();
    embedded.createKey({ keyId, material });
    const foreign = embedded.encrypt(keyId, Buffer.from('recorded'), { k: 'v' }).blob;
    const replayed = await target.kms.send(new DecryptCommand({ CiphertextBlob: foreign, EncryptionContext: { k: 'v' } }));
    assert.is(Buffer.from(replayed.Plaintext!).toString(), 'recorded');
    const tampered = target.kms.send(new DecryptCommand({ CiphertextBlob: foreign, EncryptionContext: { k: 'w' } }));
    assert.is(await kmsErrorName(tampered), 'InvalidCiphertextException');
  });

  test('stop leaves no process and closes the port', async () => {
    const endpoint = target.s3Endpoint;
    const started = Date.now();
    await target.stop();
    console.log(`  moto: stopped in ${Date.now() - started} ms`);
    assert.is(childProcessesRunning('moto/serve.py'), 0);
    assert.is(
      await fetch(endpoint).then(
        () => 'open',
        () => 'closed',
      ),
      'closed',
    );
  });
}

test.run();
