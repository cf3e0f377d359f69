/**
 * LocalStack in host mode (no Docker): `localstack-core[base-runtime]` 4.13.1 in its own venv,
 * S3 and KMS only, on a free loopback port, state in a temporary directory removed at stop.
 *
 * Why these pins and settings (each one was a failed start here, see README.md):
 * - 4.13.1: the last release that parses on Python 3.11 and starts without an auth token (infra.md §1);
 * - `cbor2<6`: cbor2 6 dropped the `cbor2._decoder` module LocalStack imports, and without it no
 *   runtime component loads ("No component plugins found in namespace localstack.runtime.components");
 * - `pyopenssl<26`: pyOpenSSL 26 removed `X509.add_extensions`, used for the self-signed gateway cert;
 * - GATEWAY_SERVER=twisted with `service_identity` added (base-runtime lacks it): under hypercorn,
 *   8 MiB GETs read by the Java SDK v2 clients were cut off after 2,883,584 bytes ("Response had
 *   content-length of 8388625 bytes, but only received 2883584"), 16 cases in one CI run;
 * - OVERRIDE_IN_DOCKER=0: LocalStack takes any machine with /.dockerenv for its own container and
 *   then writes to /var/lib/localstack and /tmp/localstack instead of FILESYSTEM_ROOT;
 * - DNS_ADDRESS=0: its DNS server would want port 53 (and sudo).
 * Docker is probed first, only to say so in the log: container mode is not implemented (the
 * images after 4.14.0 need an auth token, and there is no engine here to test it against).
 */
import { CreateKeyCommand, type Tag } from '@aws-sdk/client-kms';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBucketIfMissing } from '../bucket.js';
import { kmsClientFor, LOCAL_REGION, s3ClientFor } from '../embedded/clients.js';
import { ChildStartError, startChildServer } from '../process/child-server.js';
import { emulatorEnv } from '../process/clean-env.js';
import { freeLoopbackPort } from '../process/free-port.js';
import { fetchWithin } from '../process/http-deadline.js';
import { CommandFailed } from '../process/run.js';
import { ensureVenv, venvPython, venvReady, type VenvSpec } from '../process/venv.js';
import { localChildEnv, type CreateKmsKeyOptions, type RunningTarget, type UnavailableTarget } from '../target.js';
import { probeDocker } from './docker-probe.js';

export const LOCALSTACK_VERSION = '4.13.1';
export const LOCALSTACK_VENV: VenvSpec = {
  name: 'localstack',
  version: LOCALSTACK_VERSION,
  requirements: [`localstack-core[base-runtime]==${LOCALSTACK_VERSION}`, 'cbor2<6', 'pyopenssl<26', 'service_identity'],
};
const SERVE_PY = fileURLToPath(new URL('./serve.py', import.meta.url));
/** Loading the S3 and KMS providers takes 3-5 s here; a cold first import (no .pyc yet) more. */
const READY_TIMEOUT_MS = 120_000;

export interface LocalStackOptions {
  readonly log?: (line: string) => void;
}

export function localStackInstalled(): boolean {
  return venvReady(LOCALSTACK_VENV);
}

export async function startLocalStackTarget(options: LocalStackOptions = {}): Promise<RunningTarget | UnavailableTarget> {
  const log = options.log ?? (() => {});
  const docker = await probeDocker();
  log(`localstack: docker ${docker.available ? `found (${docker.detail}), but container mode is not implemented` : `not available (${docker.detail})`}; using host mode`);
  let venv: string;
  try {
    venv = await ensureVenv(LOCALSTACK_VENV, log);
  } catch (e) {
    return unavailable(`cannot install LocalStack: ${e instanceof CommandFailed ? e.message : String(e)}`);
  }
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const stateDir = mkdtempSync(join(tmpdir(), 's3cse-localstack-'));
  let started: Awaited<ReturnType<typeof startChildServer<true>>>;
  try {
    started = await startChildServer({
      label: 'localstack',
      command: venvPython(venv),
      args: ['-u', SERVE_PY],
      cwd: stateDir,
      env: localStackEnv(port, stateDir),
      readyTimeoutMs: READY_TIMEOUT_MS,
      readyLine: (line) => (line.trim() === 'Ready.' ? true : undefined),
      probe: () => healthy(endpoint),
      stopGraceMs: 10_000,
      // serve.py deletes it when LocalStack exits cleanly; this covers SIGKILL and failed starts.
      afterExit: () => rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 }),
    });
  } catch (e) {
    if (e instanceof ChildStartError) return unavailable(e.message);
    throw e;
  }
  const { server } = started;
  log(`localstack: ${LOCALSTACK_VERSION} listening on 127.0.0.1:${port} (pid ${server.pid})`);
  const s3 = s3ClientFor(endpoint);
  const kms = kmsClientFor(endpoint);
  return {
    name: 'localstack',
    s3Endpoint: endpoint,
    kmsEndpoint: endpoint,
    region: LOCAL_REGION,
    description: `LocalStack ${LOCALSTACK_VERSION} (host mode)`,
    s3,
    kms,
    supportsKnownKeyMaterial: true,
    childEnv: () => localChildEnv(endpoint, endpoint),
    ensureBucket: (name) => createBucketIfMissing(s3, name),
    createKmsKey: (keyOptions = {}) => createKey(kms, keyOptions),
    stop: async () => {
      s3.destroy();
      kms.destroy();
      await server.stop();
    },
  };
}

function localStackEnv(port: number, stateDir: string): NodeJS.ProcessEnv {
  return emulatorEnv({
    OVERRIDE_IN_DOCKER: '0',
    SERVICES: 's3,kms',
    STRICT_SERVICE_LOADING: '1',
    EAGER_SERVICE_LOADING: '1',
    GATEWAY_SERVER: 'twisted',
    GATEWAY_LISTEN: `127.0.0.1:${port}`,
    DNS_ADDRESS: '0',
    DISABLE_EVENTS: '1',
    PERSISTENCE: '0',
    SKIP_SSL_CERT_DOWNLOAD: '1',
    FILESYSTEM_ROOT: stateDir,
    S3CSE_OWNS_FILESYSTEM_ROOT: '1',
  });
}

/** `/_localstack/health` lists each service as `available` before first use and `running` after. */
async function healthy(endpoint: string): Promise<true | undefined> {
  const response = await fetchWithin(`${endpoint}/_localstack/health`, {}, 1000);
  if (!response.ok) return undefined;
  const { services } = (await response.json()) as { services?: Record<string, string> };
  const up = (s: string | undefined): boolean => s === 'available' || s === 'running';
  return up(services?.['s3']) && up(services?.['kms']) ? true : undefined;
}

/** LocalStack reads a chosen key id and material from CreateKey tags (and hides the material tag). */
async function createKey(kms: RunningTarget['kms'], options: CreateKmsKeyOptions): Promise<string> {
  const tags: Tag[] = [];
  if (options.keyId !== undefined) tags.push({ TagKey: '_custom_id_', TagValue: options.keyId });
  if (options.material !== undefined) {
    if (options.material.length !== 32) throw new Error('KMS key material must be 32 bytes');
    tags.push({ TagKey: '_custom_key_material_', TagValue: Buffer.from(options.material).toString('base64') });
  }
  const created = await kms.send(new CreateKeyCommand({ Description: 's3cse', ...(tags.length ? { Tags: tags } : {}) }));
  const keyId = created.KeyMetadata?.KeyId;
  if (!keyId) throw new Error('LocalStack CreateKey returned no KeyId');
  return keyId;
}

function unavailable(reason: string): UnavailableTarget {
  return { name: 'localstack', unavailable: true, reason: reason.replace(/\s*\n\s*/g, ' ') };
}
