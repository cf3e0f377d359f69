/**
 * One call of an implementation with a time limit, and whatever it did as the judge's Outcome: a
 * refusal when the thrown value carries a category, else the implementation broke.
 */
import { isErrorKind } from './error-kind.js';
import { UNCLASSIFIED, type Outcome } from './judge.js';
import { ERROR_CATEGORIES, type ErrorCategory } from '../protocol/vocabulary.js';

export interface CallLimits {
  /** Per-call limit; a hung implementation is recorded as errored and the run goes on. */
  readonly timeoutMs?: number;
}

/** Runs one implementation call with a time limit and turns whatever happens into an outcome. */
export async function attempt(call: () => Promise<Uint8Array>, options: CallLimits): Promise<Outcome> {
  try {
    return { kind: 'plaintext', bytes: await withTimeout(call, options) };
  } catch (e) {
    return outcomeOf(e);
  }
}

export async function withTimeout<T>(call: () => Promise<T>, options: CallLimits): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([call(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const CATEGORIES = new Set<string>([...ERROR_CATEGORIES, UNCLASSIFIED]);

/** A thrown value as an outcome: a refusal when it carries a category, else the implementation broke. */
export function outcomeOf(e: unknown): Exclude<Outcome, { kind: 'plaintext' }> {
  const err = e as { category?: unknown; code?: unknown; message?: unknown; errorKind?: unknown };
  if (e instanceof TimeoutError) return { kind: 'errored', errorKind: 'timeout', message: e.message };
  if (typeof err.category === 'string' && CATEGORIES.has(err.category)) {
    return { kind: 'refused', category: err.category as ErrorCategory | typeof UNCLASSIFIED, code: String(err.code ?? err.category), message: String(err.message ?? '') };
  }
  // Adapter sessions say what broke; anything else an implementation throws is its own exception.
  return { kind: 'errored', errorKind: isErrorKind(err.errorKind) ? err.errorKind : 'exception', message: String(err.message ?? e) };
}

class TimeoutError extends Error {}
