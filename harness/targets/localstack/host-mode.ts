/**
 * LocalStack in host mode (no Docker): `localstack-core[base-runtime]` in its own venv, S3 and KMS
 * only, on a free loopback port, state in a temporary directory removed at stop. Used when no
 * Docker engine answers (target.ts); the pins and settings are explained in target.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildStartError, startChildServer } from '../process/child-server.js';
import { emulatorEnv } from '../process/clean-env.js';
import { freeLoopbackPort } from '../process/free-port.js';
import { CommandFailed } from '../process/run.js';
import { ensureVenv, venvPython, type VenvSpec } from '../process/venv.js';
import { gatewaySettings } from './settings.js';

const SERVE_PY = fileURLToPath(new URL('./serve.py', import.meta.url));
/** Loading the S3 and KMS providers takes 3-5 s here; a cold first import (no .pyc yet) more. */
const READY_TIMEOUT_MS = 120_000;

export interface HostModeStart {
  readonly venv: VenvSpec;
  readonly log: (line: string) => void;
  readonly healthy: (endpoint: string) => Promise<true | undefined>;
}

export type HostModeResult = { endpoint: string; pid: number; stop(): Promise<void> } | { failed: string };

export async function startHostMode(spec: HostModeStart): Promise<HostModeResult> {
  let venv: string;
  try {
    venv = await ensureVenv(spec.venv, spec.log);
  } catch (e) {
    return { failed: `cannot install LocalStack: ${e instanceof CommandFailed ? e.message : String(e)}` };
  }
  const port = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${port}`;
  const stateDir = mkdtempSync(join(tmpdir(), 's3cse-localstack-'));
  try {
    const { server } = await startChildServer({
      label: 'localstack',
      command: venvPython(venv),
      args: ['-u', SERVE_PY],
      cwd: stateDir,
      env: localStackEnv(port, stateDir),
      readyTimeoutMs: READY_TIMEOUT_MS,
      readyLine: (line) => (line.trim() === 'Ready.' ? true : undefined),
      probe: () => spec.healthy(endpoint),
      stopGraceMs: 10_000,
      // serve.py deletes it when LocalStack exits cleanly; this covers SIGKILL and failed starts.
      afterExit: () => rmSync(stateDir, { recursive: true, force: true, maxRetries: 3 }),
    });
    return { endpoint, pid: server.pid, stop: () => server.stop() };
  } catch (e) {
    if (e instanceof ChildStartError) return { failed: e.message };
    throw e;
  }
}

function localStackEnv(port: number, stateDir: string): NodeJS.ProcessEnv {
  return emulatorEnv({
    OVERRIDE_IN_DOCKER: '0',
    ...gatewaySettings(port),
    FILESYSTEM_ROOT: stateDir,
    S3CSE_OWNS_FILESYSTEM_ROOT: '1',
  });
}
