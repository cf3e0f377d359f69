/**
 * A candidate input: a copy of a seed object plus the caller-side choices (keyring, encryption
 * context, lengths), which the mutations change in place. Fields are typed `unknown` on purpose:
 * the structural mutations put nulls, numbers and arrays where a JS caller could.
 */
import type { Description } from '@s3cse/reference';
import type { KeyKind } from './keys.js';
import type { FuzzSeed } from './seeds.js';

export type BodyForm = 'buffer' | 'chunks' | 'stream' | 'web' | 'blob';

export interface Candidate {
  body: unknown;
  metadata: unknown;
  instructionFile: unknown;
  callerContext: Description | undefined;
  keySet: 'right' | 'wrong';
  keyKind: KeyKind;
  /** When set, the S3 Content-Length the caller claims instead of the body's real length. */
  contentLength?: number;
  bufferSize?: number;
  /** How the body is handed over; chunked forms split it into `chunkSize`-byte pieces. */
  bodyForm: BodyForm;
  chunkSize: number;
  /** One label per applied mutation, e.g. `wrap-downgrade:kms+context→kms`. */
  readonly labels: string[];
  /** Every applied mutation keeps the object valid (key case, prefixes, re-encodings…). */
  neutral: boolean;
}

export function candidateFrom(seed: FuzzSeed): Candidate {
  return {
    body: Buffer.from(seed.body),
    metadata: { ...seed.metadata },
    instructionFile: seed.instructionFile,
    callerContext: seed.callerContext === undefined ? undefined : { ...seed.callerContext },
    keySet: 'right',
    keyKind: seed.keyKind,
    bodyForm: 'buffer',
    chunkSize: 0,
    labels: [],
    neutral: true,
  };
}

/** Where a mutation edits key/value pairs: the object metadata or the parsed instruction file. */
export interface Fields {
  readonly where: 'metadata' | 'instruction';
  readonly map: Record<string, unknown>;
  /** Writes the edited map back (the instruction file is re-serialised). */
  commit(): void;
}

const PREFIX = 'x-amz-meta-';

/** The mapkey a reader sees for a raw key: lower case, without the header prefix. */
export function canonicalKey(key: string, where: Fields['where']): string {
  const lower = key.toLowerCase();
  return where === 'metadata' && lower.startsWith(PREFIX) ? lower.slice(PREFIX.length) : lower;
}

export function metadataFields(c: Candidate): Fields | undefined {
  const map = c.metadata;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return undefined;
  return { where: 'metadata', map: map as Record<string, unknown>, commit: () => undefined };
}

/** Last parse per candidate: mutations look the file up many times, and JSON.parse dominated. */
const parsedFiles = new WeakMap<Candidate, { text: string; map: Record<string, unknown> | undefined }>();

function parseFile(c: Candidate, text: string): Record<string, unknown> | undefined {
  const cached = parsedFiles.get(c);
  if (cached?.text === text) return cached.map;
  let map: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    map = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    map = undefined;
  }
  parsedFiles.set(c, { text, map });
  return map;
}

export function instructionFields(c: Candidate): Fields | undefined {
  if (typeof c.instructionFile !== 'string') return undefined;
  const parsed = parseFile(c, c.instructionFile);
  if (!parsed) return undefined;
  // A copy: edits reach the file only through commit(), never through the cache.
  const map = { ...parsed };
  return { where: 'instruction', map, commit: () => (c.instructionFile = JSON.stringify(map)) };
}

/** The raw spelling of `name` in `fields`, if any spelling of it is there. */
export function rawKeyOf(fields: Fields, name: string): string | undefined {
  return Object.keys(fields.map).find((key) => canonicalKey(key, fields.where) === name);
}

/**
 * Where a reader would take `name` from: the instruction file when it holds it, else metadata.
 * `sources` lets a caller looking up several names read the candidate's containers once.
 */
export function fieldsHolding(c: Candidate, name: string, sources = [instructionFields(c), metadataFields(c)]): { fields: Fields; key: string } | undefined {
  for (const fields of sources) {
    const key = fields && rawKeyOf(fields, name);
    if (fields && key !== undefined) return { fields, key };
  }
  return undefined;
}

/** The envelope's home for new keys: the instruction file if there is a readable one. */
export function envelopeFields(c: Candidate): Fields | undefined {
  return instructionFields(c) ?? metadataFields(c);
}

/** Instruction file or metadata, chosen by `n`, falling back to whichever exists. */
export function someFields(c: Candidate, n: number): Fields | undefined {
  const file = instructionFields(c);
  const meta = metadataFields(c);
  return (n & 1) === 1 ? (file ?? meta) : (meta ?? file);
}

/** Deterministic filler bytes (mutations must be reproducible from their numbers alone). */
export function fillerBytes(length: number, n: number): Buffer {
  const bytes = Buffer.alloc(length);
  let x = (n | 0) ^ 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) ^ i;
    bytes[i] = (x >>> 24) & 0xff;
  }
  return bytes;
}

export interface MutationContext {
  readonly seed: FuzzSeed;
  readonly corpus: readonly FuzzSeed[];
}

/** What a mutation did: a label for reports, and whether the object stays valid. */
export interface Applied {
  readonly label: string;
  readonly neutral?: boolean;
}

/** Edits `c` in place from two numbers; undefined when it does not apply to this candidate. */
export type Mutation = (c: Candidate, a: number, b: number, ctx: MutationContext) => Applied | undefined;

/** Keys holding base64 binary values, all covered by authentication in V2/V3 GCM objects. */
export const BINARY_KEYS = ['x-amz-key', 'x-amz-key-v2', 'x-amz-3', 'x-amz-iv', 'x-amz-i', 'x-amz-d'] as const;
/** JSON-valued keys (material description / encryption context). */
export const JSON_KEYS = ['x-amz-matdesc', 'x-amz-m', 'x-amz-t'] as const;

const RESERVED_CONTEXT_KEYS = ['aws:x-amz-cek-alg', 'kms_cmk_id'];

/** Equal as a KMS keyring compares a caller's context with the stored one: reserved keys aside. */
export function sameContext(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const canonical = (m: Record<string, string> | undefined): string =>
    JSON.stringify(
      Object.entries(m ?? {})
        .filter(([k]) => !RESERVED_CONTEXT_KEYS.includes(k))
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
    );
  return canonical(a) === canonical(b);
}
