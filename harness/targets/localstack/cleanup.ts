/**
 * No LocalStack container outlives the harness (Ryuk is off: its image cannot be pulled here).
 * Every container carries `s3cse.target=localstack`, `s3cse.run=<run id>` and `s3cse.pid=<pid>`;
 * four layers remove it:
 * - `stop()` (the ordinary path) stops and removes it through testcontainers;
 * - an `exit` hook removes it synchronously (a short `node -e` child) when Node exits without stop();
 * - the lifeline: a loopback port the container's entry (serve.py, S3CSE_LIFELINE) connects to and
 *   exits when the connection closes, which the kernel does when this process dies, even by SIGKILL
 *   (the container has Docker's AutoRemove, container.ts, so the engine then removes it);
 *   a detached watcher process removes the containers by label once this process is gone (it also
 *   covers images without serve.py, such as the official one);
 * - at start, a sweep removes labelled containers whose harness process no longer exists.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { containersLabelled, removeContainer, WATCHER_SOURCE } from './docker-api.js';

export const TARGET_LABEL = 's3cse.target';
export const RUN_LABEL = 's3cse.run';
export const PID_LABEL = 's3cse.pid';

export function runLabels(runId: string): Record<string, string> {
  return { [TARGET_LABEL]: 'localstack', [RUN_LABEL]: runId, [PID_LABEL]: String(process.pid) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes labelled containers left by harness processes that no longer exist; returns how many. */
export async function sweepStale(socketPath: string): Promise<number> {
  const found = await containersLabelled(socketPath, [`${TARGET_LABEL}=localstack`]);
  const stale = found.filter((c) => {
    const pid = Number(c.Labels[PID_LABEL]);
    return !Number.isInteger(pid) || pid <= 0 || !alive(pid);
  });
  for (const c of stale) await removeContainer(socketPath, c.Id);
  return stale.length;
}

export interface Guard {
  /** The lifeline's loopback port (S3CSE_LIFELINE=127.0.0.1:<port> in the container). */
  readonly lifelinePort: number;
  /** Removes the run's containers now, synchronously (the exit hook's removal). */
  removeNow(): void;
  /** Disarms the exit hook and ends the watcher, after the container is gone. */
  release(): void;
}

/** Arms the exit hook, the lifeline and the watcher for the containers labelled `s3cse.run=<runId>`. */
export async function guardRun(socketPath: string, runId: string): Promise<Guard> {
  const label = `${RUN_LABEL}=${runId}`;
  const held: Socket[] = [];
  const lifeline: Server = createServer((socket) => {
    held.push(socket);
    socket.on('error', () => {});
    socket.unref();
  });
  await new Promise<void>((resolve, reject) => {
    lifeline.once('error', reject);
    lifeline.listen(0, '127.0.0.1', resolve);
  });
  lifeline.unref();
  const watcher = spawn(process.execPath, ['-e', WATCHER_SOURCE, socketPath, label, String(process.pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watcher.unref();
  const onExit = (): void => {
    spawnSync(process.execPath, ['-e', WATCHER_SOURCE, socketPath, label, 'now'], { stdio: 'ignore', timeout: 20_000 });
  };
  process.on('exit', onExit);
  const address = lifeline.address();
  return {
    lifelinePort: typeof address === 'object' && address ? address.port : 0,
    removeNow: onExit,
    release: () => {
      process.off('exit', onExit);
      for (const s of held) s.destroy();
      lifeline.close();
      if (watcher.pid !== undefined && watcher.exitCode === null) watcher.kill('SIGTERM');
    },
  };
}
