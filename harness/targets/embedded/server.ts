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
import { listenOnLoopback } from '../process/free-port.js';
import { ChunkedBodyError, decodeAwsChunked, isAwsChunked } from './aws-chunked.js';
import type { HandlerResult } from './handler-result.js';
import { dataKeyLoggerFromEnv } from './data-key-log.js';
import { EmbeddedKms } from './kms.js';
import { handleKmsRequest } from './kms-api.js';
import { EmbeddedS3, handleS3Request } from './s3.js';
import { s3Error } from './s3-xml.js';
import { ANSWERING_FAULTS, FaultInjector, type FaultName, type FaultRequest } from '../faults/plan.js';
import { canDamage, faultAnswer, writeDamaged, writePlain, type PlainResponse } from '../faults/respond.js';

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
  /** The fault injected into this exchange (faults/plan.ts), if any. */
  readonly fault?: FaultName;
  /** `User-Agent` and `X-Amz-User-Agent` as sent, joined: who made the call (SDK and client tokens). */
  readonly userAgent: string;
  /** For KMS requests: the key and encryption context asked for (never plaintext or key bytes). */
  readonly kms?: { readonly keyId?: string; readonly encryptionContext?: Readonly<Record<string, string>> };
}

export interface EmbeddedTarget {
  /** `http://127.0.0.1:<port>`: give it to the SDK clients (see clients.ts). */
  readonly endpoint: string;
  readonly s3: EmbeddedS3;
  readonly kms: EmbeddedKms;
  readonly requestLog: RequestLogEntry[];
  /**
   * Response body bytes the S3 side has sent for `/bucket/key` (GET and its ranges; HEAD sends
   * none), summed over every request since the start or the last `clearRequestLog`. The range
   * suite reads it before and after a ranged read to tell what a client fetched.
   */
  bytesServed(bucket: string, key: string): number;
  /** Built-in fault injection: `faults.set(parseFaultSpec('reset-mid-body*1'))` per test. */
  readonly faults: FaultInjector;
  clearRequestLog(): void;
  stop(): Promise<void>;
}

export interface EmbeddedTargetOptions {
  readonly faults?: FaultInjector;
  /** A fixed port on 127.0.0.1 (`s3cse serve --port`); default 0, a free one. */
  readonly port?: number;
}

export async function startEmbeddedTarget(options: EmbeddedTargetOptions = {}): Promise<EmbeddedTarget> {
  const faults = options.faults ?? new FaultInjector();
  const s3 = new EmbeddedS3();
  const kms = new EmbeddedKms();
  kms.onDataKey = dataKeyLoggerFromEnv();
  const requestLog: RequestLogEntry[] = [];
  const served = new Map<string, number>();
  const log = (entry: RequestLogEntry): void => {
    requestLog.push(entry);
    if (entry.service === 's3' && entry.bytesSent > 0) served.set(entry.path, (served.get(entry.path) ?? 0) + entry.bytesSent);
  };
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => serve(req, res, raw))
      .catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
  });

  function serve(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const exchange = describeExchange(req);
    const fault = faults.active ? faults.choose(exchange.faultRequest) : undefined;
    if (fault !== undefined && ANSWERING_FAULTS.has(fault)) {
      // The request is not served at all, as when S3 or KMS turns it away.
      const answer = faultAnswer(fault, exchange.faultRequest);
      faults.record(fault, exchange.faultRequest);
      log(logEntry(exchange, raw, { status: answer.status, bytesReceived: raw.length, bytesSent: answer.body.length, awsChunked: false, fault }));
      writePlain(res, answer, exchange.method);
      return;
    }
    const { result, bytesReceived, awsChunked } = handle(exchange, raw);
    const sent = result.body ?? Buffer.alloc(0);
    const response: PlainResponse = { status: result.status, headers: { 'x-amz-request-id': String(requestLog.length + 1), ...result.headers }, body: sent };
    const damaging = fault !== undefined && exchange.method !== 'HEAD' && canDamage(fault, response) ? fault : undefined;
    if (damaging) faults.record(damaging, exchange.faultRequest);
    const bytesSent = exchange.method === 'HEAD' ? 0 : sent.length;
    log(logEntry(exchange, raw, { status: result.status, bytesReceived, bytesSent, awsChunked, ...(damaging ? { fault: damaging } : {}) }));
    if (damaging) writeDamaged(res, damaging, response);
    else writePlain(res, response, exchange.method);
  }

  function handle(exchange: Exchange, raw: Buffer): { result: HandlerResult; bytesReceived: number; awsChunked: boolean } {
    const { kmsTarget, headers, method, path, url } = exchange;
    if (kmsTarget !== undefined) return { result: handleKmsRequest(kms, kmsTarget, raw), bytesReceived: raw.length, awsChunked: false };
    const awsChunked = isAwsChunked(headers);
    try {
      const body = awsChunked ? decodeAwsChunked(raw) : raw;
      return { result: handleS3Request(s3, { method, path, query: url.searchParams, headers, body }), bytesReceived: body.length, awsChunked };
    } catch (e) {
      if (!(e instanceof ChunkedBodyError)) throw e;
      return { result: s3Error(method, 400, 'IncompleteBody', `aws-chunked body is malformed: ${e.message}`), bytesReceived: raw.length, awsChunked };
    }
  }

  const endpoint = await listenOnLoopback(server, options.port ?? 0);
  return {
    endpoint,
    s3,
    kms,
    requestLog,
    faults,
    bytesServed: (bucket, key) => served.get(`/${bucket}/${key}`) ?? 0,
    clearRequestLog: () => {
      requestLog.splice(0);
      served.clear();
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Exchange {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly path: string;
  readonly kmsTarget: string | undefined;
  readonly faultRequest: FaultRequest;
}

function describeExchange(req: IncomingMessage): Exchange {
  const url = new URL(req.url ?? '/', 'http://embedded');
  const method = req.method ?? 'GET';
  const headers = flatHeaders(req);
  const kmsTarget = headers['x-amz-target']?.startsWith('TrentService.') ? headers['x-amz-target'] : undefined;
  const path = safeDecode(url.pathname);
  return { url, method, headers, path, kmsTarget, faultRequest: { service: kmsTarget ? 'kms' : 's3', method, path } };
}

type Outcome = Pick<RequestLogEntry, 'status' | 'bytesReceived' | 'bytesSent' | 'awsChunked' | 'fault'>;

function logEntry(x: Exchange, raw: Buffer, outcome: Outcome): RequestLogEntry {
  return {
    userAgent: [x.headers['user-agent'], x.headers['x-amz-user-agent']].filter((v) => v !== undefined).join(' '),
    ...(x.kmsTarget ? { kms: kmsRequestOf(raw) } : {}),
    service: x.kmsTarget ? 'kms' : 's3',
    method: x.method,
    path: x.path,
    query: x.url.search,
    ...(x.headers['range'] === undefined ? {} : { range: x.headers['range'] }),
    ...(x.kmsTarget ? { operation: x.kmsTarget.slice(x.kmsTarget.indexOf('.') + 1) } : {}),
    ...outcome,
  };
}

/** KeyId and EncryptionContext of a KMS JSON request; nothing else of it is kept. */
function kmsRequestOf(raw: Buffer): NonNullable<RequestLogEntry['kms']> {
  try {
    const body = JSON.parse(raw.toString('utf8')) as { KeyId?: unknown; EncryptionContext?: unknown };
    return {
      ...(typeof body.KeyId === 'string' ? { keyId: body.KeyId } : {}),
      ...(typeof body.EncryptionContext === 'object' && body.EncryptionContext !== null ? { encryptionContext: body.EncryptionContext as Record<string, string> } : {}),
    };
  } catch {
    return {};
  }
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
