/**
 * The shape of the negative catalogue: each named tampering says which source objects it applies
 * to, the ops it makes of one, and the refusal the specification prescribes. Ops may use two
 * placeholders the generator resolves per source (resolve.ts): `target: "envelope"` (wherever the
 * source stores that key) and the key `$wrapped-key` (x-amz-key, x-amz-key-v2 or x-amz-3).
 */
import type { SpecLine } from '../spec-lines.js';
import type { Content, Format, Source, Storage } from './sources.js';

export type Area = 'bit-flips' | 'truncation' | 'downgrades' | 'envelope' | 'instruction-file' | 'encryption-context' | 'malformed' | 'bleichenbacher';

export interface Expected {
  readonly category: 'security' | 'format' | 'config' | 'unsupported' | 'service';
  readonly stage: 'metadata' | 'instruction-file' | 'policy' | 'key-unwrap' | 'encryption-context' | 'commitment' | 'content';
}

export type Op = Readonly<Record<string, unknown>> & { readonly op: string };

export interface Applies {
  readonly formats?: readonly Format[];
  readonly wraps?: readonly string[];
  readonly storages?: readonly Storage[];
  readonly contents?: readonly Content[];
  readonly minSize?: number;
}

/** One case a tampering makes of one source. */
export interface Variant {
  /** Appended to the tampering's name in the case id. */
  readonly suffix?: string;
  /** Added to the tampering's description. */
  readonly detail?: string;
  readonly ops: readonly Op[];
  readonly expect: Expected;
  /** Added to the source's features... */
  readonly features?: readonly string[];
  /** ...or in place of them, when the tampering makes another kind of object. */
  readonly replacesFeatures?: readonly string[];
  readonly flags?: readonly string[];
  /** Requirement lines this variant checks besides the tampering's. */
  readonly lines?: readonly SpecLine[];
}

export interface Tampering {
  readonly name: string;
  readonly area: Area;
  /** A statement of what the tampering does (no modal verbs). */
  readonly description: string;
  readonly flags: readonly string[];
  /** The requirement lines every case of the tampering checks, or those of one source. */
  readonly lines: readonly SpecLine[] | ((s: Source) => readonly SpecLine[]);
  readonly applies: Applies;
  /**
   * Which sources are used: per format × wrap × storage, `perGroup` producers taken in turn for
   * each variant (`rotate`, the default), or every producer's (`group`).
   */
  readonly scope?: 'group' | 'rotate';
  /** Producers per variant and format × wrap × storage, for `rotate` (1 when absent). */
  readonly perGroup?: number;
  /** Consecutive variants made from one source, for `rotate` (pairs that compare two refusals). */
  readonly together?: number;
  /** Sources this tampering is best shown on, chosen over the others of their group when there are any. */
  readonly prefer?: (s: Source) => boolean;
  /** Preferred plaintext sizes of the source, best first. */
  readonly sizes?: readonly number[];
  /** Static ops and their expected refusal... */
  readonly ops?: readonly Op[];
  readonly expect?: Expected | ((s: Source) => Expected);
  /** ...or variants computed from the source (undefined: the source does not fit). */
  readonly build?: (s: Source, others: readonly Source[]) => readonly Variant[] | undefined;
}

export const refuse = (category: Expected['category'], stage: Expected['stage']): Expected => ({ category, stage });

export function applies(t: Tampering, s: Source): boolean {
  const a = t.applies;
  return (
    (!a.formats || a.formats.includes(s.format)) &&
    (!a.wraps || a.wraps.includes(s.wrap)) &&
    (!a.storages || a.storages.includes(s.storage)) &&
    (!a.contents || a.contents.includes(s.content)) &&
    (a.minSize === undefined || s.size >= a.minSize)
  );
}
