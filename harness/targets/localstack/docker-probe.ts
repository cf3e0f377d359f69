/**
 * Is a Docker engine reachable? Answered without the docker CLI (the client can be installed with
 * no engine behind it) and without testcontainers (it throws a generic error after trying every
 * strategy): look where testcontainers would look (DOCKER_HOST, the usual sockets, infra.md §3),
 * then ping the engine's `/_ping` with a short deadline so a dead socket cannot hang us.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DockerProbe {
  readonly available: boolean;
  /** One line: where the engine was found, or why not. */
  readonly detail: string;
  /** The engine's unix socket, when one answered. */
  readonly socketPath?: string;
}

function candidateSockets(): string[] {
  const runtimeDir = process.env['XDG_RUNTIME_DIR'];
  const uid = process.getuid?.();
  return [
    '/var/run/docker.sock',
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock')] : []),
    join(homedir(), '.docker', 'run', 'docker.sock'),
    join(homedir(), '.docker', 'desktop', 'docker.sock'),
    ...(uid === undefined ? [] : [`/run/user/${uid}/docker.sock`]),
  ];
}

/** The socket path to ping, from DOCKER_HOST (unix:// only) or the first socket file present. */
function locateEngine(): { socketPath?: string; detail: string } {
  const dockerHost = process.env['DOCKER_HOST'];
  if (dockerHost) {
    if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length), detail: `DOCKER_HOST=${dockerHost}` };
    return { detail: `DOCKER_HOST=${dockerHost} is not a unix socket; not probed` };
  }
  const socketPath = candidateSockets().find((p) => existsSync(p));
  return socketPath ? { socketPath, detail: socketPath } : { detail: 'no Docker socket and DOCKER_HOST unset' };
}

export async function probeDocker(timeoutMs = 2000): Promise<DockerProbe> {
  const { socketPath, detail } = locateEngine();
  if (!socketPath) return { available: false, detail };
  const answered = await new Promise<string>((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ok' : `HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve(e.message));
    req.end();
  });
  return answered === 'ok' ? { available: true, detail, socketPath } : { available: false, detail: `${detail}: ${answered}` };
}
