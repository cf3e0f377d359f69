/**
 * A loopback HTTP proxy that injects faults (plan.ts) between clients and any S3 + KMS endpoint:
 * moto, LocalStack, or the embedded target. Clients are pointed at the proxy instead of the
 * endpoint; requests a fault does not touch pass through unchanged.
 *
 * Answering faults (500, 503, throttling, a vanished instruction file) are answered here and never
 * forwarded. The others forward the request (so its effect happens, as when a connection drops
 * after S3 stored an object) and damage the answer. Answers are buffered whole: the proxy is for
 * test objects, not for throughput.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../process/free-port.js';
import { ANSWERING_FAULTS, type FaultInjector, type FaultRequest } from './plan.js';
import { canDamage, faultAnswer, writeDamaged, writePlain, type PlainResponse } from './respond.js';

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: use it instead of the upstream endpoint. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Hop-by-hop headers and the ones the proxy recomputes. Host is kept: SigV4 signs it. */
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect', 'content-length', 'proxy-connection']);

export async function startFaultProxy(upstream: string, faults: FaultInjector): Promise<FaultProxy> {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    void relay(req, res, target, faults).catch((e: unknown) => {
      if (res.headersSent) res.destroy();
      else writePlain(res, { status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from(`fault proxy: upstream failed: ${String(e)}`) }, req.method ?? 'GET');
    });
  });
  const endpoint = await listenOnLoopback(server);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function relay(req: IncomingMessage, res: ServerResponse, upstream: URL, faults: FaultInjector): Promise<void> {
  const body = await readAll(req);
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://proxy');
  const target = String(req.headers['x-amz-target'] ?? '');
  const faultRequest: FaultRequest = { service: target.startsWith('TrentService.') ? 'kms' : 's3', method, path: safeDecode(url.pathname) };
  const fault = faults.active ? faults.choose(faultRequest) : undefined;
  if (fault !== undefined && ANSWERING_FAULTS.has(fault)) {
    faults.record(fault, faultRequest);
    writePlain(res, faultAnswer(fault, faultRequest), method);
    return;
  }
  const response = await forward(upstream, method, req.url ?? '/', req.headers, body);
  if (fault !== undefined && method !== 'HEAD' && canDamage(fault, response)) {
    faults.record(fault, faultRequest);
    writeDamaged(res, fault, response);
    return;
  }
  writePlain(res, response, method);
}

function forward(upstream: URL, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<PlainResponse> {
  const outgoing: Record<string, string | string[]> = { 'content-length': String(body.length) };
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !DROPPED_HEADERS.has(name)) outgoing[name] = value;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname: upstream.hostname, port: upstream.port, method, path, headers: outgoing }, (res) => {
      readAll(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: keptHeaders(res.headers, method), body: data }), reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Upstream headers worth passing on; a HEAD keeps its Content-Length (the object's). */
function keptHeaders(headers: IncomingHttpHeaders, method: string): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || (DROPPED_HEADERS.has(name) && !(name === 'content-length' && method === 'HEAD'))) continue;
    kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
