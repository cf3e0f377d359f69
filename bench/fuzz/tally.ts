/**
 * Counting outcomes: one Tally per worker batch, merged in the main thread. Plain JSON, so it
 * crosses the worker boundary by structured clone. Examples keep the first few inputs of each bad
 * class (per known bug or "NEW"), with what is needed to replay them and nothing secret: seed
 * names, settings, mutation labels and, for untyped exceptions, the stack.
 */
import type { Outcome } from '../../testkit/fuzz/run-input.js';
import type { Plan } from '../../testkit/fuzz/mutations.js';
import { BAD_CLASSES, OUTCOME_CLASSES, type OutcomeClass } from '../../testkit/fuzz/oracle.js';

export interface Example {
  readonly index: number;
  readonly cls: OutcomeClass;
  readonly detail: string;
  readonly known: string;
  readonly seed: string;
  readonly config: string;
  readonly labels: readonly string[];
  readonly stack?: string;
}

export interface Tally {
  inputs: number;
  classes: Record<string, number>;
  /** Typed refusals by error code. */
  codes: Record<string, number>;
  /** Bad outcomes by `class | detail | known bug or NEW`. */
  bad: Record<string, number>;
  /** Bad outcomes by `class | known | mutation kinds`: which mutations reach them. */
  badByMutation: Record<string, number>;
  cbc: Record<string, number>;
  examples: Example[];
  /** Slowest single input, to judge how far the hang timeout is from real work. */
  slowestMs: number;
}

export function emptyTally(): Tally {
  return { inputs: 0, classes: {}, codes: {}, bad: {}, badByMutation: {}, cbc: {}, examples: [], slowestMs: 0 };
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

export function configLabel(plan: Plan): string {
  const c = plan.config;
  const legacy = c.legacyContent && c.legacyWrap ? 'legacy-on' : c.legacyContent ? 'legacy-content' : c.legacyWrap ? 'legacy-wrap' : 'legacy-off';
  return `${c.policy} ${legacy}${c.delayed ? ' delayed-auth' : ''}${c.giveLength ? ' content-length' : ''}`;
}

function kindsOf(labels: readonly string[]): string {
  return labels.map((l) => l.split(':')[0]).join('+') || 'none';
}

/** Keeps up to `limit` examples per class, detail and known-bug tag. */
function keepExample(tally: Tally, example: Example, limit: number): void {
  const same = tally.examples.filter((e) => e.cls === example.cls && e.detail === example.detail && e.known === example.known).length;
  if (same < limit) tally.examples.push(example);
}

export function record(tally: Tally, index: number, plan: Plan, outcome: Outcome, limit: number): void {
  const { cls, detail } = outcome.verdict;
  tally.inputs++;
  bump(tally.classes, cls);
  if (cls === 'typed') bump(tally.codes, detail);
  if (cls === 'cbc-unauthenticated') bump(tally.cbc, `${detail} | ${kindsOf(outcome.candidate.labels)}`);
  if (!BAD_CLASSES.has(cls)) return;
  const known = outcome.known ?? 'NEW';
  bump(tally.bad, `${cls} | ${detail} | ${known}`);
  bump(tally.badByMutation, `${cls} | ${known} | ${kindsOf(outcome.candidate.labels)}`);
  const stack = cls === 'untyped' ? stackOf(outcome.error) : undefined;
  keepExample(tally, { index, cls, detail, known, seed: outcome.seed.id, config: configLabel(plan), labels: outcome.candidate.labels, ...(stack ? { stack } : {}) }, limit);
}

/** A hang has no outcome: the main thread records it from the plan alone. */
export function recordHang(tally: Tally, example: Omit<Example, 'cls' | 'detail' | 'known'>, limit: number): void {
  tally.inputs++;
  bump(tally.classes, 'hang');
  bump(tally.bad, 'hang | timeout | NEW');
  keepExample(tally, { ...example, cls: 'hang', detail: 'timeout', known: 'NEW' }, limit);
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? String(error)) : `thrown non-Error: ${typeof error} ${String(error)}`;
}

export function merge(into: Tally, from: Tally, limit: number): void {
  into.inputs += from.inputs;
  for (const key of ['classes', 'codes', 'bad', 'badByMutation', 'cbc'] as const) {
    for (const [k, v] of Object.entries(from[key])) bump(into[key], k, v);
  }
  for (const example of from.examples) keepExample(into, example, limit);
  into.slowestMs = Math.max(into.slowestMs, from.slowestMs);
}

export function badCount(tally: Tally, onlyNew = false): number {
  return Object.entries(tally.bad).reduce((sum, [key, n]) => sum + (onlyNew && !key.endsWith('| NEW') ? 0 : n), 0);
}

export { OUTCOME_CLASSES };
