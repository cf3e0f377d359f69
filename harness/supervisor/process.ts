/**
 * One running adapter: started from its manifest, waited for, restarted after a crash or a hang,
 * stopped for good at the end. The process handling itself (own process group, exit hook,
 * SIGTERM then SIGKILL, output tail) is the targets' child-server supervisor.
 */
import { HarnessFault } from '../fault.js';
import { fetchWithin } from '../targets/process/http-deadline.js';
import { ChildStartError, startChildServer, type ChildServer } from '../targets/process/child-server.js';
import { freeLoopbackPort } from '../targets/process/free-port.js';
import type { LoadedAdapter } from './manifest.js';

const DEFAULT_STARTUP_MS = 120_000;
const STOP_GRACE_MS = 3000;

export class AdapterProcess {
  readonly adapter: LoadedAdapter;
  readonly #env: Record<string, string>;
  #server: ChildServer | undefined;
  #url = '';
  /** How many times the process was started (1 after the first start). */
  starts = 0;

  constructor(adapter: LoadedAdapter, env: Record<string, string>) {
    this.adapter = adapter;
    this.#env = env;
  }

  get url(): string {
    return this.#url;
  }

  /** The running process's id (its process group leads the adapter's tree), for RSS sampling. */
  get pid(): number | undefined {
    return this.#server?.running() ? this.#server.pid : undefined;
  }

  get running(): boolean {
    return this.#server?.running() ?? false;
  }

  /** The last output lines on one line, for error reports (adapters never print key material). */
  get outputTail(): string {
    return this.#server?.tail() ?? '';
  }

  async start(): Promise<void> {
    const { manifest, workdir } = this.adapter;
    const port = manifest.port ?? (await freeLoopbackPort());
    const [command, ...args] = manifest.start.command as [string, ...string[]];
    const url = `http://127.0.0.1:${port}`;
    this.starts += 1;
    try {
      const { server } = await startChildServer({
        label: manifest.name,
        command,
        args,
        cwd: workdir,
        env: { ...process.env, NODE_V8_COVERAGE: '', ...manifest.start.env, ...this.#env, S3EC_ADAPTER_PORT: String(port) },
        readyTimeoutMs: manifest.startupTimeoutMs ?? DEFAULT_STARTUP_MS,
        // Any HTTP answer counts: servers written for AWS's framework have no /capabilities.
        probe: async () => ((await answers(`${url}/capabilities`)) ? true : undefined),
        stopGraceMs: STOP_GRACE_MS,
      });
      this.#server = server;
      this.#url = url;
    } catch (e) {
      // The targets' supervisor is a leaf with its own error; here it is the harness's fault taxonomy.
      if (e instanceof ChildStartError) throw new HarnessFault('startup-failed', e.message, { step: 'process' });
      throw e;
    }
  }

  /** Kill and start again (after a crash or a hang); configured clients are lost. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.#server?.stop();
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetchWithin(url, {}, 2000);
    // Only the answer counts, not its body: an adapter streaming forever must not fill memory here.
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
