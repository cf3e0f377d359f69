/**
 * The one judge: every suite (corpus, known answers, round trip, tamper, cross, range) turns what
 * it expected and what the implementation did into a result here, and nowhere else.
 *
 * Strictness: an expected refusal is satisfied only by a refusal of the expected category. A
 * refusal that names no category (AWS's own test servers have one error type for everything) is
 * its own result, `refused-unclassified`: the object was refused, but whether for the right
 * reason cannot be verified, so it is neither a pass nor a failure, and it is counted apart.
 */
import { sha256Hex as sha256, type ExpectData } from '../vectors/corpus.js';
import type { ErrorCategory } from '../protocol/vocabulary.js';
import type { ErrorKind } from './error-kind.js';

/** The category of a refusal from an implementation that does not classify its errors. */
export const UNCLASSIFIED = 'unclassified';

export type CaseStatus = 'pass' | 'fail' | 'refused-unclassified' | 'errored' | 'not-applicable';
export const CASE_STATUSES: readonly CaseStatus[] = ['pass', 'fail', 'refused-unclassified', 'errored', 'not-applicable'];

/** What an implementation did with one call. */
export type Outcome =
  | { readonly kind: 'plaintext'; readonly bytes: Uint8Array }
  | { readonly kind: 'refused'; readonly category: ErrorCategory | typeof UNCLASSIFIED; readonly code: string; readonly message: string }
  | { readonly kind: 'errored'; readonly errorKind: ErrorKind; readonly message: string }
  /** The implementation said it cannot be asked this at all: the case does not apply to it. */
  | { readonly kind: 'unsupported'; readonly reason: string };

/** What a case expects: these bytes, or a refusal (of one category, or of any when `category` is absent). */
export type Expected =
  | { readonly kind: 'plaintext'; readonly sha256: string; readonly length: number; readonly label?: string }
  | { readonly kind: 'refusal'; readonly category?: ErrorCategory; readonly stage?: string; readonly label?: string };

export interface Judgement {
  /** `not-applicable` only for a call the implementation skipped as unsupported. */
  readonly status: CaseStatus;
  readonly expected: string;
  readonly actual: string;
  /** Why, in words; never key material or plaintext. */
  readonly detail?: string;
  readonly errorKind?: ErrorKind;
}

export function describeExpected(e: Expected): string {
  if (e.label) return e.label;
  if (e.kind === 'plaintext') return `plaintext (${e.length} bytes)`;
  return e.category ? `error:${e.category}${e.stage ? ` at ${e.stage}` : ''}` : 'refused';
}

export function describeOutcome(o: Outcome): string {
  if (o.kind === 'plaintext') return `plaintext (${o.bytes.length} bytes)`;
  if (o.kind === 'refused') return `error:${o.category} (${o.code})`;
  if (o.kind === 'unsupported') return 'skipped: unsupported';
  return `errored:${o.errorKind}`;
}

export function judge(expected: Expected, outcome: Outcome): Judgement {
  const exp = describeExpected(expected);
  const actual = describeOutcome(outcome);
  if (outcome.kind === 'unsupported') return skipped(exp, outcome.reason);
  // Suites that carry only an error kind (suites/run.ts) pass a skip this way.
  if (outcome.kind === 'errored' && outcome.errorKind === 'unsupported') return skipped(exp, outcome.message);
  if (outcome.kind === 'errored') return { status: 'errored', expected: exp, actual, detail: outcome.message, errorKind: outcome.errorKind };
  if (expected.kind === 'refusal') {
    if (outcome.kind === 'plaintext') return { status: 'fail', expected: exp, actual: 'decrypted', detail: 'the object must be refused but was decrypted' };
    if (outcome.category === UNCLASSIFIED) return { status: 'refused-unclassified', expected: exp, actual, detail: 'refused without an error category: the reason cannot be verified' };
    if (expected.category === undefined || expected.category === outcome.category) return { status: 'pass', expected: exp, actual };
    return { status: 'fail', expected: exp, actual, ...messageDetail(outcome.message) };
  }
  if (outcome.kind === 'refused') return { status: 'fail', expected: exp, actual, ...messageDetail(outcome.message) };
  // On a pass the bytes are the expected ones, so they are described the same way.
  if (outcome.bytes.length === expected.length && sha256(outcome.bytes) === expected.sha256) return { status: 'pass', expected: exp, actual: exp };
  return { status: 'fail', expected: exp, actual: 'different plaintext', detail: `${outcome.bytes.length} bytes back, ${expected.length} expected` };
}

function skipped(expected: string, reason: string): Judgement {
  return { status: 'not-applicable', expected, actual: 'skipped: unsupported', detail: `skipped by the implementation: ${reason.slice(0, 300) || 'unsupported'}` };
}

/** The implementation's own words help whoever reads a failure (messages never carry keys). */
function messageDetail(message: string): { detail?: string } {
  return message ? { detail: message.slice(0, 300) } : {};
}

/** The expectation of exactly these bytes. */
export function expectBytes(bytes: Uint8Array, label?: string): Expected {
  return { kind: 'plaintext', sha256: sha256(bytes), length: bytes.length, ...(label ? { label } : {}) };
}

/** A case file's expectation (a digest, or an error category and stage) as the judge's. */
export function expectedFromData(e: ExpectData): Expected {
  if ('plaintext' in e) return { kind: 'plaintext', sha256: e.plaintext.sha256, length: e.plaintext.length };
  return { kind: 'refusal', category: e.error.category as ErrorCategory, stage: e.error.stage };
}
