/**
 * `--replay INDEX`: rebuilds one input from the run seed and the corpus file and runs it in this
 * thread, printing what it was and what happened. Binary values are shown by length only.
 */
import { fuzzKeyrings } from '../../testkit/fuzz/keys.js';
import { BAD_CLASSES } from '../../testkit/fuzz/oracle.js';
import { runPlan } from '../../testkit/fuzz/run-input.js';
import type { FuzzSeed } from '../../testkit/fuzz/seeds.js';
import { planFor, type PlanTables } from './plan.js';
import { configLabel } from './tally.js';

/** Algorithm names and lengths are worth reading; the rest (wrapped keys, IVs, JSON) by size. */
const SHOWN = /^(x-amz-meta-)?x-amz-(cek-alg|wrap-alg|tag-len|c|w|unencrypted-content-length)$/i;

function describeMap(map: unknown): string {
  if (typeof map !== 'object' || map === null) return `${map === null ? 'null' : typeof map} ${String(map).slice(0, 40)}`;
  return Object.entries(map)
    .map(([k, v]) => (typeof v === 'string' && SHOWN.test(k) && v.length <= 60 ? `${k}=${JSON.stringify(v)}` : `${k}=<${typeof v === 'string' ? `${v.length} chars` : typeof v}>`))
    .join(', ');
}

/** Runs one input; returns whether its outcome fails a run. */
export async function replay(corpus: readonly FuzzSeed[], tables: PlanTables, seed: number, index: number): Promise<boolean> {
  const plan = planFor(seed, index, tables);
  const outcome = await runPlan(corpus, plan, fuzzKeyrings());
  const { candidate, verdict } = outcome;
  const lines = [
    `input ${index} (seed ${seed}): seed object ${outcome.seed.id}, ${configLabel(plan)}`,
    `  steps:     ${plan.steps.map((s) => `${s.kind}(a=${s.a}, b=${s.b})`).join(', ') || '(none)'}`,
    `  applied:   ${candidate.labels.join(', ') || '(none)'}${candidate.neutral ? ' (all neutral)' : ''}`,
    `  keyring:   ${candidate.keySet} ${candidate.keyKind}; caller context ${JSON.stringify(candidate.callerContext)}`,
    `  metadata:  ${describeMap(candidate.metadata)}`,
    `  file:      ${typeof candidate.instructionFile === 'string' ? `${candidate.instructionFile.length} chars` : String(candidate.instructionFile)}`,
    `  body:      ${Buffer.isBuffer(candidate.body) ? `${candidate.body.length} bytes as ${candidate.bodyForm}` : typeof candidate.body}`,
    `  outcome:   ${verdict.cls} (${verdict.detail})${outcome.known ? `, known bug ${outcome.known}` : ''}`,
  ];
  const { returned } = outcome;
  if (returned) lines.push(`  returned:  ${returned.bytes} plaintext bytes (the seed's: ${outcome.seed.plaintext.length}), contentLength ${returned.contentLength}`);
  if (outcome.error !== undefined && verdict.cls === 'untyped') lines.push(String(outcome.error instanceof Error ? outcome.error.stack : outcome.error));
  console.log(lines.join('\n'));
  return BAD_CLASSES.has(verdict.cls);
}
