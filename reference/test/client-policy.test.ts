/** The commitment policy on S3EncryptionClient: checked when the client is built, applied to put and get. */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { S3EncryptionClient, type S3EncryptionClientConfig } from '../src/client.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { COMMITMENT_POLICIES, type CommitmentPolicy, type WriteFormat } from '../src/pipeline/policy.js';
import { rejectsWith, throwsCode } from '../../testkit/expect-error.js';

let target: EmbeddedTarget;
const Bucket = 'policy-tests';
const keyring = new AesKeyring({ key: randomBytes(32) });

test.before(async () => {
  target = await startEmbeddedTarget();
});
test.after(async () => {
  await target.stop();
});

const client = (config: Partial<S3EncryptionClientConfig> = {}) => new S3EncryptionClient({ client: s3ClientFor(target.endpoint), keyring, ...config } as S3EncryptionClientConfig);

test('conflicting policy and format are refused when the client is built, as in Java v4', () => {
  const conflicts: Array<[CommitmentPolicy | undefined, WriteFormat | undefined]> = [
    ['FORBID_ENCRYPT_ALLOW_DECRYPT', 'v3'],
    ['FORBID_ENCRYPT_ALLOW_DECRYPT', undefined],
    ['REQUIRE_ENCRYPT_ALLOW_DECRYPT', 'v2'],
    ['REQUIRE_ENCRYPT_REQUIRE_DECRYPT', 'v2'],
    [undefined, 'v2'],
  ];
  for (const [commitmentPolicy, format] of conflicts) {
    throwsCode(() => client({ ...(commitmentPolicy ? { commitmentPolicy } : {}), ...(format ? { format } : {}) }), 'INVALID_ARGUMENT');
  }
  throwsCode(() => client({ commitmentPolicy: 'LAX' as CommitmentPolicy }), 'INVALID_ARGUMENT', /unknown commitmentPolicy/);
  client();
  client({ commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' });
  client({ commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', format: 'v2' });
});

test("putObject writes the policy's format and getObject applies its read rule", async () => {
  const s3 = s3ClientFor(target.endpoint);
  const writers = {
    v2: client({ commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', format: 'v2' }),
    v3: client(),
  };
  for (const [format, writer] of Object.entries(writers)) {
    await writer.putObject({ Bucket, Key: format, Body: `a ${format} object` });
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: format }));
    assert.is(format === 'v3', head.Metadata?.['x-amz-c'] === '115');
  }
  for (const commitmentPolicy of COMMITMENT_POLICIES) {
    const reader = client({ commitmentPolicy, ...(commitmentPolicy === 'FORBID_ENCRYPT_ALLOW_DECRYPT' ? { format: 'v2' as const } : {}) });
    assert.is(await (await reader.getObject({ Bucket, Key: 'v3' })).Body!.transformToString(), 'a v3 object');
    if (commitmentPolicy === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT') {
      await rejectsWith(reader.getObject({ Bucket, Key: 'v2' }), 'COMMITMENT_POLICY');
    } else {
      assert.is(await (await reader.getObject({ Bucket, Key: 'v2' })).Body!.transformToString(), 'a v2 object');
    }
  }
});

test.run();
