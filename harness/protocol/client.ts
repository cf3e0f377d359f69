/**
 * The harness side of the adapter protocol (PROTOCOL.md): one HTTP call per operation. What the
 * implementation answered, a refusal or a bug it reports (GenericServerError), leaves as a
 * CallFailure, an outcome; no usable answer at all leaves as a HarnessFault (../fault.ts).
 */
import { BodyInterrupted, BodyTooLarge, readBoundedBody } from './bounded-body.js';
import { fetchWithin, readWithin } from '../targets/process/http-deadline.js';
import { decodeContentMetadata, encodeContentMetadata, type Capabilities, type KeyMaterial, type S3ECConfig } from '../../protocol/messages.js';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, UNSUPPORTED_TYPE, VERSION_MISMATCH_TYPE } from '../../protocol/version.js';
import { isOneOf, REFUSAL_CATEGORIES } from '../../protocol/vocabulary.js';
import { HarnessFault } from '../fault.js';
import { CallFailure } from '../supervisor/call-failure.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './response-cap.js';
import { protocolViolations, type MessageName } from './validate.js';

export interface AdapterClientOptions {
  readonly callTimeoutMs: number;
  /** Check every JSON message against protocol/schemas (--validate-protocol). */
  readonly validate: boolean;
  /** A larger answer (plaintext or JSON) is a `response-too-large` violation, read no further. */
  readonly maxResponseBytes?: number;
}

/** A PUT through the client's multipart API (extension): parts of `partSize` bytes, the last shorter. */
export interface MultipartOptions {
  readonly partSize: number;
  /** Upload every part, then abort instead of completing: no object may be left. */
  readonly abort?: boolean;
}

export interface GetOptions {
  readonly encryptionContext?: Readonly<Record<string, string>>;
  readonly range?: string;
  readonly instructionFileSuffix?: string;
}

/** PUT headers of the multipart extension (PROTOCOL.md). */
export const MULTIPART_PART_SIZE = 'S3cse-Multipart-Part-Size';
export const MULTIPART_ABORT = 'S3cse-Multipart-Abort';

/** Messages from adapters end up in reports; keep them short (Java sends whole stack traces). */
const MAX_MESSAGE = 300;

export class AdapterClient {
  readonly baseUrl: string;
  readonly #options: AdapterClientOptions;

  constructor(baseUrl: string, options: AdapterClientOptions) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.#options = options;
  }

  /** The capabilities document, or undefined when the adapter does not serve the extension. */
  async capabilities(): Promise<Capabilities | undefined> {
    const res = await this.#fetch('/capabilities', { method: 'GET' });
    if (res.status === 404 || res.status === 405) {
      await res.body?.cancel().catch(() => {});
      return undefined;
    }
    const doc = (await this.#json(res, 'capabilities', false)) as Capabilities;
    // Before the schema (whose const would catch it too), so the report names the real problem.
    const version: unknown = (doc as { protocol?: unknown }).protocol;
    if (version !== PROTOCOL_VERSION) throw new HarnessFault('version-mismatch', `the adapter speaks ${JSON.stringify(version)}, the harness ${PROTOCOL_VERSION}`);
    this.#check('capabilities', doc);
    return doc;
  }

  async createClient(config: S3ECConfig): Promise<string> {
    this.#check('client-request', { config });
    const res = await this.#fetch('/client', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config }) });
    const body = (await this.#json(res, 'client-response')) as { clientId: string };
    return body.clientId;
  }

  async put(clientId: string, bucket: string, key: string, body: Uint8Array, encryptionContext?: Readonly<Record<string, string>>, multipart?: MultipartOptions): Promise<void> {
    const headers: Record<string, string> = { ClientID: clientId, 'content-type': 'application/octet-stream' };
    if (encryptionContext && Object.keys(encryptionContext).length > 0) headers['Content-Metadata'] = utf8Header(encodeContentMetadata(encryptionContext));
    if (multipart) headers[MULTIPART_PART_SIZE] = String(multipart.partSize);
    if (multipart?.abort) headers[MULTIPART_ABORT] = 'true';
    const res = await this.#fetch(objectPath(bucket, key), { method: 'PUT', headers, body });
    await this.#json(res, 'put-response');
  }

  async get(clientId: string, bucket: string, key: string, options: GetOptions = {}): Promise<{ body: Uint8Array; metadata: Record<string, string> }> {
    const headers: Record<string, string> = { ClientID: clientId };
    if (options.encryptionContext && Object.keys(options.encryptionContext).length > 0) headers['Content-Metadata'] = utf8Header(encodeContentMetadata(options.encryptionContext));
    if (options.range !== undefined) headers['Range'] = options.range;
    if (options.instructionFileSuffix !== undefined) headers['InstructionFileSuffix'] = options.instructionFileSuffix;
    const res = await this.#fetch(objectPath(bucket, key), { method: 'GET', headers });
    if (!res.ok) throw await this.#failure(res);
    const body = new Uint8Array(await this.#read(res));
    let metadata: Record<string, string> = {};
    try {
      metadata = decodeContentMetadata(res.headers.get('content-metadata'));
    } catch {
      // Informational only (PROTOCOL.md): AWS's Python server sends `k=v` entries instead.
    }
    return { body, metadata };
  }

  /** DeleteObject (extension route): the object and its instruction file. */
  async delete(clientId: string, bucket: string, key: string): Promise<void> {
    const res = await this.#fetch(objectPath(bucket, key), { method: 'DELETE', headers: { ClientID: clientId } });
    await this.#json(res, 'delete-response');
  }

  /** DeleteObjects (extension route): the objects and their instruction files, in one call. */
  async deleteObjects(clientId: string, bucket: string, keys: readonly string[]): Promise<void> {
    const request = { keys };
    this.#check('delete-request', request);
    const headers = { ClientID: clientId, 'content-type': 'application/json' };
    const res = await this.#fetch(`/delete-objects/${encodeURIComponent(bucket)}`, { method: 'POST', headers, body: JSON.stringify(request) });
    await this.#json(res, 'delete-response');
  }

  async reencrypt(clientId: string, bucket: string, key: string, newKey: KeyMaterial, options: { instructionFileSuffix?: string; enforceRotation?: boolean } = {}): Promise<void> {
    this.#check('reencrypt-request', newKey);
    const headers: Record<string, string> = { ClientID: clientId, 'content-type': 'application/json' };
    if (options.instructionFileSuffix !== undefined) headers['InstructionFileSuffix'] = options.instructionFileSuffix;
    if (options.enforceRotation !== undefined) headers['EnforceRotation'] = String(options.enforceRotation);
    const res = await this.#fetch(`${objectPath(bucket, key)}/reencrypt`, { method: 'POST', headers, body: JSON.stringify(newKey) });
    await this.#json(res, 'reencrypt-response');
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      const headers = { ...(init.headers as Record<string, string> | undefined), [PROTOCOL_HEADER]: PROTOCOL_VERSION };
      return await fetchWithin(`${this.baseUrl}${path}`, { ...init, headers }, this.#options.callTimeoutMs);
    } catch (e) {
      throw networkFailure(e, this.#options.callTimeoutMs);
    }
  }

  async #read(res: Response): Promise<Buffer> {
    try {
      return await readWithin(res, () => readBoundedBody(res, this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES));
    } catch (e) {
      if (e instanceof BodyTooLarge) throw new HarnessFault('protocol-violation', `HTTP ${res.status}: ${e.message}`, { violation: 'response-too-large' });
      if (e instanceof BodyInterrupted) throw networkFailure(e.cause, this.#options.callTimeoutMs, e.receivedBytes);
      // The deadline itself (fetch lost the abort): the headers had come, so it is the body that is late.
      if ((e as Error).name === 'TimeoutError') throw new HarnessFault('timeout', `body not complete within ${this.#options.callTimeoutMs} ms`, { duringBody: true });
      throw networkFailure(e, this.#options.callTimeoutMs);
    }
  }

  async #json(res: Response, name: MessageName, checkSchema = true): Promise<unknown> {
    if (!res.ok) throw await this.#failure(res);
    const text = (await this.#read(res)).toString('utf8');
    const parsed = parseJson(text);
    if (!parsed.ok) throw new HarnessFault('protocol-violation', `${name}: response is ${describe(parsed.fault)}: ${clip(text)}`, { violation: parsed.fault });
    if (typeof parsed.value !== 'object' || parsed.value === null) throw new HarnessFault('protocol-violation', `${name}: response is not a JSON object`, { violation: 'schema' });
    if (checkSchema) this.#check(name, parsed.value);
    return parsed.value;
  }

  /** The adapter's error answer: a refusal or its own bug (outcomes), or a fault when it is not JSON. */
  async #failure(res: Response): Promise<CallFailure | HarnessFault> {
    const text = (await this.#read(res)).toString('utf8');
    const parsed = parseJson(text);
    if (!parsed.ok) return new HarnessFault('protocol-violation', `HTTP ${res.status} with a body that is ${describe(parsed.fault)}: ${clip(text)}`, { violation: parsed.fault });
    this.#check('error', parsed.value);
    // Without --validate-protocol any JSON gets here; a non-object counts as an empty error body.
    const body = (typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : {}) as { __type?: unknown; message?: unknown; category?: unknown; code?: unknown };
    const type = String(body.__type ?? res.headers.get('x-amzn-errortype') ?? '');
    const message = clip(typeof body.message === 'string' ? body.message : text);
    if (typeIs(type, VERSION_MISMATCH_TYPE)) return new HarnessFault('version-mismatch', `the adapter does not speak ${PROTOCOL_VERSION}: ${message}`);
    if (typeIs(type, UNSUPPORTED_TYPE)) return CallFailure.unsupported(message || 'unsupported');
    if (/(^|#)S3EncryptionClientError(:|$)/.test(type)) {
      const category = isOneOf(REFUSAL_CATEGORIES, body.category) ? body.category : 'unknown';
      return CallFailure.refused(category, typeof body.code === 'string' ? body.code : '', message);
    }
    return CallFailure.errored('adapter-error', `HTTP ${res.status} ${type || 'untyped error'}: ${message}`);
  }

  #check(name: MessageName, value: unknown): void {
    if (!this.#options.validate) return;
    const violations = protocolViolations(name, value);
    if (violations.length > 0) throw new HarnessFault('protocol-violation', violations.join('; '), { violation: 'schema' });
  }
}

/** fetch takes header values as Latin-1 strings, one character per byte: this puts the text's UTF-8 bytes on the wire (PROTOCOL.md). */
function utf8Header(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Whether an error type names `name`, bare or namespaced (`software.amazon…#name`). */
function typeIs(type: string, name: string): boolean {
  return type === name || type.endsWith(`#${name}`);
}

/**
 * Each label percent-encoded, `/` as `%2F`. The suites' keys hold no `/` (PROTOCOL.md), so servers
 * that decode `%2F` before routing (Starlette, gorilla/mux) route them; a caller with keys of its
 * own (the EMRFS test's `cse-kms/java/part-0`) needs a server that routes on the raw path.
 */
function objectPath(bucket: string, key: string): string {
  return `/object/${encodeURIComponent(bucket)}/${encodeURIComponent(key)}`;
}

/** `receivedBytes` is set when the headers had come and the body was being read. */
function networkFailure(e: unknown, timeoutMs: number, receivedBytes?: number): HarnessFault {
  const err = e as Error & { cause?: { code?: string } };
  const duringBody = receivedBytes !== undefined;
  const when = duringBody ? ` after ${receivedBytes} body bytes` : '';
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    const message = duringBody ? `body not complete within ${timeoutMs} ms (${receivedBytes} bytes received)` : `no answer within ${timeoutMs} ms`;
    return new HarnessFault('timeout', message, { duringBody });
  }
  return new HarnessFault('cannot-connect', `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ''}${when}`, { duringBody });
}

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly fault: 'truncated-json' | 'not-json' };

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, fault: isTruncatedJson(text, e) ? 'truncated-json' : 'not-json' };
  }
}

/**
 * A JSON document cut off part way (the adapter died mid-write or miscounted): it opens like a
 * message, and V8 stops at its end ("end of JSON input", or a position at or past the last byte).
 */
function isTruncatedJson(text: string, error: unknown): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
  const message = error instanceof Error ? error.message : '';
  if (message.includes('end of JSON input')) return true;
  const at = /at position (\d+)/.exec(message);
  return at !== null && Number(at[1]) >= text.trimEnd().length;
}

function describe(fault: 'truncated-json' | 'not-json'): string {
  return fault === 'truncated-json' ? 'truncated JSON' : 'not JSON';
}

/** First line only, trimmed: enough to classify, never a stack trace or a body dump. */
function clip(text: string): string {
  // Some libraries quote the stored envelope (wrapped key, IV) in their messages: not secrets,
  // but not for reports either, so long base64 runs are elided.
  const first = (text.split('\n', 1)[0] ?? '').replace(/[A-Za-z0-9+/]{40,}={0,2}/g, '[base64 elided]');
  return first.length > MAX_MESSAGE ? `${first.slice(0, MAX_MESSAGE)}…` : first;
}
