/**
 * In harness/targets (the leaf) so the targets' own command lines can use it too.
 * A run that asks for something that cannot be: an unknown suite, adapter or target, or options
 * that contradict each other. Thrown before anything starts; the command line prints it as a
 * usage error (exit 2), naming the flag.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError;
}

/** `; did you mean X?` for the known name closest to a mistyped one, or '' when none is close. */
export function didYouMean(value: string, known: readonly string[]): string {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(value.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  // Close enough to be a typo: a third of the length, as commander judges command names.
  return best && best.distance <= Math.max(1, Math.floor(best.name.length / 3)) ? `; did you mean ${best.name}?` : '';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
