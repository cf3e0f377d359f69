/**
 * The embedded target's S3, driven through the real AWS SDK v3 S3Client (plus raw HTTP for the
 * corners the SDK hides). Expected values come from node:crypto, from the test's own bytes, or from
 * the public metadata-decode known answers (vectors/public/public-kats.json).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startEmbeddedTarget, type EmbeddedTarget } from '../targets/embedded/server.js';
import { s3ClientFor } from '../targets/embedded/clients.js';
import { encodeMetadataResponseValue, userMetadataSize } from '../targets/embedded/s3-metadata.js';
import { decodeS3MetadataValue } from '@s3cse/reference';

let target: EmbeddedTarget;
let s3: S3Client;

test.before(async () => {
  const started = Date.now();
  target = await startEmbeddedTarget();
  assert.ok(Date.now() - started < 1000, 'starts in under a second');
  s3 = s3ClientFor(target.endpoint);
});
test.after(async () => {
  s3.destroy();
  await target.stop();
});

async function put(key: string, body: Buffer | string, metadata?: Record<string, string>) {
  return s3.send(new PutObjectCommand({ Bucket: 'b', Key: key, Body: body, ...(metadata ? { Metadata: metadata } : {}) }));
}
async function getBytes(key: string, range?: string) {
  const out = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: key, ...(range ? { Range: range } : {}) }));
  return { out, bytes: Buffer.from(await out.Body!.transformToByteArray()) };
}
async function rejection(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected a rejection');
}
/**
 * PUT with exact metadata bytes. Not through the SDK: Node writes a header block in the encoding of
 * the first body chunk (UTF-8 for a string body, Latin-1 otherwise) and refuses characters above
 * U+00FF, so what the SDK puts on the wire for non-ASCII metadata depends on the body type.
 */
function rawPut(key: string, metadata: Record<string, Buffer>): Promise<number> {
  const headers = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`x-amz-meta-${k}`, v.toString('latin1')]));
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${target.endpoint}/b/${key}`, { method: 'PUT', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(Buffer.from('x'));
  });
}
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const md5 = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;

test('endpoint is loopback on an ephemeral port', () => {
  assert.match(target.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('PutObject of a Buffer and a string round-trips with an MD5 ETag', async () => {
  const data = randomBytes(1000);
  const res = await put('dir/buffer.bin', data);
  assert.is(res.ETag, md5(data));
  const { out, bytes } = await getBytes('dir/buffer.bin');
  assert.ok(bytes.equals(data));
  assert.is(out.ContentLength, 1000);
  assert.is(out.ETag, md5(data));
  await put('dir/text.txt', 'héllo wörld');
  assert.is((await getBytes('dir/text.txt')).bytes.toString('utf8'), 'héllo wörld');
});

test('a 5 MiB Readable upload arrives aws-chunked and is stored de-chunked', async () => {
  const data = randomBytes(5 * 1024 * 1024);
  target.clearRequestLog();
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'big', Body: Readable.from([data.subarray(0, 3_000_000), data.subarray(3_000_000)]), ContentLength: data.length }));
  const entry = target.requestLog.find((e) => e.method === 'PUT' && e.path === '/b/big');
  assert.ok(entry?.awsChunked, 'the SDK used aws-chunked framing');
  assert.is(entry?.bytesReceived, data.length);
  const { bytes } = await getBytes('big');
  assert.is(createHash('sha256').update(bytes).digest('hex'), createHash('sha256').update(data).digest('hex'));
});

test('HeadObject returns size and metadata, no body', async () => {
  await put('head', Buffer.alloc(42, 1), { color: 'blue' });
  target.clearRequestLog();
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'head' }));
  assert.is(head.ContentLength, 42);
  assert.equal(head.Metadata, { color: 'blue' });
  assert.is(target.requestLog[0]?.bytesSent, 0);
});

test('missing keys and buckets give S3 404 errors', async () => {
  assert.equal(await rejection(getBytes('nope')), { name: 'NoSuchKey', status: 404 });
  assert.equal(await rejection(s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'nope' }))), { name: 'NotFound', status: 404 });
  assert.equal(await rejection(s3.send(new GetObjectCommand({ Bucket: 'nobucket', Key: 'k' }))), { name: 'NoSuchBucket', status: 404 });
  const raw = await fetch(`${target.endpoint}/b/nope`, { method: 'HEAD' });
  assert.is(raw.status, 404);
  assert.is((await raw.arrayBuffer()).byteLength, 0);
});

test('range forms: a-b, a-, -n, clamped, and the request log counts the bytes sent', async () => {
  const data = Buffer.from('0123456789abcdef');
  await put('r', data);
  target.clearRequestLog();
  const cases: Array<[string, number, number]> = [
    ['bytes=2-5', 2, 5],
    ['bytes=10-', 10, 15],
    ['bytes=-4', 12, 15],
    ['bytes=-100', 0, 15],
    ['bytes=14-1000', 14, 15],
  ];
  for (const [range, start, end] of cases) {
    const { out, bytes } = await getBytes('r', range);
    assert.is(out.$metadata.httpStatusCode, 206, range);
    assert.is(out.ContentRange, `bytes ${start}-${end}/16`, range);
    assert.ok(bytes.equals(data.subarray(start, end + 1)), range);
  }
  assert.equal(
    target.requestLog.map((e) => [e.range, e.bytesSent]),
    cases.map(([r, s, e]) => [r, e - s + 1]),
  );
});

test('unsatisfiable ranges give 416 InvalidRange; unusable ones are ignored', async () => {
  await put('r2', Buffer.from('0123456789'));
  await put('empty', Buffer.alloc(0));
  for (const [key, range] of [
    ['r2', 'bytes=10-'],
    ['r2', 'bytes=-0'],
    ['empty', 'bytes=0-1'],
    ['empty', 'bytes=-5'],
  ] as const) {
    assert.equal(await rejection(getBytes(key, range)), { name: 'InvalidRange', status: 416 }, `${key} ${range}`);
  }
  for (const range of ['items=0-1', 'bytes=5-2', 'bytes=0-1,3-4', 'bytes=-']) {
    const { out, bytes } = await getBytes('r2', range);
    assert.is(out.$metadata.httpStatusCode, 200, range);
    assert.is(bytes.toString(), '0123456789', range);
  }
});

test('DeleteObject answers 204 even for absent keys; DeleteObjects removes a batch', async () => {
  await put('d1', 'x');
  const del = await s3.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'd1' }));
  assert.is(del.$metadata.httpStatusCode, 204);
  assert.equal(await rejection(getBytes('d1')), { name: 'NoSuchKey', status: 404 });
  const again = await s3.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'd1' }));
  assert.is(again.$metadata.httpStatusCode, 204);

  await put('batch/a&b', '1');
  await put('batch/<c>', '2');
  const res = await s3.send(new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [{ Key: 'batch/a&b' }, { Key: 'batch/<c>' }, { Key: 'batch/none' }] } }));
  assert.equal(
    res.Deleted?.map((d) => d.Key),
    ['batch/a&b', 'batch/<c>', 'batch/none'],
  );
  const list = await s3.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'batch/' }));
  assert.is(list.KeyCount, 0);
  await put('batch/q', '3');
  const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: 'b', Delete: { Objects: [{ Key: 'batch/q' }], Quiet: true } }));
  assert.is(quiet.Deleted, undefined);
  assert.is((await s3.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'batch/' }))).KeyCount, 0);
});

test('ListObjectsV2 filters by prefix and pages with continuation tokens', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
  assert.is((await s3.send(new ListObjectsV2Command({ Bucket: 'listing' }))).KeyCount, 0);
  for (const k of ['p/3', 'p/1', 'p/2', 'q/1']) {
    await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: k, Body: k }));
  }
  const first = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'p/', MaxKeys: 2 }));
  assert.equal(
    first.Contents?.map((c) => [c.Key, c.Size]),
    [
      ['p/1', 3],
      ['p/2', 3],
    ],
  );
  assert.is(first.IsTruncated, true);
  const second = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'p/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken! }));
  assert.equal(
    second.Contents?.map((c) => c.Key),
    ['p/3'],
  );
  assert.is(second.IsTruncated, false);
  const after = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', StartAfter: 'p/3' }));
  assert.equal(
    after.Contents?.map((c) => c.Key),
    ['q/1'],
  );
  assert.equal(await rejection(s3.send(new ListObjectsV2Command({ Bucket: 'absent' }))), { name: 'NoSuchBucket', status: 404 });
});

test('non-ASCII metadata comes back as RFC 2047 encoded words that decode to what was sent', async () => {
  const values = ['ååå', '中中中', `{"aws:x-amz-cek-alg":"AES/GCM/NoPadding","l1Key":"${'å'.repeat(40)}"}`, 'caf\u00e9 🎉'];
  for (const [i, value] of values.entries()) {
    assert.is(await rawPut(`meta${i}`, { v: utf8(value), plain: utf8('ascii only') }), 200);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: `meta${i}` }));
    const returned = head.Metadata?.['v'] ?? '';
    assert.match(returned, /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=( =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=)*$/);
    for (const word of returned.split(' ')) assert.ok(word.length <= 75, 'RFC 2047 word length limit');
    assert.is(decodeS3MetadataValue(returned), value);
    assert.is(head.Metadata?.['plain'], 'ascii only');
  }
});

test('the metadata encoder reproduces the public single-word S3 answers (Ruby KATs)', () => {
  const kats = (
    JSON.parse(readFileSync(new URL('../../vectors/public/public-kats.json', import.meta.url), 'utf8')) as {
      cases: Array<{
        kind: string;
        id: string;
        decode?: { headerValue: string; expectedDecoded: string };
      }>;
    }
  ).cases;
  const singleB = kats.filter((k) => k.kind === 'metadata-decode' && /^=\?UTF-8\?B\?[^ ]*\?=$/.test(k.decode?.headerValue ?? ''));
  assert.ok(singleB.length >= 15, `found ${singleB.length} single-word vectors`);
  for (const k of singleB) {
    assert.is(encodeMetadataResponseValue(Buffer.from(k.decode!.expectedDecoded, 'utf8')), k.decode!.headerValue, k.id);
  }
  const plain = kats.filter((k) => k.kind === 'metadata-decode' && /^[\x20-\x7e]+$/.test(k.decode?.headerValue ?? '') && !k.decode!.headerValue.includes('=?'));
  for (const k of plain) assert.is(encodeMetadataResponseValue(Buffer.from(k.decode!.expectedDecoded, 'utf8')), k.decode!.headerValue, k.id);
});

test('2 KB user-metadata limit: 2048 bytes accepted, 2049 refused with MetadataTooLarge', async () => {
  // key "k" (1 byte) + value: the sum of UTF-8 key and value lengths is what S3 counts.
  await put('limit-ok', 'x', { k: 'v'.repeat(2047) });
  assert.is((await s3.send(new HeadObjectCommand({ Bucket: 'b', Key: 'limit-ok' }))).Metadata?.['k']?.length, 2047);
  assert.equal(await rejection(put('limit-no', 'x', { k: 'v'.repeat(2048) })), { name: 'MetadataTooLarge', status: 400 });
  // Non-ASCII values count in UTF-8 bytes: 1 + 2 × 1023 + 1 = 2048, then one byte more.
  assert.is(await rawPut('limit-utf8', { k: utf8(`${'é'.repeat(1023)}a`) }), 200);
  assert.is(await rawPut('limit-utf8-no', { k: utf8('é'.repeat(1024)) }), 400);
  // Several keys add up.
  assert.equal(await rejection(put('limit-sum', 'x', { aa: 'x'.repeat(1000), bb: 'y'.repeat(1045) })), { name: 'MetadataTooLarge', status: 400 });
  assert.is(userMetadataSize(new Map([['ab', Buffer.from('cde')]])), 5);
  assert.equal(await rejection(getBytes('limit-no')), { name: 'NoSuchKey', status: 404 });
});

test('aws-chunked bodies sent by hand: signed framing decodes, broken framing is refused', async () => {
  const chunked =
    '5;chunk-signature=' +
    'a'.repeat(64) +
    '\r\nhello\r\n' +
    '6;chunk-signature=' +
    'b'.repeat(64) +
    '\r\n world\r\n' +
    '0;chunk-signature=' +
    'c'.repeat(64) +
    '\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n';
  const headers = { 'content-encoding': 'aws-chunked,gzip', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-decoded-content-length': '11' };
  const ok = await fetch(`${target.endpoint}/b/hand-chunked`, { method: 'PUT', headers, body: chunked });
  assert.is(ok.status, 200);
  const { out, bytes } = await getBytes('hand-chunked');
  assert.is(bytes.toString(), 'hello world');
  assert.is(out.ContentEncoding, 'gzip', 'aws-chunked is stripped from the stored encoding');
  for (const broken of ['zz\r\nhello\r\n0\r\n\r\n', '5\r\nhel', '5\r\nhelloXX0\r\n\r\n', '5;sig']) {
    const res = await fetch(`${target.endpoint}/b/broken`, { method: 'PUT', headers, body: broken });
    assert.is(res.status, 400, JSON.stringify(broken));
    assert.match(await res.text(), /<Code>IncompleteBody<\/Code>/);
  }
});

test('ListBuckets (what `aws s3 ls` asks first) lists every bucket, in order', async () => {
  const res = await fetch(`${target.endpoint}/`);
  assert.is(res.status, 200);
  const names = [...(await res.text()).matchAll(/<Bucket><Name>([^<]+)<\/Name>/g)].map((m) => m[1]);
  assert.equal(names, [...target.s3.buckets.keys()].sort());
  assert.ok(names.length > 0);
});

test('operations the target does not model answer 501 NotImplemented', async () => {
  const calls: Array<[string, string, RequestInit?]> = [
    ['DELETE', '/'],
    ['GET', '/b'],
    ['PUT', '/b/k', { headers: { 'x-amz-copy-source': '/b/r' } }],
    ['POST', '/b/k'],
  ];
  for (const [method, path, init] of calls) {
    const res = await fetch(`${target.endpoint}${path}`, { method, ...init });
    assert.is(res.status, 501, `${method} ${path}`);
    assert.match(await res.text(), /<Code>NotImplemented<\/Code>/);
  }
  await put('ent-a<b', '1');
  const entities = '<Delete><Object><Key>ent-&#x61;&#60;b</Key></Object><Quiet>false</Quiet></Delete>';
  const deleted = await fetch(`${target.endpoint}/b?delete`, { method: 'POST', body: entities });
  assert.match(await deleted.text(), /<Deleted><Key>ent-a&lt;b<\/Key><\/Deleted>/);
  assert.equal(await rejection(getBytes('ent-a<b')), { name: 'NoSuchKey', status: 404 });
  const bad = await fetch(`${target.endpoint}/b?delete`, { method: 'POST', body: '<NotDelete/>' });
  assert.is(bad.status, 400);
  const keyless = await fetch(`${target.endpoint}/b?delete`, { method: 'POST', body: '<Delete><Object><Nope/></Object></Delete>' });
  assert.is(keyless.status, 400);
  assert.is((await fetch(`${target.endpoint}/b`, { method: 'HEAD' })).status, 200);
  assert.is((await fetch(`${target.endpoint}/zz`, { method: 'HEAD' })).status, 404);
  assert.is((await fetch(`${target.endpoint}/b/%E0%A4%A`)).status, 404, 'undecodable paths are used as sent');
});

test.run();
