/**
 * The bytes a bench run moves, streamed both ways so the harness never holds a large object:
 * bodies are a 1 MiB random block repeated (`PatternBody`), checked on the way back against the
 * same pattern without being kept. Adapter calls go over node:http with the protocol's headers
 * (PROTOCOL.md: `PUT` / `GET /object/{bucket}/{key}`, `ClientID`); raw S3 calls go through the
 * target's @aws-sdk/client-s3 client, the baseline every implementation is compared with.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../protocol/version.js';
import { BenchError } from './errors.js';

const BLOCK_BYTES = 1 << 20;
const BLOCK = randomBytes(BLOCK_BYTES);

/** `size` bytes of the pattern, in chunks of at most 1 MiB. */
export function patternBody(size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(BLOCK_BYTES, size - sent);
      this.push(BLOCK.subarray(0, n));
      sent += n;
    },
  });
}

/** A sink that checks each byte against the pattern and counts them. */
export function patternCheck(): Writable & { readonly received: () => number } {
  let offset = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (let i = 0; i < chunk.length; ) {
        const at = offset % BLOCK_BYTES;
        const n = Math.min(chunk.length - i, BLOCK_BYTES - at);
        if (!chunk.subarray(i, i + n).equals(BLOCK.subarray(at, at + n))) return done(new BenchError('wrong-bytes', `the body differs from what was written near byte ${offset}`));
        i += n;
        offset += n;
      }
      done();
    },
  });
  return Object.assign(sink, { received: () => offset });
}

async function checkBody(body: Readable, size: number): Promise<void> {
  const sink = patternCheck();
  await pipeline(body, sink);
  if (sink.received() !== size) throw new BenchError('wrong-bytes', `${sink.received()} bytes came back, ${size} were written`);
}

function objectUrl(base: string, bucket: string, key: string): URL {
  return new URL(`/object/${encodeURIComponent(bucket)}/${encodeURIComponent(key)}`, base);
}

function call(url: URL, method: string, headers: Record<string, string | number>, body?: Readable): Promise<import('node:http').IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { [PROTOCOL_HEADER]: PROTOCOL_VERSION, ...headers } }, resolve);
    req.on('error', (e) => reject(new BenchError('adapter-unreachable', `${method} ${url.pathname}: ${e.message}`)));
    if (body) body.pipe(req);
    else req.end();
  });
}

async function failure(res: import('node:http').IncomingMessage, what: string): Promise<BenchError> {
  const chunks: Buffer[] = [];
  for await (const c of res) if (chunks.length < 64) chunks.push(c as Buffer);
  return new BenchError('call-failed', `${what}: HTTP ${res.statusCode ?? 0} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`);
}

/**
 * Extension: the bench asks an adapter to stream (`S3CSE-Stream: true`); one that did, without
 * holding the whole body, says so in its answer (`S3CSE-Streamed: true`). That answer is the
 * implementation's streaming claim the bounded-memory verdict holds it to. Others ignore both.
 */
export const STREAM_REQUEST_HEADER = 'S3CSE-Stream';
export const STREAMED_RESPONSE_HEADER = 's3cse-streamed';

/** Resolves to whether the adapter claims to have streamed the body. */
export async function adapterPut(base: string, clientId: string, bucket: string, key: string, size: number): Promise<boolean> {
  const headers = { ClientID: clientId, 'content-type': 'application/octet-stream', 'content-length': size, [STREAM_REQUEST_HEADER]: 'true' };
  const res = await call(objectUrl(base, bucket, key), 'PUT', headers, patternBody(size));
  if (res.statusCode !== 200) throw await failure(res, `PUT ${key}`);
  res.resume();
  await new Promise((resolve) => res.on('end', resolve));
  return res.headers[STREAMED_RESPONSE_HEADER] === 'true';
}

export async function adapterGet(base: string, clientId: string, bucket: string, key: string, size: number): Promise<boolean> {
  const res = await call(objectUrl(base, bucket, key), 'GET', { ClientID: clientId, [STREAM_REQUEST_HEADER]: 'true' });
  if (res.statusCode !== 200) throw await failure(res, `GET ${key}`);
  await checkBody(res, size);
  return res.headers[STREAMED_RESPONSE_HEADER] === 'true';
}

export async function rawPut(s3: S3Client, bucket: string, key: string, size: number): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: patternBody(size), ContentLength: size }));
}

export async function rawGet(s3: S3Client, bucket: string, key: string, size: number): Promise<void> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await checkBody(out.Body as Readable, size);
}
