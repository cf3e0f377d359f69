/**
 * moto (PyPI `moto[server]`) as a child process: S3 and KMS on one free loopback port.
 *
 * The server is serve.py, a small wrapper around moto's WSGI app (not the `moto_server` script):
 * it binds port 0 and prints the port, so there is no port race; it exits on stdin EOF, so it
 * dies with us; and it adds the known-key endpoint moto lacks (see serve.py). moto's own default
 * of a 5 MiB minimum part size is kept, as on S3.
 */
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { fileURLToPath } from 'node:url';
import { createBucketIfMissing } from '../bucket.js';
import { kmsClientFor, LOCAL_REGION, s3ClientFor } from '../embedded/clients.js';
import { ChildStartError, startChildServer } from '../process/child-server.js';
import { emulatorEnv } from '../process/clean-env.js';
import { CommandFailed } from '../process/run.js';
import { ensureVenv, venvPython, venvReady, type VenvSpec } from '../process/venv.js';
import { localChildEnv, type CreateKmsKeyOptions, type RunningTarget, type UnavailableTarget } from '../target.js';

export const MOTO_VERSION = '5.2.5';
export const MOTO_VENV: VenvSpec = { name: 'moto', version: MOTO_VERSION, requirements: [`moto[server]==${MOTO_VERSION}`] };
const SERVE_PY = fileURLToPath(new URL('./serve.py', import.meta.url));
const READY = /^S3CSE-READY port=(\d+) version=(\S+)/;
const READY_TIMEOUT_MS = 60_000;

export interface MotoOptions {
  readonly log?: (line: string) => void;
}

/** Whether the venv is installed already, so tests can run without a first-time install. */
export function motoInstalled(): boolean {
  return venvReady(MOTO_VENV);
}

export async function startMotoTarget(options: MotoOptions = {}): Promise<RunningTarget | UnavailableTarget> {
  const log = options.log ?? (() => {});
  let venv: string;
  try {
    venv = await ensureVenv(MOTO_VENV, log);
  } catch (e) {
    return unavailable(`cannot install moto: ${e instanceof CommandFailed ? e.message : String(e)}`);
  }
  let started: Awaited<ReturnType<typeof startChildServer<{ port: number; version: string }>>>;
  try {
    started = await startChildServer({
      label: 'moto',
      command: venvPython(venv),
      args: ['-u', SERVE_PY],
      env: emulatorEnv({}),
      readyTimeoutMs: READY_TIMEOUT_MS,
      readyLine: (line) => {
        const m = READY.exec(line);
        return m ? { port: Number(m[1]), version: m[2] ?? '?' } : undefined;
      },
    });
  } catch (e) {
    if (e instanceof ChildStartError) return unavailable(e.message);
    throw e;
  }
  const { server, ready } = started;
  log(`moto: ${ready.version} listening on 127.0.0.1:${ready.port} (pid ${server.pid})`);
  const endpoint = `http://127.0.0.1:${ready.port}`;
  const s3 = s3ClientFor(endpoint);
  const kms = kmsClientFor(endpoint);
  return {
    name: 'moto',
    s3Endpoint: endpoint,
    kmsEndpoint: endpoint,
    region: LOCAL_REGION,
    description: `moto ${ready.version}`,
    s3,
    kms,
    supportsKnownKeyMaterial: true,
    childEnv: () => localChildEnv(endpoint, endpoint),
    ensureBucket: (name) => createBucketIfMissing(s3, name),
    createKmsKey: (keyOptions = {}) => createKey(endpoint, kms, keyOptions),
    stop: async () => {
      s3.destroy();
      kms.destroy();
      await server.stop();
    },
  };
}

async function createKey(endpoint: string, kms: RunningTarget['kms'], options: CreateKmsKeyOptions): Promise<string> {
  if (options.keyId === undefined && options.material === undefined) {
    const created = await kms.send(new CreateKeyCommand({ Description: 's3cse' }));
    const keyId = created.KeyMetadata?.KeyId;
    if (!keyId) throw new Error('moto CreateKey returned no KeyId');
    return keyId;
  }
  const response = await fetch(`${endpoint}/_s3cse/kms-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...(options.keyId === undefined ? {} : { keyId: options.keyId }),
      ...(options.material === undefined ? {} : { material: Buffer.from(options.material).toString('base64') }),
    }),
  });
  const answer = (await response.json()) as { KeyId?: string; message?: string };
  if (!response.ok || !answer.KeyId) throw new Error(`moto: cannot create the known KMS key: ${answer.message ?? response.status}`);
  return answer.KeyId;
}

function unavailable(reason: string): UnavailableTarget {
  return { name: 'moto', unavailable: true, reason: reason.replace(/\s*\n\s*/g, ' ') };
}
