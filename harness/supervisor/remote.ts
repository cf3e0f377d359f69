/**
 * An adapter server the harness did not start (`s3cse run --server URL`): it is only waited for.
 * It cannot be restarted, so after a crash or a hang the session waits for it to answer again
 * and otherwise gives up on it as it gives up on a process that will not come back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessFault } from '../fault.js';
import { fetchWithin } from '../targets/process/http-deadline.js';

/** What a session needs of whatever serves the protocol: a started process, or a running server. */
export interface AdapterEndpoint {
  readonly url: string;
  /** Starts so far (1 after the first); a running server counts as started once. */
  readonly starts: number;
  readonly running: boolean;
  readonly outputTail: string;
  /** The process id, when the harness started it (a `--server` is not its child). */
  readonly pid?: number | undefined;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const POLL_MS = 200;

export class RemoteServer implements AdapterEndpoint {
  readonly url: string;
  readonly #waitMs: number;
  starts = 0;

  constructor(url: string, waitMs: number) {
    this.url = url.replace(/\/$/, '');
    this.#waitMs = waitMs;
  }

  /** Always true: the harness cannot see its process; a dead server shows as unreachable calls. */
  get running(): boolean {
    return true;
  }

  get outputTail(): string {
    return '';
  }

  async start(): Promise<void> {
    this.starts += 1;
    const deadline = Date.now() + this.#waitMs;
    for (;;) {
      if (await answers(this.url)) return;
      if (Date.now() > deadline)
        throw new HarnessFault('startup-failed', `${this.url} did not answer within ${this.#waitMs} ms (start the server first; PROTOCOL.md, "A server you started")`, { step: 'process' });
      await sleep(POLL_MS);
    }
  }

  /** Waits for the server to answer again; the harness cannot restart what it did not start. */
  async restart(): Promise<void> {
    await this.start();
  }

  async stop(): Promise<void> {}
}

/** Any HTTP answer counts, as for started adapters: AWS's servers serve no /capabilities. */
async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetchWithin(`${url}/capabilities`, {}, 2000);
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}
