/**
 * One running adapter: started from its manifest, waited for, restarted after a crash or a hang,
 * stopped for good at the end. Its stderr is kept (last lines only) to explain failures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freeLoopbackPort } from '../targets/process/free-port.js';
import type { LoadedAdapter } from './manifest.js';

const DEFAULT_STARTUP_MS = 120_000;
const TAIL_LINES = 20;

/**
 * Adapters run in their own process groups, so they would outlive a harness that dies without
 * stopping them; this last-chance hook kills whatever is still running when Node exits.
 */
const live = new Set<ChildProcess>();
const killAll = (): void => {
  for (const child of live) signalGroup(child, 'SIGKILL');
};
process.once('exit', killAll);
// Node's default Ctrl-C handling exits without 'exit' listeners; exit the ordinary way instead.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

export class AdapterStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdapterStartError';
  }
}

export class AdapterProcess {
  readonly adapter: LoadedAdapter;
  readonly #env: Record<string, string>;
  #child: ChildProcess | undefined;
  #exited = true;
  #url = '';
  #tail: string[] = [];
  /** How many times the process was started (1 after the first start). */
  starts = 0;

  constructor(adapter: LoadedAdapter, env: Record<string, string>) {
    this.adapter = adapter;
    this.#env = env;
  }

  get url(): string {
    return this.#url;
  }

  get running(): boolean {
    return this.#child !== undefined && !this.#exited;
  }

  /** The last stderr/stdout lines, for error reports (adapters never print key material). */
  get outputTail(): string {
    return this.#tail.join('\n');
  }

  async start(): Promise<void> {
    const { manifest, workdir } = this.adapter;
    const port = manifest.port ?? (await freeLoopbackPort());
    const [cmd, ...args] = manifest.start.command as [string, ...string[]];
    this.#tail = [];
    this.starts += 1;
    const child = spawn(cmd, args, {
      cwd: workdir,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Own process group, so stop() can take down the whole tree (a JVM, a wrapper script...).
      detached: true,
      env: { ...process.env, NODE_V8_COVERAGE: '', ...manifest.start.env, ...this.#env, S3EC_ADAPTER_PORT: String(port) },
    });
    this.#child = child;
    this.#exited = false;
    live.add(child);
    let exitNote = '';
    child.on('exit', (code, signal) => {
      this.#exited = true;
      live.delete(child);
      exitNote = `exited with ${code ?? signal}`;
    });
    child.on('error', (e) => {
      this.#exited = true;
      exitNote = `could not start: ${e.message}`;
    });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => this.#remember(chunk));
    }
    this.#url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + (manifest.startupTimeoutMs ?? DEFAULT_STARTUP_MS);
    while (Date.now() < deadline) {
      if (this.#exited) throw new AdapterStartError(`${manifest.name} ${exitNote || 'exited'} before it was ready${this.#tailNote()}`);
      if (await answers(`${this.#url}/capabilities`)) return;
      await sleep(100);
    }
    await this.stop();
    throw new AdapterStartError(`${manifest.name} was not ready within ${manifest.startupTimeoutMs ?? DEFAULT_STARTUP_MS} ms${this.#tailNote()}`);
  }

  /** Kill and start again (after a crash or a hang); configured clients are lost. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || this.#exited) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    signalGroup(child, 'SIGTERM');
    const killed = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!killed) {
      signalGroup(child, 'SIGKILL');
      await Promise.race([exited, sleep(3000)]);
    }
  }

  #remember(chunk: string): void {
    for (const line of chunk.split('\n')) if (line.trim()) this.#tail.push(line.slice(0, 300));
    if (this.#tail.length > TAIL_LINES) this.#tail.splice(0, this.#tail.length - TAIL_LINES);
  }

  #tailNote(): string {
    return this.#tail.length ? `; last output:\n  ${this.#tail.slice(-5).join('\n  ')}` : '';
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** Any HTTP answer counts: servers written for AWS's framework have no /capabilities. */
async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
