/**
 * Runs the installed command (`bin/s3cse.js`) as a user would, in a child process, and gives back
 * its exit status and both streams. Async, so a test can feed stdin or drain a FIFO meanwhile.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
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
  /** Run in a mount namespace whose /dev is a private tmpfs (root only); exit 99 if /dev/stdout is no longer a link after. */
  readonly privateDev?: boolean;
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
  const command = options.privateDev ? ['unshare', ['--mount', '--fork', 'sh', '-c', PRIVATE_DEV, 'sh', process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  const child = spawn(command[0] as string, command[1] as string[], spawnOptions);
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

/** A /dev of its own (the devices Node and esbuild open, the fd links), mounted over /dev, then the command. */
const PRIVATE_DEV = [
  'set -e; d=$(mktemp -d); mount -t tmpfs s3cse-dev "$d"',
  'for n in null zero random urandom; do touch "$d/$n"; mount --bind "/dev/$n" "$d/$n"; done',
  'ln -s /proc/self/fd "$d/fd"; for i in 0 1 2; do ln -s "/proc/self/fd/$i" "$d/$(echo stdin stdout stderr | cut -d" " -f$((i + 1)))"; done',
  'mount --move "$d" /dev; set +e; "$@"; status=$?; [ -L /dev/stdout ] || exit 99; exit $status',
].join('\n');

/**
 * Root could replace /dev/stdout by mistake; the child must not be able to. Preferred: run it as
 * nobody (uid 65534). Where nobody cannot reach the checkout (a clone under a 0700 temp folder),
 * it runs as root in a mount namespace with a private /dev, which a regression can replace freely.
 */
function safeForDevStdout(): BinOptions {
  if (process.getuid?.() !== 0) return {};
  if (spawnSync('test', ['-r', BIN], { uid: 65534, gid: 65534 }).status === 0) return { uid: 65534 };
  return { privateDev: true };
}
export const UNPRIVILEGED: BinOptions = safeForDevStdout();
