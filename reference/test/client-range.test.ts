/**
 * Ranged GET through S3EncryptionClient on the embedded S3. Each range is checked three ways:
 * against the plaintext slice this test computes itself, against what a plain GetObject with the
 * same Range returns for an unencrypted copy of the plaintext (S3 semantics: body, Content-Range,
 * Content-Length, 416), and against the bytes the S3 endpoint actually sent (requestLog).
 */
import { GetObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { createCipheriv, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { S3EncryptionClient, type S3EncryptionClientConfig } from '../src/client.js';
import { isS3EncryptionError } from '../src/errors.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const Bucket = 'range-tests';
const MiB = 1024 * 1024;
const master = randomBytes(32);
const keyring = new AesKeyring({ key: master });
const big = randomBytes(10 * MiB);
let target: EmbeddedTarget;
let s3: S3Client;

test.before(async () => {
  target = await startEmbeddedTarget();
  s3 = s3ClientFor(target.endpoint);
});
test.after(async () => {
  await target.stop();
});

const client = (config: Partial<S3EncryptionClientConfig> = {}) =>
  new S3EncryptionClient({ client: s3, keyring, legacyUnauthenticatedModes: true, commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', ...config } as S3EncryptionClientConfig);
const v2Writer = () => client({ commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', format: 'v2' });

/** Stores `plaintext` unencrypted under `plain/<name>` and encrypted as V2 and V3 (metadata and instruction file). */
async function store(name: string, plaintext: Buffer): Promise<string[]> {
  await s3.send(new PutObjectCommand({ Bucket, Key: `plain/${name}`, Body: plaintext }));
  const keys: Array<[string, S3EncryptionClient]> = [
    [`v2/${name}`, v2Writer()],
    [`v3/${name}`, client()],
    [`v3i/${name}`, client({ storage: 'instruction' })],
  ];
  for (const [Key, writer] of keys) await writer.putObject({ Bucket, Key, Body: plaintext });
  return keys.map(([k]) => k);
}

type Expected = { start: number; end: number } | 'unsatisfiable' | 'whole';

/** The test's own reading of a range (RFC 9110 §14.1.2 as S3 applies it), independent of src/. */
function expectedFor(header: string, length: number): Expected {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'whole';
  if (m[1] === '') {
    const n = Number(m[2]);
    return n === 0 || length === 0 ? 'unsatisfiable' : { start: Math.max(0, length - n), end: length - 1 };
  }
  const a = Number(m[1]);
  const b = m[2] === '' ? Infinity : Number(m[2]);
  if (b < a) return 'whole';
  return a >= length ? 'unsatisfiable' : { start: a, end: Math.min(b, length - 1) };
}

interface Answer {
  readonly body?: Buffer;
  readonly contentRange?: string | undefined;
  readonly contentLength?: number | undefined;
  readonly invalidRange?: true;
}

async function plainGet(Key: string, Range: string): Promise<Answer> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket, Key, Range }));
    return { body: Buffer.from(await out.Body!.transformToByteArray()), contentRange: out.ContentRange, contentLength: out.ContentLength };
  } catch (e) {
    if (e instanceof S3ServiceException && e.name === 'InvalidRange' && e.$metadata.httpStatusCode === 416) return { invalidRange: true };
    throw e;
  }
}

async function encryptedGet(reader: S3EncryptionClient, Key: string, Range: string): Promise<Answer> {
  try {
    const out = await reader.getObject({ Bucket, Key, Range });
    return { body: Buffer.from(await out.Body!.transformToByteArray()), contentRange: out.ContentRange, contentLength: out.ContentLength };
  } catch (e) {
    if (isS3EncryptionError(e) && e.code === 'INVALID_RANGE') return { invalidRange: true };
    throw e;
  }
}

/** Checks one range on one encrypted object; returns the bytes S3 sent for the object's body. */
async function checkRange(reader: S3EncryptionClient, key: string, plainKey: string, plaintext: Buffer, Range: string): Promise<number> {
  const expected = expectedFor(Range, plaintext.length);
  target.clearRequestLog();
  const got = await encryptedGet(reader, key, Range);
  const bodyRequests = target.requestLog.filter((r) => r.service === 's3' && r.path === `/${Bucket}/${key}`);
  const fetched = bodyRequests.reduce((sum, r) => sum + r.bytesSent, 0);
  const plain = await plainGet(plainKey, Range);
  const what = `${key} ${Range}`;
  assert.equal(got, plain, `${what}: not what S3 returns for the plaintext`);
  if (expected === 'unsatisfiable') {
    assert.ok(got.invalidRange, `${what}: expected 416`);
  } else if (expected === 'whole') {
    assert.ok(got.body?.equals(plaintext), `${what}: expected the whole object`);
    assert.is(got.contentRange, undefined);
  } else {
    const wanted = expected.end - expected.start + 1;
    assert.ok(got.body?.equals(plaintext.subarray(expected.start, expected.end + 1)), `${what}: wrong bytes`);
    assert.is(got.contentRange, `bytes ${expected.start}-${expected.end}/${plaintext.length}`);
    assert.is(got.contentLength, wanted);
    assert.is(bodyRequests.length, 1);
    assert.ok(fetched <= wanted + 32, `${what}: fetched ${fetched} bytes for ${wanted}`);
  }
  return fetched;
}

/** xorshift32: reproducible "random" ranges (a failure names its range; the seed makes it rerunnable). */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function rangesFor(length: number, seed: number): string[] {
  const L = length;
  const edges = [
    'bytes=0-0',
    'bytes=0-1',
    'bytes=0-14',
    'bytes=0-15',
    'bytes=0-16',
    'bytes=1-15',
    'bytes=15-16',
    'bytes=16-16',
    'bytes=16-31',
    'bytes=17-47',
    'bytes=0-',
    'bytes=1-',
    'bytes=15-',
    `bytes=${L - 1}-`,
    `bytes=${L - 15}-`,
    `bytes=${L - 16}-`,
    `bytes=${L - 17}-`,
    `bytes=${L - 33}-${L - 1}`,
    `bytes=${L - 1}-${L - 1}`,
    `bytes=${L - 2}-${L + 100}`,
    `bytes=${L - 20}-${L + 15}`,
    `bytes=0-${L - 1}`,
    `bytes=0-${L}`,
    `bytes=0-${L + 16}`,
    `bytes=${L}-`,
    `bytes=${L + 1}-`,
    `bytes=${L + 15}-`,
    `bytes=${L + 16}-`,
    `bytes=${L + 17}-`,
    `bytes=${L}-${L + 5}`,
    `bytes=${L + 20}-${L + 30}`,
    'bytes=-1',
    'bytes=-15',
    'bytes=-16',
    'bytes=-17',
    'bytes=-32',
    'bytes=-33',
    `bytes=-${L - 1}`,
    `bytes=-${L}`,
    `bytes=-${L + 1}`,
    `bytes=-${L + 16}`,
    'bytes=-0',
    'bytes=99999999999999999999-',
    'bytes=0-99999999999999999999',
    'bytes=-99999999999999999999',
    // What S3 ignores (whole object, 200): another unit, several ranges, end before start, no numbers.
    'items=0-9',
    'bytes=0-1,5-6',
    'bytes=9-3',
    'bytes=-',
  ];
  const random = prng(seed);
  const ranges: string[] = [];
  for (let i = 0; i < 170; i++) {
    const a = Math.floor(random() * L);
    // Mostly short ranges (a log-uniform length up to 256 KiB), some open-ended and suffix ones.
    const span = Math.floor(2 ** (random() * 18));
    const kind = random();
    if (kind < 0.8) ranges.push(`bytes=${a}-${a + span}`);
    else if (kind < 0.9) ranges.push(`bytes=${Math.max(0, L - span)}-`);
    else ranges.push(`bytes=-${span}`);
  }
  return [...edges, ...ranges];
}

test("a 10 MiB object, V2 and V3: 220 ranges each equal the plaintext slice and S3's answer, fetching at most range + 32 bytes", async () => {
  const keys = await store('big', big);
  const reader = client();
  let checked = 0;
  for (const [i, key] of keys.slice(0, 2).entries()) {
    for (const range of rangesFor(big.length, 0x5eed + i)) {
      await checkRange(reader, key, 'plain/big', big, range);
      checked += 1;
    }
  }
  assert.ok(checked >= 2 * 200, String(checked));
});

test('small and empty objects: every edge range matches S3 for V2, V3 and V3 with an instruction file', async () => {
  for (const length of [0, 1, 15, 16, 17, 33]) {
    const plaintext = randomBytes(length);
    const keys = await store(`small-${length}`, plaintext);
    const reader = client();
    for (const key of keys) {
      for (const range of rangesFor(length, length).slice(0, 49)) await checkRange(reader, key, `plain/small-${length}`, plaintext, range);
    }
  }
});

test('ranged GET needs legacyUnauthenticatedModes and is refused before any request is made', async () => {
  await client().putObject({ Bucket, Key: 'guarded', Body: 'guarded' });
  const strict = client({ legacyUnauthenticatedModes: false });
  target.clearRequestLog();
  await rejectsWith(strict.getObject({ Bucket, Key: 'guarded', Range: 'bytes=0-1' }), 'LEGACY_DISABLED', /legacyUnauthenticatedModes/);
  // Even a header S3 would ignore: the caller asked for the unauthenticated path.
  await rejectsWith(strict.getObject({ Bucket, Key: 'guarded', Range: 'items=0-1' }), 'LEGACY_DISABLED');
  assert.is(target.requestLog.length, 0);
});

test('the commitment policy applies to ranges too: no V2 range under REQUIRE_ENCRYPT_REQUIRE_DECRYPT', async () => {
  await v2Writer().putObject({ Bucket, Key: 'v2-only', Body: 'sixteen bytes!!!' });
  const strict = client({ commitmentPolicy: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' });
  await rejectsWith(strict.getObject({ Bucket, Key: 'v2-only', Range: 'bytes=2-5' }), 'COMMITMENT_POLICY');
  const got = await client().getObject({ Bucket, Key: 'v2-only', Range: 'bytes=2-5' });
  assert.is(await got.Body!.transformToString(), 'xtee');
  assert.is(got.Encryption.format, 'v2');
});

test('a V3 range checks the commitment before decrypting anything', async () => {
  await client().putObject({ Bucket, Key: 'committed', Body: randomBytes(100) });
  const head = await s3.send(new GetObjectCommand({ Bucket, Key: 'committed' }));
  const body = Buffer.from(await head.Body!.transformToByteArray());
  const d = Buffer.from(head.Metadata!['x-amz-d']!, 'base64');
  d[0]! ^= 1;
  await s3.send(new PutObjectCommand({ Bucket, Key: 'committed', Body: body, Metadata: { ...head.Metadata, 'x-amz-d': d.toString('base64') } }));
  await rejectsWith(client().getObject({ Bucket, Key: 'committed', Range: 'bytes=0-9' }), 'COMMITMENT_MISMATCH');
});

test('CBC objects refuse ranges; a range S3 ignores still reads and authenticates the whole object', async () => {
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const ecb = createCipheriv('aes-256-ecb', master, null);
  const cbc = createCipheriv('aes-256-cbc', dataKey, iv);
  const metadata = { 'x-amz-key': Buffer.concat([ecb.update(dataKey), ecb.final()]).toString('base64'), 'x-amz-iv': iv.toString('base64'), 'x-amz-matdesc': '{}' };
  await s3.send(new PutObjectCommand({ Bucket, Key: 'cbc', Body: Buffer.concat([cbc.update('legacy cbc body'), cbc.final()]), Metadata: metadata }));
  const legacy = client({ legacyWrappingAlgorithms: true });
  await rejectsWith(legacy.getObject({ Bucket, Key: 'cbc', Range: 'bytes=0-3' }), 'UNSUPPORTED', /CBC/);
  assert.is(await (await legacy.getObject({ Bucket, Key: 'cbc', Range: 'bytes=3-0' })).Body!.transformToString(), 'legacy cbc body');

  // A tampered GCM body: the ignored range takes the authenticated path and fails; a real range cannot tell.
  await client().putObject({ Bucket, Key: 'tampered', Body: Buffer.alloc(64, 0x61) });
  const raw = await s3.send(new GetObjectCommand({ Bucket, Key: 'tampered' }));
  const body = Buffer.from(await raw.Body!.transformToByteArray());
  body[40]! ^= 1;
  await s3.send(new PutObjectCommand({ Bucket, Key: 'tampered', Body: body, Metadata: raw.Metadata }));
  await rejectsWith(client().getObject({ Bucket, Key: 'tampered', Range: 'bytes=9-3' }), 'DECRYPT_FAILED');
  const part = await client().getObject({ Bucket, Key: 'tampered', Range: 'bytes=0-15' });
  assert.is(await part.Body!.transformToString(), 'a'.repeat(16));
});

test('S3 failures on a range: a missing key is S3_ERROR, as without a range', async () => {
  await rejectsWith(client().getObject({ Bucket, Key: 'absent', Range: 'bytes=0-1' }), 'S3_ERROR', /NoSuchKey/);
});

/** An S3Client stand-in that answers every GetObject with `answer` (what a misbehaving endpoint might send). */
function fakeS3(answer: (input: { Range?: string }) => Record<string, unknown>): S3Client {
  return { send: async (command: { input: { Range?: string } }) => answer(command.input) } as unknown as S3Client;
}

test('answers S3 would not give are refused: Content-Range without Range, a range without Content-Range, a short body', async () => {
  const enc = await v2Writer().putObject({ Bucket, Key: 'for-fakes', Body: randomBytes(64) });
  assert.ok(enc);
  const stored = await s3.send(new GetObjectCommand({ Bucket, Key: 'for-fakes' }));
  const metadata = stored.Metadata!;
  const body = Buffer.from(await stored.Body!.transformToByteArray());
  const reader = (answer: Parameters<typeof fakeS3>[0]) => client({ client: fakeS3(answer) });

  // spec decryption.md: a part the request did not ask for means a multipart download.
  const multipart = reader(() => ({ Body: Readable.from([body.subarray(0, 16)]), Metadata: metadata, ContentRange: 'bytes 0-15/80', ContentLength: 16 }));
  await rejectsWith(multipart.getObject({ Bucket, Key: 'for-fakes' }), 'UNSUPPORTED', /multipart download/);

  const ignoresRange = reader(() => ({ Body: Readable.from([body]), Metadata: metadata, ContentLength: body.length }));
  await rejectsWith(ignoresRange.getObject({ Bucket, Key: 'for-fakes', Range: 'bytes=0-9' }), 'S3_ERROR', /Content-Range/);

  const short = reader(() => ({ Body: Readable.from([body.subarray(0, 8)]), Metadata: metadata, ContentRange: 'bytes 0-79/80', ContentLength: 80 }));
  const out = await short.getObject({ Bucket, Key: 'for-fakes', Range: 'bytes=0-9' });
  await rejectsWith(out.Body!.transformToByteArray(), 'S3_ERROR', /after 8 of its 80 bytes/);
});

test.run();
