/**
 * Input number → plan, deterministically: a PRNG seeded by (run seed, input index) picks the seed
 * object, the reader's settings and 0-3 mutations. Any input is rebuilt from its seed and index
 * alone, in any worker, so a reproducer is two numbers (and the corpus file).
 */
import { MUTATION_KINDS, MUTATION_WEIGHTS, type MutationKind, type Plan, type ReadConfig, type Step } from '../../testkit/fuzz/mutations.js';
import type { FuzzSeed } from '../../testkit/fuzz/seeds.js';

export type Rng = () => number;

/** splitmix32 finaliser: decorrelates neighbouring indices before they seed the generator. */
function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32 (Chris Doty-Humphrey): small, fast, and good enough for choosing mutations. */
export function rngFor(seed: number, index: number): Rng {
  let a = mix(seed);
  let b = mix(index % 0x100000000);
  let c = mix(a ^ b ^ Math.floor(index / 0x100000000));
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** Picks an index by weight from a cumulative table. */
function weighted(cumulative: readonly number[], rng: Rng): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const x = (rng() / 0x100000000) * total;
  const at = cumulative.findIndex((c) => x < c);
  return at < 0 ? cumulative.length - 1 : at;
}

function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

export interface PlanTables {
  readonly seeds: number[];
  readonly kinds: number[];
}

/**
 * RSA seeds are drawn rarely (a private-key operation costs about a millisecond, fifty times an
 * AES input); KMS ones at about a third of the rate of AES (the in-process KMS is AES-GCM plus SDK command objects).
 */
export function planTables(corpus: readonly FuzzSeed[], rsaWeight: number): PlanTables {
  const seedWeight = (s: FuzzSeed): number => (s.keyKind === 'rsa' ? rsaWeight : s.keyKind === 'kms' ? 0.35 : 1);
  return { seeds: cumulate(corpus.map(seedWeight)), kinds: cumulate(MUTATION_KINDS.map((k) => MUTATION_WEIGHTS[k])) };
}

const chance = (rng: Rng, p: number): boolean => rng() / 0x100000000 < p;

function readConfig(rng: Rng): ReadConfig {
  const p = rng() % 100;
  const policy = p < 60 ? 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' : p < 80 ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  const l = rng() % 100;
  // Both switches on is where the downgrades live, so it gets the largest share.
  const [legacyContent, legacyWrap] = l < 45 ? [true, true] : l < 80 ? [false, false] : l < 90 ? [false, true] : [true, false];
  return { policy, legacyContent, legacyWrap, delayed: chance(rng, 0.25), giveLength: chance(rng, 0.5) };
}

function stepCount(rng: Rng): number {
  const n = rng() % 100;
  return n < 2 ? 0 : n < 60 ? 1 : n < 88 ? 2 : 3;
}

export function planFor(seed: number, index: number, tables: PlanTables): Plan {
  const rng = rngFor(seed, index);
  const seedIndex = weighted(tables.seeds, rng);
  const config = readConfig(rng);
  const steps: Step[] = [];
  for (let i = stepCount(rng); i > 0; i--) {
    const kind: MutationKind = MUTATION_KINDS[weighted(tables.kinds, rng)]!;
    steps.push({ kind, a: rng(), b: rng() });
  }
  return { seedIndex, config, steps };
}
