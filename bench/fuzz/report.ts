/**
 * The fuzz command's final report: one table of outcome classes, typed refusals by code, every
 * bad outcome by detail and known bug, the mutations that reach them, and replayable examples.
 */
import { KNOWN_BUGS } from '../../testkit/fuzz/known-bugs.js';
import { BAD_CLASSES, OUTCOME_CLASSES, type OutcomeClass } from '../../testkit/fuzz/oracle.js';
import type { PoolResult } from './pool.js';
import type { Example, Tally } from './tally.js';

const CLASS_NAMES: Record<OutcomeClass, string> = {
  correct: 'correct plaintext',
  typed: 'typed error (S3EncryptionError)',
  'cbc-unauthenticated': 'cbc-unauthenticated (by design)',
  untyped: 'untyped exception',
  hang: 'hang',
  'accepted-tampering': 'accepted tampering',
  'valid-refused': 'valid object refused',
};

const num = (n: number): string => n.toLocaleString('en-US');
const pct = (n: number, total: number): string => (total === 0 ? '-' : `${((100 * n) / total).toFixed(3)} %`);

function rows(map: Record<string, number>, total: number, indent = '  '): string[] {
  return Object.entries(map)
    .sort(([, x], [, y]) => y - x)
    .map(([key, n]) => `${indent}${num(n).padStart(12)}  ${pct(n, total).padStart(9)}  ${key}`);
}

export interface RunFacts {
  readonly seconds: number;
  /** CPU time of the whole process (all threads): what the run costs on a machine shared with others. */
  readonly cpuSeconds: number;
  readonly workers: number;
  /** Prefix of the replay command (everything but the index). */
  readonly replay: string;
}

function classTable(tally: Tally, escaped: number, facts: RunFacts): string[] {
  const lines = ['', 'outcome class                          count      share   fails the run'];
  for (const cls of OUTCOME_CLASSES) {
    const n = tally.classes[cls] ?? 0;
    lines.push(`  ${CLASS_NAMES[cls].padEnd(33)}${num(n).padStart(12)}  ${pct(n, tally.inputs).padStart(9)}   ${BAD_CLASSES.has(cls) ? 'yes' : 'no'}`);
  }
  lines.push(`  ${'untyped, escaped the call'.padEnd(33)}${num(escaped).padStart(12)}  ${''.padStart(9)}   yes`);
  const rate = tally.inputs / facts.seconds;
  lines.push(`  ${'total'.padEnd(33)}${num(tally.inputs).padStart(12)}  in ${facts.seconds.toFixed(1)} s, ${num(Math.round(rate))} inputs/s with ${facts.workers} worker(s)`);
  const cpuPerInput = (facts.cpuSeconds * 1e6) / Math.max(1, tally.inputs);
  lines.push(`  cpu: ${facts.cpuSeconds.toFixed(1)} s over all threads, ${cpuPerInput.toFixed(0)} µs per input, ${num(Math.round(1e6 / cpuPerInput))} inputs per cpu-second`);
  lines.push(`  slowest single input: ${tally.slowestMs.toFixed(1)} ms`);
  return lines;
}

function exampleLines(example: Example, replay: string): string[] {
  const lines = [
    `  [${example.cls} | ${example.detail} | ${example.known}] input ${example.index}: seed object ${example.seed}, ${example.config}`,
    `      mutations: ${example.labels.length === 0 ? '(none)' : example.labels.join(', ')}`,
    `      replay: ${replay} ${example.index}`,
  ];
  if (example.stack)
    lines.push(
      ...example.stack
        .split('\n')
        .slice(0, 8)
        .map((l) => `      | ${l}`),
    );
  return lines;
}

export function formatReport({ tally, escaped }: PoolResult, facts: RunFacts): string {
  const lines = classTable(tally, escaped.length, facts);
  lines.push('', 'typed errors by code:', ...rows(tally.codes, tally.inputs));
  lines.push('', 'cbc-unauthenticated (by design) by result | mutations:', ...rows(tally.cbc, tally.inputs).slice(0, 12));
  lines.push('', 'bad outcomes by class | detail | known bug:', ...(rows(tally.bad, tally.inputs).length ? rows(tally.bad, tally.inputs) : ['  none']));
  const byMutation = rows(tally.badByMutation, tally.inputs);
  lines.push('', 'bad outcomes by class | known bug | mutations (top 25):', ...(byMutation.length ? byMutation.slice(0, 25) : ['  none']));
  lines.push('', 'known bugs (testkit/fuzz/known-bugs.ts):');
  for (const [bug, text] of Object.entries(KNOWN_BUGS)) lines.push(`  ${bug}: ${text}`);
  lines.push('', 'examples:', ...(tally.examples.length ? tally.examples.flatMap((e) => exampleLines(e, facts.replay)) : ['  none']));
  for (const e of escaped.slice(0, 5))
    lines.push(
      `  [escaped] input ${e.index}:`,
      ...e.stack
        .split('\n')
        .slice(0, 8)
        .map((l) => `      | ${l}`),
    );
  return lines.join('\n');
}
