/**
 * Runs the installed command (`bin/s3cse.js`) as a user would, in a child process, and gives back
 * its exit status and both streams. Async, so a test can feed stdin or drain a FIFO meanwhile.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/s3cse.js', import.meta.url));
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface BinResult {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface BinOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: Buffer | string;
  /** Run as this uid/gid (tests that must not be able to replace /dev files when run as root). */
  readonly uid?: number;
  readonly timeoutMs?: number;
}

/**
 * The child transpiles the sources its own way and its coverage would not line up with ours:
 * Node copies NODE_V8_COVERAGE into children unless the key is present, so it is set empty (off).
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_V8_COVERAGE: '', ...extra };
}

export function s3cse(args: readonly string[], options: BinOptions = {}): Promise<BinResult> {
  const spawnOptions: SpawnOptions = {
    cwd: options.cwd ?? REPO,
    env: options.env ?? childEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  };
  const child = spawn(process.execPath, [BIN, ...args], spawnOptions);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => stdout.push(c));
  child.stderr!.on('data', (c: Buffer) => stderr.push(c));
  child.stdin!.on('error', () => undefined); // a child that exits without reading its stdin
  child.stdin!.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/** Root could replace /dev/stdout by mistake; an unprivileged child cannot. */
export const UNPRIVILEGED: { uid?: number } = process.getuid?.() === 0 ? { uid: 65534 } : {};
