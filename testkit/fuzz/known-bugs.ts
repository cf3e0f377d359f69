/**
 * Outcomes that match a weakness already filed and not yet fixed. The fuzz command tags them so a
 * report says which known bug each bad outcome is; the property suite skips only these (and
 * counts them). Add an entry when a bug is filed, delete it once its fix is in: the suite then
 * guards that fix.
 *
 * None is open: the four issue 10 found (the kms+context → kms downgrade, unchecked declared
 * lengths, `metadata: null`, `body: null`) are fixed, and every such outcome now fails.
 */
import type { Candidate } from './candidate.js';
import type { Verdict } from './oracle.js';
import type { FuzzSeed } from './seeds.js';

export interface KnownBugEntry {
  readonly description: string;
  matches(seed: FuzzSeed, candidate: Candidate, verdict: Verdict): boolean;
}

export const KNOWN_BUGS: Readonly<Record<string, KnownBugEntry>> = {};

export type KnownBug = string;

export function knownBug(seed: FuzzSeed, candidate: Candidate, verdict: Verdict): KnownBug | undefined {
  return Object.entries(KNOWN_BUGS).find(([, bug]) => bug.matches(seed, candidate, verdict))?.[0];
}
