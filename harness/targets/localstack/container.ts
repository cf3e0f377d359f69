/**
 * LocalStack in a container started through testcontainers (GenericContainer), when a Docker engine
 * answers. Host networking, the gateway on 127.0.0.1:<free port>, so nothing listens beyond the
 * loopback range. Ryuk is off (its image cannot be pulled without a registry); cleanup.ts removes
 * the container instead. The image is `--localstack-image` (or S3CSE_LOCALSTACK_IMAGE), else the
 * locally built `s3cse/localstack:<version>` (scripts/localstack-image.sh) when the engine has it,
 * else the official `localstack/localstack:<version>`, pulled by the engine.
 */
import { randomUUID } from 'node:crypto';
import { freeLoopbackPort } from '../process/free-port.js';
import { guardRun, runLabels, sweepStale } from './cleanup.js';
import { imageExists, removeContainer, waitGone } from './docker-api.js';
import { gatewaySettings } from './settings.js';

export const LOCAL_IMAGE_REPOSITORY = 's3cse/localstack';
export const OFFICIAL_IMAGE_REPOSITORY = 'localstack/localstack';
/** Pulling and first start of the official image (about 1 GB) can take minutes. */
const STARTUP_TIMEOUT_MS = 300_000;

export interface ContainerStart {
  readonly socketPath: string;
  readonly version: string;
  readonly image?: string;
  readonly log: (line: string) => void;
  /** Resolves when LocalStack answers its health check on the endpoint. */
  readonly healthy: (endpoint: string) => Promise<boolean>;
}

export interface StartedContainer {
  readonly endpoint: string;
  readonly image: string;
  readonly id: string;
  stop(): Promise<void>;
}

export async function chooseImage(socketPath: string, version: string, requested: string | undefined): Promise<string> {
  if (requested) return requested;
  const local = `${LOCAL_IMAGE_REPOSITORY}:${version}`;
  return (await imageExists(socketPath, local)) ? local : `${OFFICIAL_IMAGE_REPOSITORY}:${version}`;
}

function containerEnv(port: number, lifelinePort: number): Record<string, string> {
  return {
    ...gatewaySettings(port),
    LOCALSTACK_TELEMETRY_DISABLED: '1',
    DISABLE_EVENTS_TELEMETRY: '1',
    S3CSE_LIFELINE: `127.0.0.1:${lifelinePort}`,
  };
}

/** testcontainers reads these when it first talks to the engine. */
function configureTestcontainers(socketPath: string): void {
  process.env['TESTCONTAINERS_RYUK_DISABLED'] = 'true';
  process.env['TESTCONTAINERS_HOST_OVERRIDE'] = '127.0.0.1';
  process.env['DOCKER_HOST'] ??= `unix://${socketPath}`;
}

async function waitHealthy(endpoint: string, healthy: ContainerStart['healthy'], deadline: number): Promise<void> {
  for (;;) {
    if (await healthy(endpoint).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`LocalStack did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startContainer(spec: ContainerStart): Promise<StartedContainer> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  const swept = await sweepStale(spec.socketPath);
  if (swept > 0) spec.log(`localstack: removed ${swept} stale container(s) of earlier runs`);
  const image = await chooseImage(spec.socketPath, spec.version, spec.image);
  configureTestcontainers(spec.socketPath);
  const { GenericContainer, Wait } = await import('testcontainers');
  /** Docker's own AutoRemove (testcontainers sets it for Ryuk only): when the entry exits on its own, the lifeline's doing, the engine removes the container. */
  class SelfRemovingContainer extends GenericContainer {
    constructor(name: string) {
      super(name);
      this.hostConfig.AutoRemove = true;
    }
  }
  const runId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const guard = await guardRun(spec.socketPath, runId);
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    const started = await new SelfRemovingContainer(image)
      .withNetworkMode('host')
      .withLabels(runLabels(runId))
      .withEnvironment(containerEnv(port, guard.lifelinePort))
      .withWaitStrategy(Wait.forLogMessage(/^Ready\.$/m))
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
      .start();
    await waitHealthy(endpoint, spec.healthy, deadline);
    return {
      endpoint,
      image,
      id: started.getId(),
      stop: async () => {
        await started.stop({ timeout: 1_000, remove: true, removeVolumes: true }).catch(() => undefined);
        if (!(await waitGone(spec.socketPath, started.getId()))) await removeContainer(spec.socketPath, started.getId()).catch(() => undefined);
        guard.release();
      },
    };
  } catch (e) {
    guard.removeNow();
    guard.release();
    throw e;
  }
}
