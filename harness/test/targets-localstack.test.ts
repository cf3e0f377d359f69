/**
 * The LocalStack target for real (in a container through testcontainers when a Docker engine
 * answers, else host mode; targets-localstack-docker.test.ts checks the containers' cleanup): S3 with metadata, KMS with the encryption context
 * enforced, a key with known id and material (a LocalStack blob is opened here with node:crypto:
 * key id 36 ‖ IV 16 ‖ tag 16 ‖ AES-256-GCM of the PKCS#7-padded plaintext), blobs interchangeable
 * with the embedded KMS, and a clean stop.
 *
 * Runs only with S3CSE_TEST_LOCALSTACK=1 (the first run installs a ~200 MB venv in about 20 s;
 * each start takes about 4 s); otherwise it prints one skip line and runs no test.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { isUnavailable, startTarget, type RunningTarget } from '../targets/index.js';
import { EmbeddedKms } from '../targets/embedded/kms.js';
import { childProcessesRunning, kmsErrorName } from './targets-support.js';

const enabled = process.env['S3CSE_TEST_LOCALSTACK'] === '1';
let target: RunningTarget;
let stateDirsBefore: string[];

if (!enabled) {
  console.log('targets-localstack: skipped (set S3CSE_TEST_LOCALSTACK=1 to run LocalStack)');
  // Counted as skipped in the closing line, not as nothing.
  test.skip('LocalStack host mode (S3CSE_TEST_LOCALSTACK=1)', () => undefined);
} else {
  test.before(async () => {
    stateDirsBefore = stateDirs();
    const started = await startTarget('localstack', { log: (line) => console.log(`  ${line}`) });
    if (isUnavailable(started)) throw new Error(`localstack unavailable: ${started.reason}`);
    target = started;
  });
  test.after(async () => {
    await target?.stop();
  });

  test('runs as our child (host mode) or in our container, and describes itself', () => {
    assert.match(target.s3Endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    if (target.description.includes('host mode')) {
      assert.is(target.description, 'LocalStack 4.13.1 (host mode: no Docker engine answered)');
      assert.is(childProcessesRunning('localstack/serve.py'), 1);
    } else {
      assert.match(target.description, /^LocalStack 4\.13\.1 \(testcontainers, image \S+\)$/);
    }
  });

  test('put/get/head with user metadata', async () => {
    await target.ensureBucket('localstack-bucket');
    await target.ensureBucket('localstack-bucket');
    const metadata = { 'x-amz-key-v2': 'AAEC', 'x-amz-matdesc': '{}', 'x-amz-cek-alg': 'AES/GCM/NoPadding' };
    const body = randomBytes(3000);
    await target.s3.send(new PutObjectCommand({ Bucket: 'localstack-bucket', Key: 'dir/obj', Body: body, Metadata: metadata }));
    const got = await target.s3.send(new GetObjectCommand({ Bucket: 'localstack-bucket', Key: 'dir/obj' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(body));
    assert.equal(got.Metadata, metadata);
    const head = await target.s3.send(new HeadObjectCommand({ Bucket: 'localstack-bucket', Key: 'dir/obj' }));
    assert.is(head.ContentLength, 3000);
    assert.equal(head.Metadata, metadata);
  });

  test('KMS Encrypt/Decrypt and GenerateDataKey enforce the encryption context', async () => {
    const keyId = await target.createKmsKey();
    const context = { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' };
    const encrypted = await target.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('secret'), EncryptionContext: context }));
    const decrypted = await target.kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context }));
    assert.is(Buffer.from(decrypted.Plaintext!).toString(), 'secret');
    const generated = await target.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
    assert.is(generated.Plaintext?.length, 32);
    const wrong = target.kms.send(new DecryptCommand({ CiphertextBlob: generated.CiphertextBlob, EncryptionContext: { 'aws:x-amz-cek-alg': 'other' } }));
    assert.is(await kmsErrorName(wrong), 'InvalidCiphertextException');
  });

  test('known key id and material: LocalStack blobs open with it and embedded blobs decrypt', async () => {
    const material = randomBytes(32);
    const keyId = await target.createKmsKey({ keyId: '5a5a5a5a-6b6b-7c7c-8d8d-9e9e9e9e9e9e', material });
    assert.is(keyId, '5a5a5a5a-6b6b-7c7c-8d8d-9e9e9e9e9e9e');
    const encrypted = await target.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('data key'), EncryptionContext: { k: 'v' } }));
    const blob = Buffer.from(encrypted.CiphertextBlob!);
    assert.is(blob.subarray(0, 36).toString(), keyId);
    const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(36, 52));
    decipher.setAAD(Buffer.from('kv'));
    decipher.setAuthTag(blob.subarray(52, 68));
    const padded = Buffer.concat([decipher.update(blob.subarray(68)), decipher.final()]);
    assert.is(padded.subarray(0, padded.length - (padded.at(-1) ?? 0)).toString(), 'data key');

    const embedded = new EmbeddedKms();
    embedded.createKey({ keyId, material });
    const foreign = embedded.encrypt(keyId, Buffer.from('recorded'), { k: 'v' }).blob;
    const replayed = await target.kms.send(new DecryptCommand({ CiphertextBlob: foreign, EncryptionContext: { k: 'v' } }));
    assert.is(Buffer.from(replayed.Plaintext!).toString(), 'recorded');
    assert.is(embedded.decrypt(blob, { k: 'v' }, undefined).plaintext.toString(), 'data key', 'and the other way round');
  });

  test('stop leaves no process, closes the port and removes the state directory', async () => {
    const endpoint = target.s3Endpoint;
    const started = Date.now();
    await target.stop();
    console.log(`  localstack: stopped in ${Date.now() - started} ms`);
    assert.is(childProcessesRunning('localstack/serve.py'), 0);
    assert.is(
      await fetch(endpoint).then(
        () => 'open',
        () => 'closed',
      ),
      'closed',
    );
    assert.equal(stateDirs(), stateDirsBefore, 'the temporary FILESYSTEM_ROOT is gone');
  });
}

function stateDirs(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('s3cse-localstack-'));
}

test.run();
