/**
 * The embedded S3 + KMS as a foreground server, for other tools (the AWS CLI, a user's own tests)
 * and for trying an adapter by hand: `s3cse serve` and `harness/targets/embedded/main.ts`.
 *
 * Prints `export NAME=value` lines a shell can source, then one readiness line starting with
 * `# ready`, and serves until SIGINT (Ctrl-C) or SIGTERM, when it stops cleanly and returns.
 */
import type { Writable } from 'node:stream';
import { KmsServiceError } from './kms.js';
import { localChildEnv } from '../target.js';
import { startEmbeddedTarget } from './server.js';
import { UsageError } from '../usage-error.js';

export interface ForegroundOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly buckets?: readonly string[];
  /** `ID` or `ID:HEX`: a key id clients name, and 64 hex characters of AES-256 material. */
  readonly kmsKeys?: readonly string[];
}

interface KmsKeySpec {
  readonly keyId: string;
  readonly material?: Buffer;
}

export const READY_PREFIX = '# ready';

export function parseKmsKeySpec(spec: string): KmsKeySpec {
  const [keyId = '', hex, ...rest] = spec.split(':');
  if (keyId === '' || rest.length > 0) throw new UsageError(`--kms-key ${spec}: expected ID or ID:HEX`);
  if (hex === undefined) return { keyId };
  // The material itself is never repeated in a message.
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new UsageError(`--kms-key ${keyId}:…: the material must be 64 hex characters (32 bytes), it has ${hex.length} characters`);
  return { keyId, material: Buffer.from(hex, 'hex') };
}

/** Serves until SIGINT or SIGTERM; `signals` is the process, or an emitter in tests. */
export async function serveInForeground(options: ForegroundOptions, out: Writable, signals: NodeJS.EventEmitter = process): Promise<void> {
  const keys = (options.kmsKeys ?? []).map(parseKmsKeySpec);
  const target = await startEmbeddedTarget({ port: options.port ?? 0 }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES') throw new UsageError(`--port ${options.port}: cannot listen on 127.0.0.1:${options.port} (${e.code})`);
    throw e;
  });
  try {
    for (const bucket of options.buckets ?? []) target.s3.createBucket(bucket);
    for (const key of keys) target.kms.createKey({ keyId: key.keyId, ...(key.material ? { material: key.material } : {}) });
  } catch (e) {
    await target.stop();
    if (e instanceof KmsServiceError) throw new UsageError(`--kms-key: ${e.message}`);
    throw e;
  }
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      void target.stop().then(resolve, resolve);
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
  });
  out.write(exportLines(target.endpoint));
  const what = [...(options.buckets ?? []).map((b) => `bucket ${b}`), ...keys.map((k) => `KMS key ${k.keyId}`)].join(', ');
  out.write(`${READY_PREFIX}: S3 and KMS on ${target.endpoint}${what ? ` (${what})` : ''}; Ctrl-C or SIGTERM stops it\n`);
  await stopped;
}

/**
 * What any AWS SDK or the AWS CLI needs to reach the target. S3 on 127.0.0.1 is addressed
 * path-style by every SDK without being told, so the adapters' own S3EC_S3_FORCE_PATH_STYLE
 * (which no SDK reads) is left out.
 */
export function exportLines(endpoint: string): string {
  const env = Object.entries(localChildEnv(endpoint, endpoint)).filter(([name]) => name !== 'S3EC_S3_FORCE_PATH_STYLE');
  return env.map(([name, value]) => `export ${name}=${value}\n`).join('');
}
