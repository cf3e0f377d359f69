/**
 * Multipart upload on the embedded S3, through the AWS SDK v3 commands an S3EC client would send.
 * Expected ETags are computed here with node:crypto (MD5 per part; MD5 of the binary part MD5s,
 * then `-N`, for the object), not taken from the server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startEmbeddedTarget, type EmbeddedTarget } from '../targets/embedded/server.js';
import { s3ClientFor } from '../targets/embedded/clients.js';
import { MIN_PART_BYTES } from '../targets/embedded/s3-multipart.js';

let target: EmbeddedTarget;
let s3: S3Client;
const Bucket = 'mp';

test.before(async () => {
  target = await startEmbeddedTarget();
  target.s3.createBucket(Bucket);
  s3 = s3ClientFor(target.endpoint);
});
test.after(async () => {
  s3.destroy();
  await target.stop();
});

const md5 = (b: Buffer): Buffer => createHash('md5').update(b).digest();
const quotedMd5 = (b: Buffer): string => `"${md5(b).toString('hex')}"`;

async function rejection(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected a rejection');
}

async function create(Key: string, extra: { Metadata?: Record<string, string>; ContentType?: string } = {}): Promise<string> {
  const out = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key, ...extra }));
  assert.is(out.Bucket, Bucket);
  assert.is(out.Key, Key);
  assert.ok(out.UploadId);
  return out.UploadId;
}

async function upload(Key: string, UploadId: string, PartNumber: number, body: Buffer): Promise<CompletedPart> {
  const out = await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: body }));
  return { PartNumber, ETag: out.ETag ?? '' };
}

function complete(Key: string, UploadId: string, Parts: CompletedPart[]) {
  return s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));
}

test('two parts with metadata: part ETags, the -N object ETag, body, metadata and content type', async () => {
  const first = randomBytes(MIN_PART_BYTES);
  const last = randomBytes(1234);
  const metadata = { 'x-amz-key-v2': 'AAAA', 'x-amz-cek-alg': 'AES/GCM/NoPadding' };
  const id = await create('enc/obj', { Metadata: metadata, ContentType: 'application/x-test' });
  const p1 = await upload('enc/obj', id, 1, first);
  const p2 = await upload('enc/obj', id, 2, last);
  assert.is(p1.ETag, quotedMd5(first));
  assert.is(p2.ETag, quotedMd5(last));
  assert.equal(await rejection(s3.send(new HeadObjectCommand({ Bucket, Key: 'enc/obj' }))), { name: 'NotFound', status: 404 }, 'invisible before complete');

  const done = await complete('enc/obj', id, [p1, p2]);
  const expectedEtag = `"${md5(Buffer.concat([md5(first), md5(last)])).toString('hex')}-2"`;
  assert.is(done.ETag, expectedEtag);
  assert.is(done.Key, 'enc/obj');

  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'enc/obj' }));
  const bytes = Buffer.from(await got.Body!.transformToByteArray());
  assert.ok(bytes.equals(Buffer.concat([first, last])));
  assert.equal(got.Metadata, metadata);
  assert.is(got.ContentType, 'application/x-test');
  assert.is(got.ETag, expectedEtag);
});

test('a single small part is a valid upload (only non-last parts have a minimum)', async () => {
  const body = Buffer.from('tiny');
  const id = await create('single');
  const done = await complete('single', id, [await upload('single', id, 1, body)]);
  assert.is(done.ETag, `"${md5(md5(body)).toString('hex')}-1"`);
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'single' }));
  assert.is(await got.Body!.transformToString(), 'tiny');
});

test('uploading a part number again replaces it; unlisted parts are left out', async () => {
  const id = await create('replace');
  await upload('replace', id, 1, Buffer.from('old'));
  const p1 = await upload('replace', id, 1, Buffer.from('new'));
  await upload('replace', id, 2, Buffer.from('never listed'));
  await complete('replace', id, [p1]);
  const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'replace' }));
  assert.is(await got.Body!.transformToString(), 'new');
});

test('complete rejects a wrong ETag, a descending list and a small non-last part', async () => {
  const id = await create('bad');
  const p1 = await upload('bad', id, 1, Buffer.from('a'));
  const p2 = await upload('bad', id, 2, Buffer.from('b'));
  assert.equal(await rejection(complete('bad', id, [{ PartNumber: 1, ETag: quotedMd5(Buffer.from('x')) }])), { name: 'InvalidPart', status: 400 });
  assert.equal(await rejection(complete('bad', id, [{ PartNumber: 3, ETag: p1.ETag ?? '' }])), { name: 'InvalidPart', status: 400 });
  assert.equal(await rejection(complete('bad', id, [p2, p1])), { name: 'InvalidPartOrder', status: 400 });
  assert.equal(await rejection(complete('bad', id, [p1, p2])), { name: 'EntityTooSmall', status: 400 });
  // A failed complete leaves the upload open, as on S3.
  assert.is((await complete('bad', id, [p2])).ETag, `"${md5(md5(Buffer.from('b'))).toString('hex')}-1"`);
});

test('abort discards the upload; unknown ids and bad part numbers are errors', async () => {
  const id = await create('aborted');
  await upload('aborted', id, 1, Buffer.from('x'));
  const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'aborted', UploadId: id }));
  assert.is(aborted.$metadata.httpStatusCode, 204);
  assert.equal(await rejection(upload('aborted', id, 2, Buffer.from('y'))), { name: 'NoSuchUpload', status: 404 });
  assert.equal(await rejection(complete('aborted', id, [{ PartNumber: 1, ETag: quotedMd5(Buffer.from('x')) }])), { name: 'NoSuchUpload', status: 404 });
  assert.equal(await rejection(s3.send(new GetObjectCommand({ Bucket, Key: 'aborted' }))), { name: 'NoSuchKey', status: 404 });
  const other = await create('other');
  assert.equal(await rejection(upload('not-other', other, 1, Buffer.from('x'))), { name: 'NoSuchUpload', status: 404 }, 'id belongs to another key');
  assert.equal(await rejection(upload('other', other, 10_001, Buffer.from('x'))), { name: 'InvalidArgument', status: 400 });
});

test('the 2 KB metadata limit applies at create', async () => {
  const err = await rejection(s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'big-meta', Metadata: { m: 'x'.repeat(2048) } })));
  assert.equal(err, { name: 'MetadataTooLarge', status: 400 });
});

test.run();
