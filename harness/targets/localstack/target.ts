/**
 * LocalStack 4.13.1, S3 and KMS only, in a container through testcontainers or in host mode
 * (`localstack-core[base-runtime]` in its own venv, no Docker).
 *
 * Why these pins and settings (each one was a failed start here, see README.md; the container
 * image, scripts/localstack-image.sh, installs the same pins):
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
 *
 * Which way it runs: Docker is probed first (docker-probe.ts, 2 s at most). When an engine answers,
 * LocalStack runs in a container through testcontainers (container.ts; the image is chosen there);
 * only when none answers does it run in host mode (host-mode.ts), saying so in one line,
 * `localstack: host mode (no Docker engine answered: <reason>)`. The report header (the target's
 * description) names the way and the image.
 */
import { CreateKeyCommand, type Tag } from '@aws-sdk/client-kms';
import { createBucketIfMissing } from '../bucket.js';
import { kmsClientFor, LOCAL_REGION, s3ClientFor } from '../embedded/clients.js';
import { fetchWithin } from '../process/http-deadline.js';
import { venvReady, type VenvSpec } from '../process/venv.js';
import { localChildEnv, type CreateKmsKeyOptions, type RunningTarget, type UnavailableTarget } from '../target.js';
import { startContainer } from './container.js';
import { probeDocker } from './docker-probe.js';
import { startHostMode } from './host-mode.js';

export const LOCALSTACK_VERSION = '4.13.1';
export const LOCALSTACK_VENV: VenvSpec = {
  name: 'localstack',
  version: LOCALSTACK_VERSION,
  requirements: [`localstack-core[base-runtime]==${LOCALSTACK_VERSION}`, 'cbor2<6', 'pyopenssl<26', 'service_identity'],
};

export interface LocalStackOptions {
  readonly log?: (line: string) => void;
  /** The container image (`--localstack-image`); default S3CSE_LOCALSTACK_IMAGE, then container.ts's choice. */
  readonly image?: string;
}

export function localStackInstalled(): boolean {
  return venvReady(LOCALSTACK_VENV);
}

export async function startLocalStackTarget(options: LocalStackOptions = {}): Promise<RunningTarget | UnavailableTarget> {
  const log = options.log ?? (() => {});
  const docker = await probeDocker();
  if (!docker.available || docker.socketPath === undefined) {
    log(`localstack: host mode (no Docker engine answered: ${docker.detail})`);
    const host = await startHostMode({ venv: LOCALSTACK_VENV, log, healthy });
    if ('failed' in host) return unavailable(host.failed);
    log(`localstack: ${LOCALSTACK_VERSION} listening on ${host.endpoint} (pid ${host.pid})`);
    return running(host.endpoint, `LocalStack ${LOCALSTACK_VERSION} (host mode: no Docker engine answered)`, host.stop);
  }
  const image = options.image ?? process.env['S3CSE_LOCALSTACK_IMAGE'];
  try {
    const c = await startContainer({ socketPath: docker.socketPath, version: LOCALSTACK_VERSION, log, healthy: async (e) => (await healthy(e)) === true, ...(image ? { image } : {}) });
    log(`localstack: testcontainers, image ${c.image}, container ${c.id.slice(0, 12)}, listening on ${c.endpoint} (engine ${docker.detail})`);
    return running(c.endpoint, `LocalStack ${LOCALSTACK_VERSION} (testcontainers, image ${c.image})`, c.stop);
  } catch (e) {
    return unavailable(`Docker engine at ${docker.detail} answered, but the LocalStack container did not start: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function running(endpoint: string, description: string, stopServer: () => Promise<void>): RunningTarget {
  const s3 = s3ClientFor(endpoint);
  const kms = kmsClientFor(endpoint);
  return {
    name: 'localstack',
    s3Endpoint: endpoint,
    kmsEndpoint: endpoint,
    region: LOCAL_REGION,
    description,
    s3,
    kms,
    supportsKnownKeyMaterial: true,
    childEnv: () => localChildEnv(endpoint, endpoint),
    ensureBucket: (name) => createBucketIfMissing(s3, name),
    createKmsKey: (keyOptions = {}) => createKey(kms, keyOptions),
    stop: async () => {
      s3.destroy();
      kms.destroy();
      await stopServer();
    },
  };
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
