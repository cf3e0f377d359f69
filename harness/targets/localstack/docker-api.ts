/**
 * The few Docker Engine API calls the harness makes itself, over the engine's unix socket with a
 * deadline (testcontainers starts the container; these find and remove ours): containers by
 * label, force-remove, image present. `WATCHER_SOURCE` is the same logic as a stand-alone Node
 * script for the detached watcher and the exit hook (cleanup.ts), which cannot import TypeScript.
 */
import { request } from 'node:http';

export interface ContainerSummary {
  readonly Id: string;
  readonly Labels: Record<string, string>;
  readonly State?: string;
}

export function dockerRequest(socketPath: string, method: string, path: string, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`docker ${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Containers (running or not) carrying every `key=value` label given. */
export async function containersLabelled(socketPath: string, labels: readonly string[]): Promise<ContainerSummary[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: labels }));
  const { status, body } = await dockerRequest(socketPath, 'GET', `/containers/json?all=true&filters=${filters}`);
  if (status !== 200) throw new Error(`docker: listing containers: HTTP ${status} ${body.trim()}`);
  return JSON.parse(body) as ContainerSummary[];
}

export async function removeContainer(socketPath: string, id: string): Promise<void> {
  const { status, body } = await dockerRequest(socketPath, 'DELETE', `/containers/${id}?force=true&v=true`, 20_000);
  if (status !== 204 && status !== 404 && status !== 409) throw new Error(`docker: removing ${id.slice(0, 12)}: HTTP ${status} ${body.trim()}`);
}

export async function imageExists(socketPath: string, ref: string): Promise<boolean> {
  const { status } = await dockerRequest(socketPath, 'GET', `/images/${encodeURIComponent(ref)}/json`);
  return status === 200;
}

/**
 * `node -e WATCHER_SOURCE <socket> <label> <pid|now>`: removes every container with the label once
 * process <pid> is gone (polled twice a second), or at once with `now`; then exits.
 */
export const WATCHER_SOURCE = `
const http = require('node:http');
const [socketPath, label, pid] = process.argv.slice(1);
const call = (method, path) => new Promise((resolve) => {
  const req = http.request({ socketPath, method, path, timeout: 20000 }, (res) => {
    let body = ''; res.setEncoding('utf8'); res.on('data', (c) => (body += c)); res.on('end', () => resolve(body));
  });
  req.on('timeout', () => req.destroy()); req.on('error', () => resolve('[]')); req.end();
});
const alive = () => { try { process.kill(Number(pid), 0); return true; } catch (e) { return e.code === 'EPERM'; } };
async function sweep() {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  let found = [];
  try { found = JSON.parse(await call('GET', '/containers/json?all=true&filters=' + filters)); } catch {}
  for (const c of found) await call('DELETE', '/containers/' + c.Id + '?force=true&v=true');
}
if (pid === 'now') sweep();
else { const timer = setInterval(() => { if (!alive()) { clearInterval(timer); sweep(); } }, 500); }
`;

/** Waits until the engine no longer knows the container (AutoRemove removes it asynchronously). */
export async function waitGone(socketPath: string, id: string, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { status } = await dockerRequest(socketPath, 'GET', `/containers/${id}/json`).catch(() => ({ status: 0 }));
    if (status === 404) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
