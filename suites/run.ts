import { randomBytes } from 'node:crypto';
import { digest } from './digest.js';
import type { ErrorCategory, Implementation, KeySpec } from './adapter.js';
import type { DecryptCase, KeyRef, KmsReplaySpec, RoundTripCase, Suite, SuiteCase } from './case.js';
import { envelopeViolations } from './envelope-checks.js';
import { isErrorKind, type ErrorKind } from './error-kind.js';
import { ERROR_CATEGORIES } from '../protocol/vocabulary.js';

/** What the harness provides around an implementation: keys and the KMS they live in. */
export interface Environment {
  resolveKey(ref: KeyRef): Promise<KeySpec>;
  /** Completes a KMS key spec with the target's endpoint. */
  completeKey(key: KeySpec): KeySpec;
  registerKmsReplay(replay: KmsReplaySpec): Promise<void>;
}

export type CaseStatus = 'pass' | 'fail' | 'not-applicable' | 'errored';

/**
 * The category of a refusal from an implementation that does not classify its errors (AWS's own
 * test-server protocol has one error type for every refusal). It satisfies any expected refusal,
 * with the result saying so: whether the object was refused is judged, the category cannot be.
 */
export const UNCLASSIFIED = 'unclassified';

export interface CaseResult {
  readonly suite: string;
  readonly id: string;
  readonly status: CaseStatus;
  readonly expected: string;
  readonly actual: string;
  /** Why it failed, errored or did not apply. Never contains key material or plaintext. */
  readonly detail?: string;
  /** Set exactly when status is `errored`: what broke (crash, timeout, which protocol violation). */
  readonly errorKind?: ErrorKind;
  readonly requirements: readonly string[];
  readonly durationMs: number;
  /** Matrix coordinates, for suites that pair a writer with a reader (the cross suite). */
  readonly pair?: MatrixCoordinates;
  /** Id of the known issue (harness/known-issues.json) this failure matches; it does not gate. */
  readonly knownIssue?: string;
  /** Faults injected while the case ran (`s3cse run --faults`): `NAME METHOD /bucket/key`. */
  readonly faults?: readonly string[];
  /** Failed or errored in a fault run without returning wrong bytes: it does not gate. */
  readonly faultAffected?: boolean;
}

export interface MatrixCoordinates {
  readonly writer: string;
  readonly reader: string;
  readonly format: string;
  readonly key: string;
  readonly storage: string;
  readonly size: number;
  /** The reader's legacy switches: on, or off to check a legacy object is refused. */
  readonly legacy: boolean;
  /** The Range header of a ranged read (range suite). */
  readonly range?: string;
}

export interface RunOptions {
  /** Per-call limit; a hung implementation is recorded as errored and the run goes on. */
  readonly timeoutMs?: number;
  readonly onResult?: (result: CaseResult) => void;
}

type Outcome =
  | { readonly kind: 'ok'; readonly value: Uint8Array }
  | { readonly kind: 'refused'; readonly category: ErrorCategory | typeof UNCLASSIFIED; readonly code: string; readonly message: string }
  | { readonly kind: 'crashed'; readonly errorKind: ErrorKind; readonly message: string };

const CATEGORIES = new Set<string>([...ERROR_CATEGORIES, UNCLASSIFIED]);

export async function runSuite(suite: Suite, impl: Implementation, env: Environment, options: RunOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of suite.cases) {
    const started = performance.now();
    let result: Omit<CaseResult, 'durationMs' | 'suite' | 'id' | 'requirements'>;
    const missing = c.features.filter((f) => !impl.info.features.includes(f));
    if (missing.length > 0) {
      result = { status: 'not-applicable', expected: describeExpected(c), actual: '-', detail: `not claimed: ${missing.join(', ')}` };
    } else {
      try {
        result = c.kind === 'decrypt' ? await runDecrypt(c, impl, env, options) : await runRoundTrip(c, impl, env, options);
      } catch (e) {
        // A failure of the harness itself (environment, tamper) is still one errored case.
        result = { status: 'errored', expected: describeExpected(c), actual: 'harness error', detail: (e as Error).message, errorKind: 'harness' };
      }
    }
    const full: CaseResult = { suite: suite.name, id: c.id, requirements: c.requirements, durationMs: Math.round(performance.now() - started), ...result };
    results.push(full);
    options.onResult?.(full);
  }
  return results;
}

async function runDecrypt(c: DecryptCase, impl: Implementation, env: Environment, options: RunOptions) {
  if (c.kmsReplay) await env.registerKmsReplay(c.kmsReplay);
  const outcome = await attempt(
    () =>
      impl.decrypt({
        object: c.object,
        key: env.completeKey(c.key),
        legacy: c.legacy,
        ...(c.encryptionContext ? { encryptionContext: c.encryptionContext } : {}),
      }),
    options,
  );
  return judge(c.expect.ok ? { ok: true, digest: digest(c.expect.plaintext) } : c.expect, outcome, describeExpected(c));
}

async function runRoundTrip(c: RoundTripCase, impl: Implementation, env: Environment, options: RunOptions) {
  const key = await env.resolveKey(c.key);
  const plaintext = randomBytes(c.size);
  const written = await attempt(async () => impl.encrypt({ plaintext, key, format: c.format, storage: c.storage }), options, true);
  if (written.kind === 'crashed') return { status: 'errored', expected: describeExpected(c), actual: 'encrypt failed', detail: written.message, errorKind: written.errorKind } as const;
  if (written.kind !== 'ok-object') return { status: 'fail', expected: describeExpected(c), actual: 'encrypt failed', detail: `encrypt refused: ${written.code}` } as const;
  const wrap = c.key.name.startsWith('kms') ? 'kms+context' : c.key.name.startsWith('rsa') ? 'RSA-OAEP-SHA1' : 'AES/GCM';
  const violations = envelopeViolations(written.value, { format: c.format, storage: c.storage, wrap, plaintextBytes: c.size });
  if (violations.length > 0) return { status: 'fail', expected: 'well-formed envelope', actual: 'malformed envelope', detail: violations.join('; ') } as const;
  const stored = c.tamper ? c.tamper.apply(written.value) : written.value;
  const read = await attempt(() => impl.decrypt({ object: stored, key, legacy: c.legacyOnRead ?? false }), options);
  return judge(c.expect.ok ? { ok: true, digest: digest(plaintext) } : c.expect, read, describeExpected(c));
}

function judge(expect: { ok: true; digest: string } | { ok: false; category: ErrorCategory }, outcome: Outcome, expected: string) {
  if (outcome.kind === 'crashed') return { status: 'errored', expected, actual: 'crashed', detail: outcome.message, errorKind: outcome.errorKind } as const;
  if (outcome.kind === 'refused') {
    const actual = `error:${outcome.category} (${outcome.code})`;
    if (!expect.ok && outcome.category === UNCLASSIFIED) return { status: 'pass', expected, actual, detail: 'refused; the implementation does not classify its errors' } as const;
    if (!expect.ok && expect.category === outcome.category) return { status: 'pass', expected, actual } as const;
    // The implementation's own words help whoever reads the failure (messages never carry keys).
    return { status: 'fail', expected, actual, ...(outcome.message ? { detail: outcome.message.slice(0, 300) } : {}) } as const;
  }
  if (!expect.ok) return { status: 'fail', expected, actual: 'decrypted', detail: 'the object must be refused but was decrypted' } as const;
  const same = digest(outcome.value) === expect.digest;
  return { status: same ? 'pass' : 'fail', expected, actual: same ? 'plaintext' : 'different plaintext' } as const;
}

function describeExpected(c: SuiteCase): string {
  return c.expect.ok ? 'plaintext' : `error:${c.expect.category}`;
}

/** Runs one implementation call with a time limit and turns whatever happens into an outcome. */
async function attempt(call: () => Promise<Uint8Array>, options: RunOptions): Promise<Outcome>;
async function attempt<T>(call: () => Promise<T>, options: RunOptions, object: true): Promise<{ kind: 'ok-object'; value: T } | Exclude<Outcome, { kind: 'ok' }>>;
async function attempt<T>(call: () => Promise<T>, options: RunOptions, object?: true): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const value = await Promise.race([call(), timeout]);
    return object ? { kind: 'ok-object', value } : { kind: 'ok', value };
  } catch (e) {
    const err = e as { category?: unknown; code?: unknown; message?: unknown; errorKind?: unknown };
    if (e instanceof TimeoutError) return { kind: 'crashed', errorKind: 'timeout', message: e.message };
    if (typeof err.category === 'string' && CATEGORIES.has(err.category)) {
      return { kind: 'refused', category: err.category as ErrorCategory | typeof UNCLASSIFIED, code: String(err.code ?? err.category), message: String(err.message ?? '') };
    }
    // Adapter sessions say what broke; anything else an implementation throws is its own exception.
    return { kind: 'crashed', errorKind: isErrorKind(err.errorKind) ? err.errorKind : 'exception', message: String(err.message ?? e) };
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutError extends Error {}
