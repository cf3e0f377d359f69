/**
 * A time limit on one HTTP call that holds even when fetch loses its AbortSignal.
 *
 * Node 20's fetch follows the caller's signal through a weakly held controller; after a garbage
 * collection the abort can be lost and the request waits forever (nodejs/undici#4068). A CI run
 * hung 75 minutes that way on an adapter that never answered. Here a timer of our own aborts the
 * request and also rejects a race, so the caller gets its TimeoutError whether or not undici
 * noticed the abort. The deadline covers the headers and, through `readWithin`, the body.
 */

const deadlines = new WeakMap<Response, Deadline>();

class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly expired: Promise<never>;

  constructor(ms: number) {
    let fire: (e: Error) => void = () => {};
    this.expired = new Promise<never>((_, reject) => (fire = reject));
    this.expired.catch(() => {});
    this.#timer = setTimeout(() => {
      const e = new DOMException(`no answer within ${ms} ms`, 'TimeoutError');
      this.#controller.abort(e);
      fire(e);
    }, ms);
    // A request in flight keeps Node alive on its own; the timer must not keep a finished run alive.
    this.#timer.unref();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.expired]);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** fetch under a deadline of `ms` for the headers; the body's read shares it (`readWithin`). */
export async function fetchWithin(url: string, init: RequestInit, ms: number): Promise<Response> {
  const deadline = new Deadline(ms);
  try {
    const res = await deadline.race(fetch(url, { ...init, signal: deadline.signal }));
    deadlines.set(res, deadline);
    return res;
  } catch (e) {
    deadline.clear();
    throw e;
  }
}

/** How long the read's own error (which says how far it got) may follow the abort before the race decides. */
const ABORT_SURFACE_MS = 1000;

/**
 * Reads a body fetched by fetchWithin under the same deadline; other responses are read as they
 * are. When the deadline passes, the abort normally ends the read with the reader's own error;
 * only if that does not come soon after (the abort was lost) does the deadline's TimeoutError win.
 */
export async function readWithin<T>(res: Response, read: () => Promise<T>): Promise<T> {
  const deadline = deadlines.get(res);
  if (!deadline) return read();
  const late = deadline.expired.catch(async (e: unknown) => {
    await new Promise((resolve) => setTimeout(resolve, ABORT_SURFACE_MS).unref());
    throw e;
  });
  try {
    return await Promise.race([read(), late]);
  } finally {
    deadline.clear();
  }
}
