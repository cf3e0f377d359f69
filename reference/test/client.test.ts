import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kmsClientFor, s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { S3EncryptionClient } from '../src/client.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { KmsKeyring } from '../src/keyrings/kms.js';
import { rejectsWith, throwsCode } from '../../testkit/expect-error.js';

let target: EmbeddedTarget;
const Bucket = 'client-tests';
const keyring = new AesKeyring({ key: randomBytes(32) });

test.before(async () => {
  target = await startEmbeddedTarget();
});
test.after(async () => {
  await target.stop();
});

const s3 = () => s3ClientFor(target.endpoint);
const exists = async (Key: string) =>
  s3()
    .send(new HeadObjectCommand({ Bucket, Key }))
    .then(() => true)
    .catch(() => false);

test('putObject/getObject in metadata mode (V3 by default): S3 stores ciphertext, the caller gets plaintext and SDK body helpers', async () => {
  const client = new S3EncryptionClient({ client: s3(), keyring });
  const body = randomBytes(70_000);
  await client.putObject({ Bucket, Key: 'a.bin', Body: body, Metadata: { owner: 'team-a' }, ContentType: 'application/octet-stream' });
  const raw = await s3().send(new GetObjectCommand({ Bucket, Key: 'a.bin' }));
  const stored = Buffer.from(await raw.Body!.transformToByteArray());
  assert.is(stored.length, body.length + 16);
  assert.is.not(stored.subarray(0, 32).equals(body.subarray(0, 32)), true);
  assert.is(raw.Metadata?.['x-amz-w'], '02');
  assert.is(raw.Metadata?.owner, 'team-a');

  const got = await client.getObject({ Bucket, Key: 'a.bin' });
  assert.equal(Buffer.from(await got.Body!.transformToByteArray()), body);
  assert.is(got.ContentLength, body.length);
  assert.is(got.ContentType, 'application/octet-stream');
  assert.is(got.Encryption.format, 'v3');
});

test('instruction-file mode writes <key>.instruction with the marker, reads it back, and deletes remove both', async () => {
  const client = new S3EncryptionClient({ client: s3(), keyring, storage: 'instruction', format: 'v3' });
  await client.putObject({ Bucket, Key: 'doc.txt', Body: 'instruction file body' });
  const file = await s3().send(new GetObjectCommand({ Bucket, Key: 'doc.txt.instruction' }));
  assert.is(file.Metadata?.['x-amz-crypto-instr-file'], '');
  const fields = JSON.parse(await file.Body!.transformToString()) as Record<string, string>;
  assert.is(fields['x-amz-w'], '02');
  assert.not.ok('x-amz-d' in fields);
  const got = await client.getObject({ Bucket, Key: 'doc.txt' });
  assert.is(await got.Body!.transformToString(), 'instruction file body');
  await client.deleteObject({ Bucket, Key: 'doc.txt' });
  assert.is(await exists('doc.txt'), false);
  assert.is(await exists('doc.txt.instruction'), false);
});

test('a custom instruction-file suffix is accepted on read (appended verbatim)', async () => {
  const writer = new S3EncryptionClient({ client: s3(), keyring, storage: 'instruction', instructionFileSuffix: '.rotated' });
  await writer.putObject({ Bucket, Key: 'r.txt', Body: 'rotated' });
  const reader = new S3EncryptionClient({ client: s3(), keyring });
  await rejectsWith(reader.getObject({ Bucket, Key: 'r.txt' }), 'INSTRUCTION_FILE_MISSING');
  const got = await reader.getObject({ Bucket, Key: 'r.txt', InstructionFileSuffix: '.rotated' });
  assert.is(await got.Body!.transformToString(), 'rotated');
});

test('a stream body needs ContentLength and then uploads as a stream', async () => {
  const client = new S3EncryptionClient({ client: s3(), keyring });
  const chunks = [randomBytes(100_000), randomBytes(100_000), randomBytes(5)];
  await rejectsWith(client.putObject({ Bucket, Key: 's.bin', Body: Readable.from(chunks) }), 'INVALID_ARGUMENT', /ContentLength/);
  await client.putObject({ Bucket, Key: 's.bin', Body: Readable.from(chunks), ContentLength: 200_005 });
  const got = await client.getObject({ Bucket, Key: 's.bin' });
  assert.equal(Buffer.from(await got.Body!.transformToByteArray()), Buffer.concat(chunks));
});

test("deleteObjects removes objects and instruction files and lists only the caller's keys", async () => {
  const client = new S3EncryptionClient({ client: s3(), keyring, storage: 'instruction' });
  for (const Key of ['d1', 'd2']) await client.putObject({ Bucket, Key, Body: Key });
  const out = await client.deleteObjects({ Bucket, Delete: { Objects: [{ Key: 'd1' }, { Key: 'd2' }] } });
  assert.equal(out.Deleted?.map((d) => d.Key).sort(), ['d1', 'd2']);
  for (const Key of ['d1', 'd2', 'd1.instruction', 'd2.instruction']) assert.is(await exists(Key), false, Key);
});

test("kms+context with a non-ASCII encryption context survives S3's RFC 2047 metadata encoding", async () => {
  const { keyId } = target.kms.createKey();
  const kms = new KmsKeyring({ client: kmsClientFor(target.endpoint), keyId });
  const client = new S3EncryptionClient({ client: s3(), keyring: kms });
  const context = { projet: 'données-été', 城市: '東京' };
  await client.putObject({ Bucket, Key: 'k.txt', Body: 'kms body', MaterialsDescription: context });
  const raw = await s3().send(new HeadObjectCommand({ Bucket, Key: 'k.txt' }));
  assert.match(raw.Metadata?.['x-amz-t'] ?? '', /=\?UTF-8\?B\?/);
  const got = await client.getObject({ Bucket, Key: 'k.txt', EncryptionContext: context });
  assert.is(await got.Body!.transformToString(), 'kms body');
  assert.is(got.Encryption.description['城市'], '東京');
  await rejectsWith(client.getObject({ Bucket, Key: 'k.txt' }), 'CONTEXT_MISMATCH');
});

test('refusals: plain objects, reserved metadata, ranges, MD5, oversize metadata, S3 failures', async () => {
  const client = new S3EncryptionClient({ client: s3(), keyring });
  await s3().send(new PutObjectCommand({ Bucket, Key: 'plain.txt', Body: 'not encrypted' }));
  await rejectsWith(client.getObject({ Bucket, Key: 'plain.txt' }), 'NOT_ENCRYPTED');
  await rejectsWith(client.putObject({ Bucket, Key: 'x', Body: 'x', Metadata: { 'X-Amz-Iv': 'AAAA' } }), 'INVALID_ARGUMENT', /reserved/);
  await rejectsWith(client.putObject({ Bucket, Key: 'x', Body: 'x', ContentMD5: 'AAAA' }), 'INVALID_ARGUMENT');
  await rejectsWith(client.getObject({ Bucket, Key: 'plain.txt', Range: 'bytes=0-1' }), 'LEGACY_DISABLED');
  await rejectsWith(client.putObject({ Bucket, Key: 'big', Body: 'x', Metadata: { note: 'y'.repeat(2000) } }), 'METADATA_TOO_LARGE', /instruction/);
  await rejectsWith(client.getObject({ Bucket, Key: 'missing' }), 'S3_ERROR');
  assert.throws(
    () => new S3EncryptionClient({ client: s3() } as never),
    (e: unknown) => (e as { code?: string }).code === 'INVALID_ARGUMENT',
  );
  assert.throws(
    () => new S3EncryptionClient({ client: s3(), keyring, bufferSize: 1 }),
    (e: unknown) => (e as { code?: string }).code === 'INVALID_ARGUMENT',
  );
});

test('legacy switches and buffer size given to the client apply to getObject', async () => {
  const writer = new S3EncryptionClient({ client: s3(), keyring });
  await writer.putObject({ Bucket, Key: 'sized', Body: randomBytes(5000) });
  const small = new S3EncryptionClient({ client: s3(), keyring, bufferSize: 1024 });
  await rejectsWith(small.getObject({ Bucket, Key: 'sized' }), 'TOO_LARGE');
  const delayed = new S3EncryptionClient({ client: s3(), keyring, delayedAuthentication: true, legacyWrappingAlgorithms: true, legacyUnauthenticatedModes: true });
  const got = await delayed.getObject({ Bucket, Key: 'sized' });
  assert.is((await got.Body!.transformToByteArray()).length, 5000);
});

test('a streamed body longer or shorter than ContentLength fails the put, not the process, and stores nothing', async () => {
  const client = new S3EncryptionClient({ client: s3(), keyring });
  const longer = Readable.from([randomBytes(40), randomBytes(40)]);
  await rejectsWith(client.putObject({ Bucket, Key: 'stream-long.bin', Body: longer, ContentLength: 50 }), 'INVALID_ARGUMENT');
  const shorter = Readable.from([randomBytes(10)]);
  await rejectsWith(client.putObject({ Bucket, Key: 'stream-short.bin', Body: shorter, ContentLength: 50 }), 'INVALID_ARGUMENT');
  assert.not.ok(await exists('stream-long.bin'));
  assert.not.ok(await exists('stream-short.bin'));
});

test('a config without an S3 client is INVALID_ARGUMENT when the client is built, not a TypeError on first use', () => {
  // As a JavaScript caller (or one who spreads a partial config) would pass it.
  const partial = { region: 'us-east-1', keyring } as unknown as ConstructorParameters<typeof S3EncryptionClient>[0];
  throwsCode(() => new S3EncryptionClient(partial), 'INVALID_ARGUMENT', /client: an S3Client is required/);
  const notAClient = { client: {}, keyring } as unknown as ConstructorParameters<typeof S3EncryptionClient>[0];
  throwsCode(() => new S3EncryptionClient(notAClient), 'INVALID_ARGUMENT', /client: an S3Client is required/);
});

test.run();
