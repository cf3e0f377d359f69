/**
 * Encrypted multipart upload on the embedded S3 (which enforces S3's 5 MiB minimum part size and
 * its InvalidPart / InvalidPartOrder / EntityTooSmall checks): round trips in both formats and
 * storage modes, every misuse refused with MULTIPART_MISUSE and the upload aborted, and the
 * high-level upload().
 */
import { AbortMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, type S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { S3EncryptionClient, type S3EncryptionClientConfig } from '../src/client.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import type { Keyring } from '../src/keyrings/keyring.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const MiB = 1024 * 1024;
const Bucket = 'multipart-tests';
const keyring = new AesKeyring({ key: randomBytes(32), description: { team: 'mpu' } });
let target: EmbeddedTarget;
let s3: S3Client;

test.before(async () => {
  target = await startEmbeddedTarget();
  target.s3.createBucket(Bucket);
  s3 = s3ClientFor(target.endpoint);
});
test.after(async () => {
  s3.destroy();
  await target.stop();
});

const V2 = { format: 'v2', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' } as const;
const clientWith = (config: Partial<S3EncryptionClientConfig> = {}) => new S3EncryptionClient({ client: s3, keyring, bufferSize: 32 * MiB, ...config } as S3EncryptionClientConfig);

const exists = (Key: string) =>
  s3
    .send(new HeadObjectCommand({ Bucket, Key }))
    .then(() => true)
    .catch(() => false);

/** Whether S3 still holds the upload: aborting an unknown one gives NoSuchUpload. */
const uploadStillOpen = (Key: string, UploadId: string) =>
  s3
    .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
    .then(() => true)
    .catch((e: S3ServiceException) => (e.name === 'NoSuchUpload' ? false : Promise.reject(e)));

async function decrypt(client: S3EncryptionClient, Key: string): Promise<Buffer> {
  const got = await client.getObject({ Bucket, Key });
  return Buffer.from(await got.Body!.transformToByteArray());
}

test('v2, metadata storage: parts sealed in order decrypt to the plaintext; the envelope is on the object', async () => {
  const client = clientWith(V2);
  const body = randomBytes(5 * MiB + 5 * MiB + 1234);
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'v2.bin', Metadata: { owner: 'a' }, ContentType: 'application/x-test' });
  const ids = { Bucket, Key: 'v2.bin', UploadId };
  const p1 = await client.uploadPart({ ...ids, PartNumber: 1, Body: body.subarray(0, 5 * MiB) });
  await client.uploadPart({ ...ids, PartNumber: 2, Body: body.subarray(5 * MiB, 10 * MiB) });
  const last = await client.uploadPart({ ...ids, PartNumber: 3, Body: body.subarray(10 * MiB), isLastPart: true });
  assert.ok(p1.ETag && last.ETag);
  const done = await client.completeMultipartUpload(ids);
  assert.match(done.ETag ?? '', /-3"$/);

  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'v2.bin' }));
  assert.is(head.ContentLength, body.length + 16, 'only the last part carries the 16-byte tag');
  assert.is(head.Metadata?.['x-amz-wrap-alg'], 'AES/GCM');
  assert.is(head.Metadata?.['x-amz-cek-alg'], 'AES/GCM/NoPadding');
  assert.is(head.Metadata?.owner, 'a');
  assert.not.ok('x-amz-unencrypted-content-length' in (head.Metadata ?? {}), 'the length is unknown when the upload starts');
  assert.is(head.ContentType, 'application/x-test');
  assert.equal(await decrypt(client, 'v2.bin'), body);
});

test('v3, instruction-file storage: c/d/i on the object, the file written after completion; the caller may pass the Parts list', async () => {
  const client = clientWith({ storage: 'instruction' });
  const body = randomBytes(5 * MiB + 77);
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'v3.bin' });
  const ids = { Bucket, Key: 'v3.bin', UploadId };
  const a = await client.uploadPart({ ...ids, PartNumber: 1, Body: body.subarray(0, 5 * MiB) });
  assert.is(await exists('v3.bin.instruction'), false, 'no instruction file before the object exists');
  const b = await client.uploadPart({ ...ids, PartNumber: 2, Body: body.subarray(5 * MiB), isLastPart: true });
  await client.completeMultipartUpload({
    ...ids,
    MultipartUpload: {
      Parts: [
        { PartNumber: 1, ETag: a.ETag },
        { PartNumber: 2, ETag: b.ETag },
      ],
    },
  });

  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'v3.bin' }));
  assert.equal(Object.keys(head.Metadata ?? {}).sort(), ['x-amz-c', 'x-amz-d', 'x-amz-i']);
  const file = await s3.send(new GetObjectCommand({ Bucket, Key: 'v3.bin.instruction' }));
  assert.is(file.Metadata?.['x-amz-crypto-instr-file'], '');
  const fields = JSON.parse(await file.Body!.transformToString()) as Record<string, string>;
  assert.equal(Object.keys(fields).sort(), ['x-amz-3', 'x-amz-m', 'x-amz-w']);
  assert.equal(await decrypt(client, 'v3.bin'), body);
});

test('a streamed part needs its ContentLength and is encrypted as it is sent; an empty last part is just the tag', async () => {
  const client = clientWith();
  const body = randomBytes(5 * MiB);
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'stream.bin' });
  const ids = { Bucket, Key: 'stream.bin', UploadId };
  const chunks = [body.subarray(0, 1000), body.subarray(1000, 3 * MiB), body.subarray(3 * MiB)];
  await client.uploadPart({ ...ids, PartNumber: 1, Body: Readable.from(chunks), ContentLength: body.length });
  await client.uploadPart({ ...ids, PartNumber: 2, Body: new Uint8Array(0), isLastPart: true });
  await client.completeMultipartUpload(ids);
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'stream.bin' }));
  assert.is(head.ContentLength, body.length + 16);
  assert.equal(await decrypt(client, 'stream.bin'), body);
});

test('a string or Blob part works too, and parts may skip numbers as long as they ascend', async () => {
  const client = clientWith();
  const first = 'x'.repeat(5 * MiB);
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'str.bin' });
  const ids = { Bucket, Key: 'str.bin', UploadId };
  await client.uploadPart({ ...ids, PartNumber: 2, Body: first });
  await client.uploadPart({ ...ids, PartNumber: 7, Body: new Blob(['tail']), isLastPart: true });
  await client.completeMultipartUpload(ids);
  assert.is((await decrypt(client, 'str.bin')).toString(), `${first}tail`);
});

/** Starts an upload with one good 5 MiB part, for the misuse cases. */
async function startedUpload(client: S3EncryptionClient, Key: string) {
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key });
  const ids = { Bucket, Key, UploadId: UploadId! };
  await client.uploadPart({ ...ids, PartNumber: 1, Body: randomBytes(5 * MiB) });
  return ids;
}

/** A refused call: MULTIPART_MISUSE (or `code`), the S3 upload aborted, no object, the id forgotten. */
async function assertRefusedAndAborted(
  client: S3EncryptionClient,
  ids: { Bucket: string; Key: string; UploadId: string },
  call: Promise<unknown>,
  message: RegExp,
  code: 'MULTIPART_MISUSE' | 'INVALID_ARGUMENT' | 'TOO_LARGE' | 'S3_ERROR' = 'MULTIPART_MISUSE',
) {
  await rejectsWith(call, code, message);
  assert.is(await uploadStillOpen(ids.Key, ids.UploadId), false, 'the S3 upload was aborted');
  assert.is(await exists(ids.Key), false, 'no object was created');
  await rejectsWith(client.uploadPart({ ...ids, PartNumber: 9, Body: randomBytes(16), isLastPart: true }), 'MULTIPART_MISUSE', /not created here, or it was completed, aborted/);
}

test('misuse: a part out of order (lower or repeated number) is refused and the upload aborted', async () => {
  const client = clientWith();
  const ids = await startedUpload(client, 'order.bin');
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 1, Body: randomBytes(16) }), /part 1 is out of order/);
  const again = await startedUpload(client, 'order2.bin');
  await client.uploadPart({ ...again, PartNumber: 3, Body: randomBytes(5 * MiB) });
  await assertRefusedAndAborted(client, again, client.uploadPart({ ...again, PartNumber: 2, Body: randomBytes(16) }), /out of order/);
});

test('misuse: a non-last part whose size is not a multiple of 16', async () => {
  const client = clientWith();
  const ids = await startedUpload(client, 'size.bin');
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 2, Body: randomBytes(5 * MiB + 1) }), /multiple of 16 bytes/);
});

test('misuse: a part after the last', async () => {
  const client = clientWith();
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'after.bin' });
  const ids = { Bucket, Key: 'after.bin', UploadId: UploadId! };
  await client.uploadPart({ ...ids, PartNumber: 1, Body: randomBytes(100), isLastPart: true });
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 2, Body: randomBytes(16), isLastPart: true }), /came after the part flagged isLastPart/);
});

test('misuse: completion before the last part', async () => {
  const client = clientWith();
  const ids = await startedUpload(client, 'early.bin');
  await assertRefusedAndAborted(client, ids, client.completeMultipartUpload(ids), /completion before the last part/);
});

test('misuse: a Parts list that leaves out, reorders or changes a part', async () => {
  const client = clientWith();
  for (const [n, parts] of [
    [1, (a: string, _b: string) => [{ PartNumber: 2, ETag: a }]],
    [
      2,
      (a: string, b: string) => [
        { PartNumber: 2, ETag: b },
        { PartNumber: 1, ETag: a },
      ],
    ],
    [
      3,
      (a: string, _b: string) => [
        { PartNumber: 1, ETag: a },
        { PartNumber: 2, ETag: '"0000"' },
      ],
    ],
  ] as const) {
    const Key = `list-${n}.bin`;
    const { UploadId } = await client.createMultipartUpload({ Bucket, Key });
    const ids = { Bucket, Key, UploadId: UploadId! };
    const a = await client.uploadPart({ ...ids, PartNumber: 1, Body: randomBytes(5 * MiB) });
    const b = await client.uploadPart({ ...ids, PartNumber: 2, Body: randomBytes(10), isLastPart: true });
    const call = client.completeMultipartUpload({ ...ids, MultipartUpload: { Parts: parts(a.ETag!, b.ETag!) } });
    await assertRefusedAndAborted(client, ids, call, /Parts list must name exactly the parts/);
  }
});

test('misuse: part numbers outside 1..10000, digests of the plaintext, a stream without ContentLength, a length that lies', async () => {
  const client = clientWith();
  let ids = await startedUpload(client, 'args.bin');
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 10_001, Body: randomBytes(16) }), /from 1 to 10000/);
  ids = await startedUpload(client, 'args.bin');
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 2, Body: randomBytes(16), ContentMD5: 'x', ChecksumCRC32: 'y' }), /ContentMD5, ChecksumCRC32/, 'INVALID_ARGUMENT');
  ids = await startedUpload(client, 'args.bin');
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 2, Body: Readable.from([randomBytes(16)]) }), /ContentLength/, 'INVALID_ARGUMENT');
  ids = await startedUpload(client, 'args.bin');
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 2, Body: randomBytes(32), ContentLength: 16 }), /does not match/, 'INVALID_ARGUMENT');
  ids = await startedUpload(client, 'args.bin');
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 2, Body: randomBytes(32), ContentLength: -1 }), /non-negative/, 'INVALID_ARGUMENT');
  ids = await startedUpload(client, 'args.bin');
  const huge = Readable.from([randomBytes(16)]);
  await assertRefusedAndAborted(client, ids, client.uploadPart({ ...ids, PartNumber: 2, Body: huge, ContentLength: 2 ** 36 }), /AES-GCM limit/, 'TOO_LARGE');
});

test('a streamed part that is longer or shorter than its ContentLength fails and ends the upload', async () => {
  const client = clientWith();
  for (const [Key, length] of [
    ['long.bin', 16],
    ['short.bin', 64],
  ] as const) {
    const ids = await startedUpload(client, Key);
    const err = await client.uploadPart({ ...ids, PartNumber: 2, Body: Readable.from([randomBytes(32)]), ContentLength: length, isLastPart: true }).catch((e: unknown) => e);
    assert.ok(err instanceof Error, 'the part failed');
    assert.is(await uploadStillOpen(Key, ids.UploadId), false);
    await rejectsWith(client.completeMultipartUpload(ids), 'MULTIPART_MISUSE', /not created here/);
  }
});

test('misuse: a second part while a streamed part is still being encrypted', async () => {
  const client = clientWith();
  const ids = await startedUpload(client, 'busy.bin');
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  async function* slow() {
    yield randomBytes(16);
    await gate;
    yield randomBytes(16);
  }
  const streaming = client.uploadPart({ ...ids, PartNumber: 2, Body: slow(), ContentLength: 5 * MiB }).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  await rejectsWith(client.uploadPart({ ...ids, PartNumber: 3, Body: randomBytes(16), isLastPart: true }), 'MULTIPART_MISUSE', /still being encrypted/);
  release();
  assert.ok((await streaming) instanceof Error, 'the streaming part fails once its upload is aborted');
  assert.is(await uploadStillOpen('busy.bin', ids.UploadId), false);
});

test('calls naming an unknown upload, or another object, are refused without touching the upload', async () => {
  const client = clientWith();
  await rejectsWith(client.uploadPart({ Bucket, Key: 'x', UploadId: 'nope', PartNumber: 1, Body: 'a', isLastPart: true }), 'MULTIPART_MISUSE', /not created here/);
  await rejectsWith(client.completeMultipartUpload({ Bucket, Key: 'x', UploadId: undefined }), 'MULTIPART_MISUSE');
  const ids = await startedUpload(client, 'mine.bin');
  await rejectsWith(client.uploadPart({ ...ids, Key: 'other.bin', PartNumber: 2, Body: 'a', isLastPart: true }), 'MULTIPART_MISUSE', /belongs to/);
  await client.uploadPart({ ...ids, PartNumber: 2, Body: 'end', isLastPart: true });
  await client.completeMultipartUpload(ids);
  assert.is(await exists('mine.bin'), true);
});

test('abortMultipartUpload forgets the cipher and aborts on S3, also for uploads started elsewhere', async () => {
  const client = clientWith();
  const ids = await startedUpload(client, 'abort.bin');
  await client.abortMultipartUpload(ids);
  assert.is(await uploadStillOpen('abort.bin', ids.UploadId), false);
  await rejectsWith(client.uploadPart({ ...ids, PartNumber: 2, Body: 'x', isLastPart: true }), 'MULTIPART_MISUSE');
  const plain = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'plain.bin' }));
  await client.abortMultipartUpload({ Bucket, Key: 'plain.bin', UploadId: plain.UploadId });
  assert.is(await uploadStillOpen('plain.bin', plain.UploadId!), false);
  await rejectsWith(client.abortMultipartUpload({ Bucket, Key: 'plain.bin', UploadId: plain.UploadId }), 'S3_ERROR', /NoSuchUpload/);
});

test('S3 failures: a part S3 refuses ends the upload; S3 refusing completion (EntityTooSmall) aborts it', async () => {
  const client = clientWith();
  const ids = await startedUpload(client, 'gone.bin');
  await s3.send(new AbortMultipartUploadCommand(ids)); // behind the client's back
  await rejectsWith(client.uploadPart({ ...ids, PartNumber: 2, Body: 'x', isLastPart: true }), 'S3_ERROR', /NoSuchUpload/);
  await rejectsWith(client.completeMultipartUpload(ids), 'MULTIPART_MISUSE', /not created here/);

  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'small.bin' });
  const small = { Bucket, Key: 'small.bin', UploadId: UploadId! };
  await client.uploadPart({ ...small, PartNumber: 1, Body: randomBytes(1024) });
  await client.uploadPart({ ...small, PartNumber: 2, Body: randomBytes(10), isLastPart: true });
  await assertRefusedAndAborted(client, small, client.completeMultipartUpload(small), /EntityTooSmall/, 'S3_ERROR');
});

test('completion waits for parts still being sent, and refuses if one of them failed', async () => {
  const client = clientWith();
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'wait.bin' });
  const ids = { Bucket, Key: 'wait.bin', UploadId: UploadId! };
  const body = randomBytes(5 * MiB + 3);
  const parts = [client.uploadPart({ ...ids, PartNumber: 1, Body: body.subarray(0, 5 * MiB) }), client.uploadPart({ ...ids, PartNumber: 2, Body: body.subarray(5 * MiB), isLastPart: true })];
  await client.completeMultipartUpload(ids); // not awaiting the parts first
  await Promise.all(parts);
  assert.equal(await decrypt(client, 'wait.bin'), body);

  const failing = await startedUpload(client, 'wait-fail.bin');
  await s3.send(new AbortMultipartUploadCommand(failing));
  const lastPart = client.uploadPart({ ...failing, PartNumber: 2, Body: 'x', isLastPart: true }).catch((e: unknown) => e);
  await rejectsWith(client.completeMultipartUpload(failing), 'MULTIPART_MISUSE', /a part upload failed/);
  assert.ok((await lastPart) instanceof Error);
});

test("create: user metadata may not use x-amz- keys; metadata storage keeps S3's 2 KB limit; a keyring's odd data key is refused", async () => {
  const client = clientWith();
  await rejectsWith(client.createMultipartUpload({ Bucket, Key: 'm.bin', Metadata: { 'x-amz-iv': 'x' } }), 'INVALID_ARGUMENT', /reserved/);
  await rejectsWith(client.createMultipartUpload({ Bucket, Key: 'm.bin', Metadata: { big: 'x'.repeat(2100) } }), 'METADATA_TOO_LARGE');
  await rejectsWith(client.createMultipartUpload({ Bucket, Key: undefined }), 'INVALID_ARGUMENT', /Bucket and Key/);
  const odd: Keyring = {
    kind: 'aes',
    wrap: async () => ({ dataKey: randomBytes(20), encryptedKey: randomBytes(48), wrap: 'AES/GCM', description: {} }),
    unwrap: async () => randomBytes(32),
  };
  const oddClient = new S3EncryptionClient({ client: s3, keyring: odd, ...V2 });
  await rejectsWith(oddClient.createMultipartUpload({ Bucket, Key: 'm.bin' }), 'INVALID_ARGUMENT', /20-byte data key/);
});

test('an instruction file that cannot be written after completion takes the object with it', async () => {
  const failing = s3ClientFor(target.endpoint);
  failing.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string };
      if (context.commandName === 'PutObjectCommand' && input.Key?.endsWith('.instruction')) throw new Error('instruction file store down');
      return next(args);
    },
    { step: 'initialize' },
  );
  const client = new S3EncryptionClient({ client: failing, keyring, storage: 'instruction' });
  const { UploadId } = await client.createMultipartUpload({ Bucket, Key: 'orphan.bin' });
  await client.uploadPart({ Bucket, Key: 'orphan.bin', UploadId, PartNumber: 1, Body: 'abc', isLastPart: true });
  await rejectsWith(client.completeMultipartUpload({ Bucket, Key: 'orphan.bin', UploadId }), 'S3_ERROR', /completed object was removed/);
  assert.is(await exists('orphan.bin'), false);
  failing.destroy();
});

test('upload(): a body that fits one part is one PutObject; an empty body too', async () => {
  const client = clientWith();
  target.clearRequestLog();
  await client.upload({ Bucket, Key: 'one.bin', Body: 'small body', partSize: 5 * MiB });
  await client.upload({ Bucket, Key: 'empty.bin', Body: Readable.from([]) });
  const s3Calls = target.requestLog.filter((r) => r.service === 's3').map((r) => `${r.method} ${r.path}`);
  assert.equal(s3Calls, [`PUT /${Bucket}/one.bin`, `PUT /${Bucket}/empty.bin`]);
  assert.is((await decrypt(client, 'one.bin')).toString(), 'small body');
  assert.is((await decrypt(client, 'empty.bin')).length, 0);
});

test('upload(): a stream of odd-sized chunks goes up in partSize parts, the last one short; metadata and description pass through', async () => {
  const client = clientWith({ ...V2, storage: 'instruction' });
  const body = randomBytes(11 * MiB + 5);
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += 777_777) chunks.push(body.subarray(at, at + 777_777));
  target.clearRequestLog();
  await client.upload({ Bucket, Key: 'big.bin', Body: Readable.from(chunks), partSize: 5 * MiB, queueSize: 2, Metadata: { kind: 'upload' }, MaterialsDescription: { ignored: 'by raw keyrings' } });
  const parts = target.requestLog.filter((r) => r.query.includes('partNumber')).map((r) => r.bytesReceived);
  assert.equal(
    parts.sort((a, b) => a - b),
    [MiB + 5 + 16, 5 * MiB, 5 * MiB],
  );
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big.bin' }));
  assert.is(head.Metadata?.kind, 'upload');
  assert.equal(await decrypt(client, 'big.bin'), body);
});

test('upload(): bad sizes are refused; a failing body aborts the upload and the error comes through', async () => {
  const client = clientWith();
  await rejectsWith(client.upload({ Bucket, Key: 'x', Body: 'x', partSize: MiB }), 'INVALID_ARGUMENT', /partSize/);
  await rejectsWith(client.upload({ Bucket, Key: 'x', Body: 'x', partSize: 5 * MiB + 1 }), 'INVALID_ARGUMENT', /partSize/);
  await rejectsWith(client.upload({ Bucket, Key: 'x', Body: 'x', queueSize: 0 }), 'INVALID_ARGUMENT', /queueSize/);
  async function* breaks() {
    yield randomBytes(6 * MiB);
    yield randomBytes(6 * MiB);
    throw new Error('source broke');
  }
  target.clearRequestLog();
  const err = await client.upload({ Bucket, Key: 'broken.bin', Body: breaks(), partSize: 5 * MiB }).catch((e: unknown) => e);
  assert.is((err as Error).message, 'source broke');
  assert.is(await exists('broken.bin'), false);
  assert.ok(
    target.requestLog.some((r) => r.method === 'DELETE' && r.query.includes('uploadId')),
    'the upload was aborted',
  );
});

test('upload(): a part S3 refuses stops the upload with that error', async () => {
  const flaky = s3ClientFor(target.endpoint);
  flaky.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UploadPartCommand' && (args.input as { PartNumber?: number }).PartNumber === 2) throw new Error('part 2 lost');
      return next(args);
    },
    { step: 'initialize' },
  );
  const client = new S3EncryptionClient({ client: flaky, keyring });
  await rejectsWith(client.upload({ Bucket, Key: 'flaky.bin', Body: randomBytes(16 * MiB), partSize: 5 * MiB, queueSize: 1 }), 'S3_ERROR', /part 2 lost/);
  assert.is(await exists('flaky.bin'), false);
  flaky.destroy();
});

test.run();
