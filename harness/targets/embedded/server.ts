/**
 * The embedded test target: one loopback HTTP port serving path-style S3 and the KMS JSON 1.1
 * protocol, inside the Node process, so unit tests get real SDK round trips in milliseconds.
 *
 *   const target = await startEmbeddedTarget();   // http://127.0.0.1:<free port>
 *   ...                                            // s3ClientFor / kmsClientFor(target.endpoint)
 *   await target.stop();
 *
 * Requests are routed by `X-Amz-Target: TrentService.*` (KMS) versus everything else (S3).
 * Signatures are never verified. Every request is appended to `requestLog` with the bytes sent,
 * so tests can measure how much of an object a reader fetched.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChunkedBodyError, decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
import type { HandlerResult } from './handler-result.js';
import { EmbeddedKms } from './kms.js';
import { handleKmsRequest } from './kms-api.js';
import { EmbeddedS3, handleS3Request } from './s3.js';
import { s3Error } from './s3-xml.js';

export interface RequestLogEntry {
  readonly service: 's3' | 'kms';
  readonly method: string;
  /** Decoded path (`/bucket/key`), without the query string. */
  readonly path: string;
  readonly query: string;
  /** The `Range` request header, when sent. */
  readonly range?: string;
  /** KMS operation name (`Decrypt`, ...), for KMS requests. */
  readonly operation?: string;
  readonly status: number;
  /** Request body bytes received, after aws-chunked decoding. */
  readonly bytesReceived: number;
  /** Response body bytes sent. */
  readonly bytesSent: number;
  /** The request body arrived aws-chunked (SDK streaming upload) and was de-chunked. */
  readonly awsChunked: boolean;
}

export interface EmbeddedTarget {
  /** `http://127.0.0.1:<port>`: give it to the SDK clients (see clients.ts). */
  readonly endpoint: string;
  readonly s3: EmbeddedS3;
  readonly kms: EmbeddedKms;
  readonly requestLog: RequestLogEntry[];
  clearRequestLog(): void;
  stop(): Promise<void>;
}

export async function startEmbeddedTarget(): Promise<EmbeddedTarget> {
  const s3 = new EmbeddedS3();
  const kms = new EmbeddedKms();
  const requestLog: RequestLogEntry[] = [];
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => serve(req, res, raw))
      .catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
  });

  function serve(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://embedded');
    const method = req.method ?? 'GET';
    const headers = flatHeaders(req);
    const kmsTarget = headers['x-amz-target']?.startsWith('TrentService.') ? headers['x-amz-target'] : undefined;
    const path = safeDecode(url.pathname);
    let body = raw;
    let result: HandlerResult;
    const awsChunked = !kmsTarget && isAwsChunked(headers);
    if (kmsTarget !== undefined) {
      result = handleKmsRequest(kms, kmsTarget, body);
    } else {
      try {
        if (awsChunked) body = decodeAwsChunked(raw);
        result = handleS3Request(s3, { method, path, query: url.searchParams, headers, body });
      } catch (e) {
        if (!(e instanceof ChunkedBodyError)) throw e;
        result = s3Error(method, 400, 'IncompleteBody', `aws-chunked body is malformed: ${e.message}`);
      }
    }
    const sent = result.body ?? Buffer.alloc(0);
    requestLog.push({
      service: kmsTarget ? 'kms' : 's3',
      method,
      path,
      query: url.search,
      ...(headers['range'] === undefined ? {} : { range: headers['range'] }),
      ...(kmsTarget ? { operation: kmsTarget.slice(kmsTarget.indexOf('.') + 1) } : {}),
      status: result.status,
      bytesReceived: body.length,
      bytesSent: method === 'HEAD' ? 0 : sent.length,
      awsChunked,
    });
    res.writeHead(result.status, {
      'x-amz-request-id': String(requestLog.length),
      ...result.headers,
      ...(result.headers['content-length'] === undefined ? { 'content-length': String(sent.length) } : {}),
    });
    res.end(method === 'HEAD' ? undefined : sent);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    s3,
    kms,
    requestLog,
    clearRequestLog: () => void requestLog.splice(0),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Node joins repeated headers; S3 metadata keys are case-insensitive, so lower-case names suit us. */
function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
