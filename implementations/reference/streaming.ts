/**
 * Extension for the bench (harness/bench/transfer.ts): a PUT or GET carrying
 * `S3CSE-Stream: true` is streamed instead of buffered. The PUT body goes straight from the
 * request into putObject (its length from Content-Length); the GET's plaintext goes to the
 * response as the client releases it (with delayed authentication, before the tag is checked),
 * so a failure after the headers cuts the body instead of answering an error. Each such answer
 * says `S3CSE-Streamed: true`: the reference claims bounded memory, and the bench holds it to
 * that claim. Conformance runs never send the header, so their answers keep the protocol's rule
 * (decrypt fully, then answer).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReferenceClient } from './emrfs-mode.js';

export const STREAMED = { 's3cse-streamed': 'true' } as const;

export function wantsStream(req: IncomingMessage): boolean {
  // A multipart PUT (s3cse-multipart-part-size) keeps its own route.
  return req.headers['s3cse-stream'] === 'true' && req.headers['s3cse-multipart-part-size'] === undefined && (req.method === 'PUT' || req.method === 'GET');
}

/** Serves a streamed object PUT or GET; false when the path is no plain object operation. */
export async function serveStreamed(req: IncomingMessage, res: ServerResponse, parts: readonly string[], clientOf: (id: string | undefined) => ReferenceClient | undefined): Promise<boolean> {
  if (parts[0] !== 'object' || parts.length !== 3) return false;
  const [, bucket, key] = parts as [string, string, string];
  const id = req.headers['clientid'];
  const client = clientOf(Array.isArray(id) ? id[0] : id);
  if (!client) return false;
  if (req.method === 'PUT') {
    const length = Number(req.headers['content-length']);
    await client.putObject({ Bucket: bucket, Key: key, Body: req, ContentLength: length });
    const text = JSON.stringify({ bucket, key, metadata: [] });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...STREAMED });
    res.end(text);
    return true;
  }
  const out = await client.getObject({ Bucket: bucket, Key: key });
  const length = typeof out.ContentLength === 'number' ? { 'content-length': out.ContentLength } : {};
  res.writeHead(200, { 'content-type': 'application/octet-stream', ...length, ...STREAMED });
  await pipeline(Readable.from(out.Body as AsyncIterable<Uint8Array>), res);
  return true;
}
