/**
 * The mutation catalogue and the plan format shared by the property suite (fast-check picks the
 * numbers, and can shrink them) and the fuzz command (a seeded PRNG picks them). A plan is plain
 * data, so any input can be rebuilt from it: a seed index, the reader's settings, and steps.
 */
import { candidateFrom, type Candidate, type Mutation, type MutationContext } from './candidate.js';
import * as envelope from './mutate-envelope.js';
import * as fields from './mutate-fields.js';
import * as inputs from './mutate-inputs.js';
import type { FuzzSeed } from './seeds.js';

export const MUTATIONS = {
  'flip-body': inputs.flipBody,
  'flip-tag': inputs.flipTag,
  'truncate-body': inputs.truncateBody,
  'extend-body': inputs.extendBody,
  'swap-body': inputs.swapBody,
  'reshape-body': inputs.reshapeBody,
  'flip-field': fields.flipField,
  'resize-field': fields.resizeField,
  'delete-key': fields.deleteKey,
  'duplicate-key': fields.duplicateKey,
  'prefix-keys': fields.prefixKeys,
  'case-keys': fields.caseKeys,
  'garbage-value': fields.garbageValue,
  'add-key': fields.addKey,
  'json-garbage': fields.jsonGarbage,
  'context-edit': fields.contextEdit,
  rfc2047: fields.rfc2047,
  'length-value': fields.lengthValue,
  'swap-field': fields.swapField,
  'instr-garbage': envelope.instructionGarbage,
  'instr-drop': envelope.instructionDrop,
  'instr-smuggle': envelope.instructionSmuggle,
  'instr-reformat': envelope.instructionReformat,
  'instr-move': envelope.instructionMove,
  'instr-swap': envelope.instructionSwap,
  'wrap-downgrade': envelope.wrapDowngrade,
  'cek-downgrade': envelope.cekDowngrade,
  'kms-cbc-downgrade': envelope.kmsCbcDowngrade,
  'v3-to-v2': envelope.v3ToV2,
  'v2-to-v1': envelope.v2ToV1,
  'v2-to-v3': envelope.v2ToV3,
  'wrong-keyring': inputs.wrongKeyring,
  'caller-context': inputs.callerContext,
  'length-lie': inputs.lengthLie,
  'tiny-buffer': inputs.tinyBuffer,
  structural: inputs.structural,
} satisfies Record<string, Mutation>;

export type MutationKind = keyof typeof MUTATIONS;
export const MUTATION_KINDS = Object.keys(MUTATIONS) as MutationKind[];

/**
 * How often the fuzz command draws each kind (relative). Authenticated-field attacks and metadata
 * damage dominate; structural misuse is rare because every case of it is found within thousands.
 */
export const MUTATION_WEIGHTS: Readonly<Record<MutationKind, number>> = {
  'flip-body': 8,
  'flip-tag': 5,
  'truncate-body': 5,
  'extend-body': 4,
  'swap-body': 2,
  'reshape-body': 3,
  'flip-field': 10,
  'resize-field': 3,
  'delete-key': 6,
  'duplicate-key': 5,
  'prefix-keys': 2,
  'case-keys': 2,
  'garbage-value': 8,
  'add-key': 4,
  'json-garbage': 4,
  'context-edit': 4,
  rfc2047: 2,
  'length-value': 3,
  'swap-field': 5,
  'instr-garbage': 2,
  'instr-drop': 1,
  'instr-smuggle': 1,
  'instr-reformat': 2,
  'instr-move': 2,
  'instr-swap': 1,
  'wrap-downgrade': 5,
  'cek-downgrade': 4,
  'kms-cbc-downgrade': 2,
  'v3-to-v2': 2,
  'v2-to-v1': 1,
  'v2-to-v3': 1,
  'wrong-keyring': 2,
  'caller-context': 3,
  'length-lie': 2,
  'tiny-buffer': 1,
  structural: 0.3,
};

/** The reader's settings for one input. */
export interface ReadConfig {
  readonly policy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' | 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' | 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  readonly legacyContent: boolean;
  readonly legacyWrap: boolean;
  readonly delayed: boolean;
  /** Pass the body's length as the S3 Content-Length. */
  readonly giveLength: boolean;
}

export interface Step {
  readonly kind: MutationKind;
  readonly a: number;
  readonly b: number;
}

export interface Plan {
  readonly seedIndex: number;
  readonly config: ReadConfig;
  readonly steps: readonly Step[];
}

/** Would these settings read the unmutated seed? (Then a neutral mutation must not break it.) */
export function admits(seed: FuzzSeed, config: ReadConfig): boolean {
  if (seed.content === 'cbc' && !config.legacyContent) return false;
  if (seed.legacyWrap && !config.legacyWrap) return false;
  return config.policy !== 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' || seed.content === 'gcm-committing';
}

/** Applies the plan's steps to a fresh copy of its seed. */
export function buildCandidate(corpus: readonly FuzzSeed[], plan: Plan): { seed: FuzzSeed; candidate: Candidate } {
  const seed = corpus[plan.seedIndex % corpus.length]!;
  const candidate = candidateFrom(seed);
  const ctx: MutationContext = { seed, corpus };
  for (const step of plan.steps) {
    const applied = MUTATIONS[step.kind](candidate, step.a >>> 0, step.b >>> 0, ctx);
    if (applied === undefined) continue;
    candidate.labels.push(applied.label);
    candidate.neutral &&= applied.neutral === true;
  }
  return { seed, candidate };
}
