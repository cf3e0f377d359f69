import { UNCLASSIFIED, type Outcome } from '../judge.js';
import { isOneOf, ERROR_CATEGORIES } from '../../protocol/vocabulary.js';
import { isObjectCallFailure } from './object-implementation.js';

/**
 * A put or get of an object implementation as the judge's outcome: a refusal keeps its category
 * (or is unclassified when the implementation names none the protocol knows), anything else broke.
 */
export async function settle(call: () => Promise<Uint8Array>): Promise<Outcome> {
  try {
    return { kind: 'plaintext', bytes: await call() };
  } catch (e) {
    return failureOutcome(e);
  }
}

export function failureOutcome(e: unknown): Exclude<Outcome, { kind: 'plaintext' }> {
  if (!isObjectCallFailure(e)) return { kind: 'errored', errorKind: 'exception', message: (e as Error)?.message ?? String(e) };
  if (e.kind === 'errored') return { kind: 'errored', errorKind: e.errorKind ?? 'exception', message: e.message };
  if (e.kind === 'unsupported') return { kind: 'unsupported', reason: e.message };
  return { kind: 'refused', category: isOneOf(ERROR_CATEGORIES, e.category) ? e.category : UNCLASSIFIED, code: e.category || 'unknown', message: e.message };
}
