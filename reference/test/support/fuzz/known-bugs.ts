/**
 * Outcomes that match a weakness already filed in issue 10 and being fixed elsewhere. The fuzz
 * command tags them so a report says which known bug each bad outcome is; the property suite
 * skips only these (and counts them) until the fixes land. Delete an entry once its fix is in:
 * the suite then guards that fix.
 */
import type { Candidate } from './candidate.js';
import { authenticatedView, type Verdict } from './oracle.js';
import type { FuzzSeed } from './seeds.js';

export const KNOWN_BUGS = {
  'a-kms-downgrade': 'issue 10 #1: kms+context → kms (legacy wrapping on) skips the encryption-context checks',
  'b-declared-length': 'issue 10 #3: the returned contentLength is the stored or caller-given one, never checked against the bytes',
  'c-metadata-not-object': 'issue 10 #6: metadata null/undefined throws an untyped TypeError',
  'd-body-not-object': 'found by this fuzzer, not yet filed (the class of issue 10 #6): body null/undefined throws an untyped TypeError',
} as const;

export type KnownBug = keyof typeof KNOWN_BUGS;

export function knownBug(seed: FuzzSeed, candidate: Candidate, verdict: Verdict): KnownBug | undefined {
  if (verdict.cls === 'untyped' && (candidate.metadata === null || candidate.metadata === undefined)) return 'c-metadata-not-object';
  if (verdict.cls === 'untyped' && (candidate.body === null || candidate.body === undefined)) return 'd-body-not-object';
  if (verdict.cls !== 'accepted-tampering') return undefined;
  if (verdict.detail.startsWith('declared-length')) return 'b-declared-length';
  const wrapNow = authenticatedView(seed, candidate.metadata, candidate.instructionFile)['x-amz-wrap-alg'];
  if (seed.wrap === 'kms+context' && wrapNow === 'kms') return 'a-kms-downgrade';
  // Legacy `kms` objects ignore the caller's context altogether: the same missing check.
  if (seed.wrap === 'kms' && verdict.detail === 'input:encryption-context') return 'a-kms-downgrade';
  return undefined;
}
