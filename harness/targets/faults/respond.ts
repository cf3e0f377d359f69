/**
 * Writing a faulty answer: the bytes a client sees when S3 or KMS (or the network between) fails
 * in the way the plan chose. Used by the embedded server and by the fault proxy alike.
 */
import type { ServerResponse } from 'node:http';
import { ANSWERING_FAULTS, type FaultName, type FaultRequest } from './plan.js';

export interface PlainResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Pieces and pause of a slow trickle: at most 32 pieces, so a run stays quick. */
const TRICKLE_PIECES = 32;
const TRICKLE_PAUSE_MS = 15;

/** The answer that replaces the request (500, 503, 404 for a vanished file, KMS throttling). */
export function faultAnswer(fault: FaultName, request: FaultRequest): PlainResponse {
  switch (fault) {
    case 'kms-throttle':
      return json(400, { __type: 'ThrottlingException', message: 'Rate exceeded (injected fault)' });
    case '500':
      return request.service === 'kms'
        ? json(500, { __type: 'KMSInternalException', message: 'injected fault' })
        : s3Xml(500, 'InternalError', 'We encountered an internal error. Please try again. (injected fault)', request);
    case '503-slowdown':
      return s3Xml(503, 'SlowDown', 'Please reduce your request rate. (injected fault)', request);
    case 'vanish-instruction-file':
      return s3Xml(404, 'NoSuchKey', 'The specified key does not exist. (injected fault)', request);
    default:
      throw new Error(`${fault} does not replace the answer`);
  }
}

/** Can this fault damage this response? Body faults need a successful GET with a body to cut. */
export function canDamage(fault: FaultName, response: PlainResponse): boolean {
  if (ANSWERING_FAULTS.has(fault)) return false;
  if (fault === 'reset-before-headers') return true;
  // Only an answer to a request that asked for no range can be turned into an unasked-for range.
  if (fault === 'unrequested-range') return response.status === 200 && response.body.length >= 2;
  return (response.status === 200 || response.status === 206) && response.body.length >= 2;
}

/** Writes `response` damaged by `fault` (one for which canDamage holds). */
export function writeDamaged(res: ServerResponse, fault: FaultName, response: PlainResponse): void {
  const headers = { ...response.headers, 'content-length': String(response.body.length) };
  // The request's socket, not res.socket: a response queued behind one still being written on the
  // same keep-alive connection has no socket yet, and destroying nothing would hang the client.
  const socket = res.req.socket;
  const half = response.body.subarray(0, Math.floor(response.body.length / 2));
  switch (fault) {
    case 'reset-before-headers':
      socket.destroy();
      return;
    case 'reset-mid-body':
      res.writeHead(response.status, headers);
      res.write(half, () => socket.resetAndDestroy());
      return;
    case 'short-body':
      // A clean close (FIN) after fewer bytes than Content-Length: no error on the socket itself.
      res.writeHead(response.status, headers);
      res.write(half, () => socket.end());
      return;
    case 'slow-trickle':
      res.writeHead(response.status, headers);
      trickle(res, response.body, Math.ceil(response.body.length / TRICKLE_PIECES));
      return;
    case 'unrequested-range':
      res.writeHead(206, { ...headers, 'content-length': String(half.length), 'content-range': `bytes 0-${half.length - 1}/${response.body.length}` });
      res.end(half);
      return;
    default:
      throw new Error(`${fault} cannot damage a response`);
  }
}

/** Writes an undamaged answer; a HEAD's own Content-Length (the object's) is kept. */
export function writePlain(res: ServerResponse, response: PlainResponse, method: string): void {
  const length = response.headers['content-length'] === undefined ? { 'content-length': String(response.body.length) } : {};
  res.writeHead(response.status, { ...response.headers, ...length });
  res.end(method === 'HEAD' ? undefined : response.body);
}

function trickle(res: ServerResponse, body: Buffer, piece: number): void {
  const next = (offset: number): void => {
    if (res.destroyed) return;
    const chunk = body.subarray(offset, offset + piece);
    // The last piece ends the response in the same call: a client that has every byte may send
    // its next request on this connection at once, and it must not find this response unfinished.
    if (offset + piece >= body.length) {
      res.end(chunk);
      return;
    }
    res.write(chunk);
    setTimeout(() => next(offset + piece), TRICKLE_PAUSE_MS);
  };
  next(0);
}

function json(status: number, body: object): PlainResponse {
  return { status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Buffer.from(JSON.stringify(body)) };
}

function s3Xml(status: number, code: string, message: string, request: FaultRequest): PlainResponse {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><Resource>${escapeXml(request.path)}</Resource></Error>`;
  // HEAD answers carry no body; the status alone says it.
  return { status, headers: { 'content-type': 'application/xml' }, body: request.method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(xml) };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
