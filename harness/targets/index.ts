/**
 * One entry point for every S3 + KMS target:
 *
 *   const target = await startTarget('moto', { log: console.error });
 *   if (isUnavailable(target)) ... target.reason
 *   else try { ... target.childEnv() ... } finally { await target.stop(); }
 *
 * A target that cannot run here comes back as an UnavailableTarget with a one-line reason; only
 * programming errors throw.
 */
import { startAwsTarget } from './aws/target.js';
import { startEmbeddedRunningTarget } from './embedded/target.js';
import { startLocalStackTarget } from './localstack/target.js';
import { startMotoTarget } from './moto/target.js';
import type { RunningTarget, TargetName, UnavailableTarget } from './target.js';

export { isUnavailable, TARGET_NAMES, type RunningTarget, type TargetName, type UnavailableTarget } from './target.js';

export interface StartTargetOptions {
  /** Progress lines (venv creation, ports, pids), for a human watching; never needed for results. */
  readonly log?: (line: string) => void;
  /** The aws target only: an existing bucket and KMS key; region defaults to AWS_REGION. */
  readonly aws?: { readonly bucket?: string; readonly kmsKeyId?: string; readonly region?: string; readonly endpointUrl?: string };
  /** The localstack target only: the container image (default: localstack/container.ts's choice). */
  readonly localstackImage?: string;
  /** The embedded target only: a fixed port, for servers started before the run (`--server`). */
  readonly embeddedPort?: number;
}

export async function startTarget(name: TargetName, options: StartTargetOptions = {}): Promise<RunningTarget | UnavailableTarget> {
  const log = options.log ? { log: options.log } : {};
  switch (name) {
    case 'embedded':
      return startEmbeddedRunningTarget(options.embeddedPort === undefined ? {} : { port: options.embeddedPort });
    case 'moto':
      return startMotoTarget(log);
    case 'localstack':
      return startLocalStackTarget({ ...log, ...(options.localstackImage ? { image: options.localstackImage } : {}) });
    case 'aws':
      return startAwsTarget({ ...options.aws, ...log });
  }
}
