/**
 * Which faults to inject, into which requests: the plan shared by the embedded target's built-in
 * injector and the loopback fault proxy (proxy.ts) put in front of moto, LocalStack or any target.
 *
 *   --faults reset-mid-body:0.2,503-slowdown:0.1,kms-throttle:0.05*3
 *
 * `NAME[:RATE][*TIMES]`: each matching request is hit with probability RATE (default 1) until the
 * fault has been injected TIMES times (default unlimited). Draws come from a seeded generator, so
 * a run with the same seed and the same requests injects the same faults.
 */

export const FAULTS = [
  /** S3 answers 500 InternalError without doing anything (the SDK retries it). */
  '500',
  /** S3 answers 503 SlowDown without doing anything (throttling; retried with back-off). */
  '503-slowdown',
  /** The request is executed, then the connection is dropped before any response header. */
  'reset-before-headers',
  /** A GET's headers and half its body are sent, then the connection is reset. */
  'reset-mid-body',
  /** A GET's headers announce the whole body, half is sent, and the connection is closed cleanly. */
  'short-body',
  /** A GET's body arrives in small pieces with pauses; nothing is lost. */
  'slow-trickle',
  /** A GET of an instruction file (`*.instruction`) answers 404, as if it was deleted meanwhile. */
  'vanish-instruction-file',
  /** KMS answers 400 ThrottlingException without doing anything. */
  'kms-throttle',
  /** A whole-object GET (200) is answered 206 with a Content-Range for its first half, as if a range had been asked. */
  'unrequested-range',
] as const;
export type FaultName = (typeof FAULTS)[number];

export interface FaultRule {
  readonly fault: FaultName;
  /** Probability that a matching request is hit, 0 to 1. */
  readonly rate: number;
  /** Injections after which the rule stops (unlimited when absent). */
  readonly times?: number;
}

/** The request facts a fault is chosen on, before the request is served. */
export interface FaultRequest {
  readonly service: 's3' | 'kms';
  readonly method: string;
  /** `/bucket/key`, decoded. */
  readonly path: string;
}

export interface InjectedFault {
  readonly fault: FaultName;
  readonly method: string;
  readonly path: string;
  /** Position in the injector's log: which faults a case saw is a slice of it. */
  readonly sequence: number;
}

export class FaultSpecError extends Error {}

/** Parses `--faults`; throws FaultSpecError naming the bad item. */
export function parseFaultSpec(spec: string): FaultRule[] {
  return spec
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const parsed = /^([a-z0-9-]+)(?::([0-9.]+))?(?:\*(\d+))?$/.exec(item);
      const fault = parsed?.[1] as FaultName | undefined;
      if (!parsed || !fault || !FAULTS.includes(fault)) throw new FaultSpecError(`unknown fault "${item}"; known: ${FAULTS.join(', ')} (as NAME[:RATE][*TIMES])`);
      const rate = parsed[2] === undefined ? 1 : Number(parsed[2]);
      if (!(rate >= 0 && rate <= 1)) throw new FaultSpecError(`fault rate must be between 0 and 1 in "${item}"`);
      return { fault, rate, ...(parsed[3] === undefined ? {} : { times: Number(parsed[3]) }) };
    });
}

/** Faults that replace the answer, so the request is never served. */
export const ANSWERING_FAULTS: ReadonlySet<FaultName> = new Set(['500', '503-slowdown', 'vanish-instruction-file', 'kms-throttle']);

function applies(fault: FaultName, r: FaultRequest): boolean {
  switch (fault) {
    case 'kms-throttle':
      return r.service === 'kms';
    case 'vanish-instruction-file':
      return r.service === 's3' && r.method === 'GET' && r.path.endsWith('.instruction');
    case 'reset-mid-body':
    case 'short-body':
    case 'slow-trickle':
    case 'unrequested-range':
      return r.service === 's3' && r.method === 'GET';
    default:
      return r.service === 's3';
  }
}

/** Chooses faults per request and keeps the log of what was injected. */
export class FaultInjector {
  #rules: FaultRule[];
  /** Injections per fault, counted when recorded: a fault chosen for a response it cannot damage (a 404, an empty body) is not spent. */
  #used = new Map<FaultName, number>();
  #state: number;
  readonly log: InjectedFault[] = [];

  constructor(rules: readonly FaultRule[] = [], seed = 1) {
    this.#rules = [...rules];
    this.#state = seed >>> 0 || 1;
  }

  /** Replaces the rules (per test); the log and the generator go on. */
  set(rules: readonly FaultRule[]): void {
    this.#rules = [...rules];
    this.#used = new Map();
  }

  get active(): boolean {
    return this.#rules.length > 0;
  }

  /** The fault this request gets, if any; call `record` once it has actually been injected. */
  choose(request: FaultRequest): FaultName | undefined {
    for (const rule of this.#rules) {
      if (!applies(rule.fault, request)) continue;
      if (rule.times !== undefined && (this.#used.get(rule.fault) ?? 0) >= rule.times) continue;
      if (this.#draw() >= rule.rate) continue;
      return rule.fault;
    }
    return undefined;
  }

  record(fault: FaultName, request: FaultRequest): void {
    this.#used.set(fault, (this.#used.get(fault) ?? 0) + 1);
    this.log.push({ fault, method: request.method, path: request.path, sequence: this.log.length });
  }

  /** xorshift32: small, seeded, good enough to spread faults over requests. */
  #draw(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state / 0x1_0000_0000;
  }
}
