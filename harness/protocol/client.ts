/**
 * The harness side of the adapter protocol (PROTOCOL.md): one HTTP call per operation, every
 * failure turned into an AdapterCallError whose `kind` says whose fault it is.
 */
import {
  decodeContentMetadata,
  encodeContentMetadata,
  type Capabilities,
  type KeyMaterial,
  type RefusalCategory,
  type S3ECConfig,
} from './messages.js';
import { protocolViolations, type MessageName } from './validate.js';

/**
 * refused: the library said no (S3EncryptionClientError), as negative cases expect.
 * adapter-error: GenericServerError, a bug in the adapter. violation: a message broke the protocol.
 * timeout / unreachable: the adapter hung or is gone; the supervisor restarts it.
 */
export type CallFailureKind = 'refused' | 'adapter-error' | 'violation' | 'timeout' | 'unreachable';

export class AdapterCallError extends Error {
  readonly kind: CallFailureKind;
  readonly category: RefusalCategory;
  readonly code: string;
  constructor(kind: CallFailureKind, message: string, category: RefusalCategory = 'unknown', code = '') {
    super(message);
    this.name = 'AdapterCallError';
    this.kind = kind;
    this.category = category;
    this.code = code;
  }
}

export interface AdapterClientOptions {
  readonly callTimeoutMs: number;
  /** Check every JSON message against harness/protocol/schemas (--validate-protocol). */
  readonly validate: boolean;
}

export interface GetOptions {
  readonly encryptionContext?: Readonly<Record<string, string>>;
  readonly range?: string;
  readonly instructionFileSuffix?: string;
}

const CATEGORIES = new Set(['security', 'format', 'config', 'unsupported', 'service', 'not-found']);
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
    if (res.status === 404 || res.status === 405) return undefined;
    return (await this.#json(res, 'capabilities')) as Capabilities;
  }

  async createClient(config: S3ECConfig): Promise<string> {
    this.#check('client-request', { config });
    const res = await this.#fetch('/client', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config }) });
    const body = (await this.#json(res, 'client-response')) as { clientId: string };
    return body.clientId;
  }

  async put(clientId: string, bucket: string, key: string, body: Uint8Array, encryptionContext?: Readonly<Record<string, string>>): Promise<void> {
    const headers: Record<string, string> = { ClientID: clientId, 'content-type': 'application/octet-stream' };
    if (encryptionContext && Object.keys(encryptionContext).length > 0) headers['Content-Metadata'] = encodeContentMetadata(encryptionContext);
    const res = await this.#fetch(objectPath(bucket, key), { method: 'PUT', headers, body });
    await this.#json(res, 'put-response');
  }

  async get(clientId: string, bucket: string, key: string, options: GetOptions = {}): Promise<{ body: Uint8Array; metadata: Record<string, string> }> {
    const headers: Record<string, string> = { ClientID: clientId };
    if (options.encryptionContext && Object.keys(options.encryptionContext).length > 0) headers['Content-Metadata'] = encodeContentMetadata(options.encryptionContext);
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
      return await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.#options.callTimeoutMs) });
    } catch (e) {
      throw networkFailure(e, this.#options.callTimeoutMs);
    }
  }

  async #read(res: Response): Promise<ArrayBuffer> {
    try {
      return await res.arrayBuffer();
    } catch (e) {
      throw networkFailure(e, this.#options.callTimeoutMs);
    }
  }

  async #json(res: Response, name: MessageName): Promise<unknown> {
    if (!res.ok) throw await this.#failure(res);
    const text = Buffer.from(await this.#read(res)).toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new AdapterCallError('violation', `${name}: response is not JSON: ${clip(text)}`);
    }
    if (typeof value !== 'object' || value === null) throw new AdapterCallError('violation', `${name}: response is not a JSON object`);
    this.#check(name, value);
    return value;
  }

  async #failure(res: Response): Promise<AdapterCallError> {
    const text = Buffer.from(await this.#read(res)).toString('utf8');
    let body: { __type?: unknown; message?: unknown; category?: unknown; code?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return new AdapterCallError('violation', `HTTP ${res.status} with a body that is not JSON: ${clip(text)}`);
    }
    this.#check('error', body);
    const type = String(body.__type ?? res.headers.get('x-amzn-errortype') ?? '');
    const message = clip(typeof body.message === 'string' ? body.message : text);
    if (/(^|#)S3EncryptionClientError(:|$)/.test(type)) {
      const category = typeof body.category === 'string' && CATEGORIES.has(body.category) ? (body.category as RefusalCategory) : 'unknown';
      return new AdapterCallError('refused', message, category, typeof body.code === 'string' ? body.code : '');
    }
    return new AdapterCallError('adapter-error', `HTTP ${res.status} ${type || 'untyped error'}: ${message}`);
  }

  #check(name: MessageName, value: unknown): void {
    if (!this.#options.validate) return;
    const violations = protocolViolations(name, value);
    if (violations.length > 0) throw new AdapterCallError('violation', violations.join('; '));
  }
}

function objectPath(bucket: string, key: string): string {
  return `/object/${encodeURIComponent(bucket)}/${encodeURIComponent(key)}`;
}

function networkFailure(e: unknown, timeoutMs: number): AdapterCallError {
  const err = e as Error & { cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return new AdapterCallError('timeout', `no answer within ${timeoutMs} ms`);
  return new AdapterCallError('unreachable', `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ''}`);
}

/** First line only, trimmed: enough to classify, never a stack trace or a body dump. */
function clip(text: string): string {
  // Some libraries quote the stored envelope (wrapped key, IV) in their messages: not secrets,
  // but not for reports either, so long base64 runs are elided.
  const first = (text.split('\n', 1)[0] ?? '').replace(/[A-Za-z0-9+/]{40,}={0,2}/g, '[base64 elided]');
  return first.length > MAX_MESSAGE ? `${first.slice(0, MAX_MESSAGE)}…` : first;
}
