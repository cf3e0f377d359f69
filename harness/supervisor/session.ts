/**
 * A started adapter seen as an ObjectImplementation: builds it if needed, starts it, reads its
 * capabilities, turns put/get into protocol calls, and restarts it after a crash or a hang so
 * the next case gets a fresh server (the current case is recorded as errored).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GetRequest, ObjectImplementationInfo, PutRequest } from '../../suites/cross/object-implementation.js';
import type { RangeReader, RangeRequest } from '../../suites/cross/ranges.js';
import type { KeyKind } from '../../protocol/vocabulary.js';
import type { ErrorKind } from '../../suites/error-kind.js';
import { HarnessFault, isHarnessFault } from '../fault.js';
import { AdapterClient, type AdapterClientOptions, type GetOptions } from '../protocol/client.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../protocol/response-cap.js';
import { readerConfig, writerConfig, type Capabilities, type KeyMaterial, type S3ECConfig } from '../../protocol/messages.js';
import { protocolViolations } from '../protocol/validate.js';
import { ensureBuilt } from './build.js';
import type { LoadedAdapter } from './manifest.js';
import { CallFailure, errorKindOf } from './call-failure.js';
import { AdapterProcess } from './process.js';
import { RemoteServer, type AdapterEndpoint } from './remote.js';

const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** An adapter that needs more restarts than this is given up on: its remaining cases fail fast. */
const MAX_RESTARTS = 5;
/** A dying adapter's socket often closes a moment before its exit is reported; wait that long. */
const EXIT_SETTLE_MS = 500;
/** After these the adapter may be stuck or gone, so it is restarted before the next call. */
const RESTARTING_KINDS: ReadonlySet<ErrorKind> = new Set(['crash', 'timeout', 'timeout:slow-body', 'unreachable']);

export interface SessionOptions {
  /** Environment for the adapter: the target's endpoints, region, credentials. */
  readonly env: Record<string, string>;
  /** Key material per kind, the same for every adapter in a run. */
  readonly keys: Readonly<Record<KeyKind, KeyMaterial>>;
  readonly validateProtocol?: boolean;
  readonly callTimeoutMs?: number;
  /** Larger answers are protocol violations (`s3cse run --max-response-bytes`). */
  readonly maxResponseBytes?: number;
  readonly log?: (line: string) => void;
}

export class AdapterSession implements RangeReader {
  readonly info: ObjectImplementationInfo;
  /** The handshake's document as served (the recorder's provenance needs its library name). */
  readonly capabilities: Capabilities;
  readonly process: AdapterEndpoint;
  /** Rebuilt after each restart: the new process listens on a new port. */
  #client: AdapterClient;
  readonly #options: SessionOptions;
  readonly #clientOptions: AdapterClientOptions;
  /** clientId per configuration; emptied when the adapter restarts (its clients die with it). */
  readonly #clients = new Map<string, string>();
  #startsSeen: number;
  /** Why the adapter was given up on, once it was. */
  #dead: string | undefined;

  private constructor(process: AdapterEndpoint, client: AdapterClient, caps: Capabilities, options: SessionOptions, clientOptions: AdapterClientOptions, name: string) {
    this.process = process;
    this.capabilities = caps;
    const info = infoFrom(name, caps);
    this.#client = client;
    this.#clientOptions = clientOptions;
    this.info = info;
    this.#options = options;
    this.#startsSeen = process.starts;
  }

  static async open(adapter: LoadedAdapter, options: SessionOptions): Promise<AdapterSession> {
    await ensureBuilt(adapter, options.log);
    const proc = new AdapterProcess(adapter, options.env);
    return AdapterSession.#handshake(proc, adapter.manifest.name, adapter.manifest.capabilities, adapter.manifest.callTimeoutMs, options);
  }

  /**
   * A server someone else started (`--server URL`), known by `id`; its claims come from a claims
   * document when given, else from its /capabilities.
   */
  static async connect(server: { url: string; id: string; claims?: Capabilities; waitMs?: number }, options: SessionOptions): Promise<AdapterSession> {
    return AdapterSession.#handshake(new RemoteServer(server.url, server.waitMs ?? 30_000), server.id, server.claims, undefined, options);
  }

  static async #handshake(proc: AdapterEndpoint, id: string, declared: Capabilities | undefined, callTimeoutMs: number | undefined, options: SessionOptions): Promise<AdapterSession> {
    await proc.start();
    try {
      const clientOptions = {
        callTimeoutMs: options.callTimeoutMs ?? callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
        validate: options.validateProtocol ?? false,
        maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      };
      const client = new AdapterClient(proc.url, clientOptions);
      const caps = checkedCapabilities(id, declared ?? (await client.capabilities()));
      return new AdapterSession(proc, client, caps, options, clientOptions, id);
    } catch (e) {
      await proc.stop();
      throw e;
    }
  }

  async put(request: PutRequest): Promise<void> {
    const config = writerConfig(request.format, this.#options.keys[request.key], request.storage);
    await this.putWith(config, request.bucket, request.objectKey, request.plaintext);
  }

  async get(request: GetRequest): Promise<Uint8Array> {
    const config = readerConfig(request.format, this.#options.keys[request.key], request.legacy);
    return (await this.getWith(config, request.bucket, request.objectKey)).body;
  }

  /** A ranged GET, with the legacy-unauthenticated switch every client requires for ranges. */
  async getRange(request: RangeRequest): Promise<Uint8Array> {
    const config = { ...readerConfig(request.format, this.#options.keys[request.key], true), enableLegacyUnauthenticatedModes: true };
    return (await this.getWith(config, request.bucket, request.objectKey, { range: request.range })).body;
  }

  /** PUT through a client built from `config` (created once per distinct config). */
  async putWith(config: S3ECConfig, bucket: string, key: string, plaintext: Uint8Array, encryptionContext?: Readonly<Record<string, string>>): Promise<void> {
    await this.#call(async () => this.#client.put(await this.#clientFor(config), bucket, key, plaintext, encryptionContext));
  }

  /** GET through a client built from `config`. */
  async getWith(config: S3ECConfig, bucket: string, key: string, options: GetOptions = {}): Promise<{ body: Uint8Array; metadata: Record<string, string> }> {
    return this.#call(async () => this.#client.get(await this.#clientFor(config), bucket, key, options));
  }

  /** A client built now from `config`, not cached: scenarios judge the build itself. */
  async createClient(config: S3ECConfig): Promise<string> {
    return this.#call(() => this.#client.createClient(config));
  }

  /** Any other protocol call, supervised like the rest (a crash restarts, failures leave as CallFailure). */
  async callAdapter<T>(fn: (client: AdapterClient) => Promise<T>): Promise<T> {
    return this.#call(() => fn(this.#client));
  }

  async close(): Promise<void> {
    await this.process.stop();
  }

  async #clientFor(config: S3ECConfig): Promise<string> {
    const cacheKey = JSON.stringify(config);
    const known = this.#clients.get(cacheKey);
    if (known) return known;
    const id = await this.#client.createClient(config);
    this.#clients.set(cacheKey, id);
    return id;
  }

  /** Every failure leaves as a CallFailure; a dead or hung adapter is restarted before the next call. */
  async #call<T>(fn: () => Promise<T>): Promise<T> {
    await this.#revive();
    try {
      return await fn();
    } catch (e) {
      if (e instanceof CallFailure && e.kind !== 'errored') throw e;
      const message = e instanceof Error ? e.message : String(e);
      const kind = (await this.#exitedDuring(e)) ? 'crash' : errorKindOf(e);
      if (!RESTARTING_KINDS.has(kind)) throw CallFailure.errored(kind, message);
      const tail = this.process.outputTail.slice(-300);
      this.#options.log?.(`${this.info.id}: ${message}; restarting it`);
      await this.#restart();
      throw CallFailure.errored(kind, `${message}${tail ? ` [adapter output: ${tail}]` : ''}`);
    }
  }

  /** Whether the adapter died during the failed call: a reset is a crash if the process exits. */
  async #exitedDuring(e: unknown): Promise<boolean> {
    if (!this.process.running) return true;
    if (!isHarnessFault(e, 'cannot-connect')) return false;
    const deadline = Date.now() + EXIT_SETTLE_MS;
    while (Date.now() < deadline) {
      await sleep(25);
      if (!this.process.running) return true;
    }
    return false;
  }

  async #revive(): Promise<void> {
    if (!this.#dead && !this.process.running) await this.#restart();
    if (this.#dead) throw CallFailure.errored('unavailable', `${this.info.id} is down: ${this.#dead}`);
  }

  async #restart(): Promise<void> {
    this.#clients.clear();
    if (this.process.starts > MAX_RESTARTS) {
      await this.process.stop();
      this.#dead = `given up after ${MAX_RESTARTS} restarts`;
      this.#options.log?.(`${this.info.id}: ${this.#dead}`);
      return;
    }
    try {
      await this.process.restart();
      this.#client = new AdapterClient(this.process.url, this.#clientOptions);
    } catch (e) {
      // Stays down; every following call fails fast as errored with this reason.
      this.#dead = `restart failed: ${(e as Error).message.split('\n', 1)[0] ?? ''}`;
      this.#options.log?.(`${this.info.id}: ${this.#dead}`);
    }
    this.#startsSeen = this.process.starts;
  }

  /** Restarts after the first start, for the report. */
  get restarts(): number {
    return Math.max(0, this.#startsSeen - 1);
  }
}

/** The handshake: a capabilities document that keeps to its schema, even without --validate-protocol. */
function checkedCapabilities(name: string, caps: Capabilities | undefined): Capabilities {
  if (!caps) throw new HarnessFault('startup-failed', `${name} serves no /capabilities and its manifest declares none`, { step: 'handshake' });
  // A served document's version was checked by the client; a manifest's by its schema.
  const violations = protocolViolations('capabilities', caps);
  if (violations.length > 0) throw new HarnessFault('protocol-violation', `${name} capabilities: ${violations.join('; ')}`, { violation: 'schema' });
  return caps;
}

function infoFrom(id: string, caps: Capabilities): ObjectImplementationInfo {
  return {
    id,
    name: caps.implementation.name,
    version: caps.implementation.version,
    language: caps.implementation.language,
    write: caps.write,
    read: caps.read,
    features: caps.features,
  };
}
