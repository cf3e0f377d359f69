/**
 * The aws target's contract without touching AWS: what it refuses to start without, what it gives
 * children (the region, nothing else), and that it never creates KMS keys. No test here sends a
 * request; ensureBucket (HeadBucket) is only exercised against real AWS, by hand.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isUnavailable, startTarget } from '../targets/index.js';
import { resolveEndpoints } from '../targets/aws/target.js';
import { replaysKms } from '../targets/target.js';

test('without a bucket and a KMS key id it is unavailable, with a one-line reason', async () => {
  const target = await startTarget('aws', { aws: { region: 'eu-west-1' } });
  assert.ok(isUnavailable(target));
  if (isUnavailable(target))
    assert.match(
      target.reason,
      /^the aws target needs a bucket \(--bucket\), a KMS key id, ARN or alias \(--kms-key-id\), named explicitly \(it never creates them\)\. With them: aws: region eu-west-1, .*writes objects under cross-\*, range-\*, suites-\*.*deletes the objects under those prefixes written since the run started$/,
    );
  const noKey = await startTarget('aws', { aws: { bucket: 'b', region: 'eu-west-1' } });
  assert.ok(isUnavailable(noKey) && noKey.reason.includes('a KMS key id'));
});

test('an endpoint override: path-style on IP addresses and localhost, virtual-hosted on names', () => {
  assert.equal(resolveEndpoints('http://127.0.0.1:5000', {}), { s3: 'http://127.0.0.1:5000', kms: 'http://127.0.0.1:5000', pathStyle: true });
  assert.equal(resolveEndpoints(undefined, { AWS_ENDPOINT_URL_S3: 'http://localhost:9000', AWS_ENDPOINT_URL_KMS: 'http://localhost:9001' }), {
    s3: 'http://localhost:9000',
    kms: 'http://localhost:9001',
    pathStyle: true,
  });
  assert.equal(resolveEndpoints('https://s3.example.test', {}), { s3: 'https://s3.example.test', kms: 'https://s3.example.test', pathStyle: false });
  assert.equal(resolveEndpoints('https://s3.example.test', { S3CSE_S3_ADDRESSING: 'path' }).pathStyle, true);
  assert.equal(resolveEndpoints(undefined, {}), { pathStyle: false });
});

test('children get the region only: no endpoints, no credentials', async () => {
  const lines: string[] = [];
  const target = await startTarget('aws', { aws: { bucket: 'my-bucket', kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/k', region: 'eu-west-1' }, log: (l) => lines.push(l) });
  if (isUnavailable(target)) throw new Error(target.reason);
  try {
    assert.equal(target.childEnv(), { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' });
    assert.is(target.description, 'AWS eu-west-1');
    assert.is(target.s3Endpoint, 'https://s3.eu-west-1.amazonaws.com');
    assert.not.ok(target.supportsKnownKeyMaterial);
    assert.not.ok(replaysKms(target), 'real KMS cannot replay recorded answers');
    assert.is(lines.length, 4, 'the plan (3 lines) and the addressing');
    assert.is(lines[3], 'aws: virtual-hosted S3 addressing');
  } finally {
    await target.stop();
  }
});

test('createKmsKey returns the configured key and refuses chosen ids or material', async () => {
  const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/k';
  const target = await startTarget('aws', { aws: { bucket: 'my-bucket', kmsKeyId: keyArn, region: 'eu-west-1' } });
  if (isUnavailable(target)) throw new Error(target.reason);
  try {
    assert.is(await target.createKmsKey(), keyArn);
    assert.is(await target.createKmsKey({ keyId: keyArn }), keyArn);
    for (const options of [{ material: new Uint8Array(32) }, { keyId: '11111111-2222-3333-4444-555555555555' }]) {
      try {
        await target.createKmsKey(options);
        assert.unreachable();
      } catch (e) {
        assert.match((e as Error).message, /^aws: cannot create KMS keys/);
      }
    }
  } finally {
    await target.stop();
  }
});

test.run();
