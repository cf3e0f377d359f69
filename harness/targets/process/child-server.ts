/**
 * A server the harness runs as a child process (moto, LocalStack host mode) and must never leak.
 *
 * - The child leads its own process group, so stop() reaches whatever it forked (SIGTERM, then
 *   SIGKILL after a grace period) and waits until the leader has exited.
 * - If the Node process exits without calling stop() (Ctrl-C and SIGTERM included), an `exit` hook
 *   kills the groups still running; if Node dies harder than that, children see EOF on stdin.
 * - The child and its pipes are unref'ed once ready, so a forgotten stop() cannot keep Node alive.
 * - Readiness is a line on stdout/stderr or a probe polled every 250 ms, whichever comes first,
 *   under a deadline; a child that exits or misses the deadline becomes a one-line ChildStartError.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { childLogFromEnv } from './child-log.js';
import { LineTail } from './line-tail.js';

export class ChildStartError extends Error {}

export interface ChildServerSpec<T> {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly readyTimeoutMs: number;
  /** Returns a value once an output line shows the server is ready. */
  readonly readyLine?: (line: string) => T | undefined;
  /** Returns a value once the server answers; errors count as "not yet". */
  readonly probe?: () => Promise<T | undefined>;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  readonly stopGraceMs?: number;
  /** Runs once the child is gone, however it went: stop(), a failed start, or Node exiting. */
  readonly afterExit?: () => void;
}

export interface ChildServer {
  readonly pid: number;
  /** False once the child has exited, however it went. */
  running(): boolean;
  /** The last output lines, one line, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

const POLL_MS = 250;
/** Process groups still to kill if Node exits, with what to clean up after each. */
const running = new Map<number, () => void>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is gone already
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [pid, afterExit] of running) {
      killGroup(pid, 'SIGKILL');
      afterExit();
    }
  });
  // Node's default Ctrl-C / SIGTERM handling skips 'exit' listeners; exit the ordinary way instead.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  }
}

export async function startChildServer<T>(spec: ChildServerSpec<T>): Promise<{ server: ChildServer; ready: T }> {
  installExitHook();
  const tail = new LineTail(12);
  const child: Child = spawn(spec.command, spec.args, {
    env: spec.env,
    ...(spec.cwd === undefined ? {} : { cwd: spec.cwd }),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
    child.once('error', (e) => resolve(`error ${e.message}`));
  });
  let exitedWith: string | undefined;
  let cleaned = false;
  const afterExit = (): void => {
    if (cleaned) return;
    cleaned = true;
    try {
      spec.afterExit?.();
    } catch {
      // best effort: a clean-up failure must not hide why the child stopped
    }
  };
  void exited.then((how) => {
    exitedWith = how;
  });
  if (child.pid !== undefined) running.set(child.pid, afterExit);

  let ready: T | undefined;
  const copy = childLogFromEnv(spec.label);
  const onOutput = (chunk: Buffer): void => {
    copy?.(chunk);
    for (const line of tail.push(chunk)) {
      if (ready === undefined && spec.readyLine) ready = spec.readyLine(line);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  // Nobody writes to the child's stdin; it only exists so the child sees EOF when we die.
  child.stdin.on('error', () => {});

  // Memoized: a second stop() must not signal the group id again, which the OS may have reused.
  let stopping: Promise<void> | undefined;
  const server: ChildServer = {
    pid: child.pid ?? -1,
    running: () => exitedWith === undefined,
    tail: () => tail.joined(),
    stop: () => (stopping ??= stopChild(child, exited, () => exitedWith !== undefined, spec.stopGraceMs ?? 5000).finally(afterExit)),
  };

  const deadline = Date.now() + spec.readyTimeoutMs;
  while (ready === undefined) {
    if (exitedWith !== undefined) {
      await server.stop();
      throw new ChildStartError(`${spec.label} exited (${exitedWith}) before it was ready: ${tail.joined()}`);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new ChildStartError(`${spec.label} was not ready within ${spec.readyTimeoutMs / 1000} s: ${tail.joined()}`);
    }
    if (spec.probe) ready = await spec.probe().catch(() => undefined);
    if (ready === undefined) await Promise.race([sleep(POLL_MS), exited]);
  }
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  return { server, ready };
}

async function stopChild(child: Child, exited: Promise<string>, hasExited: () => boolean, graceMs: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (!hasExited()) {
    killGroup(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
    if ((await Promise.race([exited, grace])) === 'timeout') {
      killGroup(pid, 'SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  }
  // Grandchildren that outlived the leader would keep ports and files; the group id still names them.
  killGroup(pid, 'SIGKILL');
  running.delete(pid);
  child.stdin.destroy();
}
