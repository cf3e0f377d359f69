/**
 * The oracle: what an outcome of decryptObject means for a given seed and mutation.
 *
 * It does not ask the reference what the envelope says. It reads the authenticated fields of the
 * mutated input itself (a small independent reader: lower-cased keys, no `x-amz-meta-` prefix,
 * the instruction file over the object's metadata; only RFC 2047 decoding is borrowed) and
 * compares them with the seed's. A GCM
 * object that decrypts although one of them differs was accepted with tampering, even when the
 * plaintext happens to be right (the kms+context → kms downgrade returns the right plaintext).
 */
import { decodeS3MetadataValue, ERROR_CODES, isS3EncryptionError, type ErrorCode } from '@s3cse/reference';
import { BINARY_KEYS, sameContext } from './candidate.js';
import type { Candidate } from './candidate.js';
import { admits, type ReadConfig } from './mutations.js';
import type { FuzzSeed } from './seeds.js';

export const OUTCOME_CLASSES = ['correct', 'typed', 'cbc-unauthenticated', 'untyped', 'hang', 'accepted-tampering', 'valid-refused'] as const;
export type OutcomeClass = (typeof OUTCOME_CLASSES)[number];
/** Classes that fail a run. */
export const BAD_CLASSES: ReadonlySet<OutcomeClass> = new Set(['untyped', 'hang', 'accepted-tampering', 'valid-refused']);

export type Result = { ok: true; plaintext: Buffer; contentLength: number | undefined } | { ok: false; error: unknown };

export interface Verdict {
  readonly cls: OutcomeClass;
  /** Error code (typed, valid-refused), error type (untyped) or the reason tampering was accepted. */
  readonly detail: string;
}

const ALGORITHM_KEYS = ['x-amz-cek-alg', 'x-amz-wrap-alg', 'x-amz-c', 'x-amz-w'];
const CONTEXT_KEYS = ['x-amz-matdesc', 'x-amz-t'];
const V3_OBJECT_ONLY = ['x-amz-c', 'x-amz-d', 'x-amz-i'];
const UNREADABLE = { unreadable: 'yes' };

const JSON_VALUED = new Set(['x-amz-matdesc', 'x-amz-m', 'x-amz-t']);

/**
 * S3 returns non-ASCII values of the JSON-valued keys RFC 2047 encoded, and readers decode them
 * (metadata-strategy.md). Charsets, Q/B words and S3's Latin-1 detour are the reference's own
 * tested decoder's business (metadata-rfc2047.test.ts); the oracle reuses it for these keys only,
 * so an encoded spelling of the same context counts as the same context. A value it refuses
 * leaves the map unreadable.
 */
function metadataValue(name: string, value: string): string | undefined {
  if (!JSON_VALUED.has(name)) return value;
  try {
    return decodeS3MetadataValue(value);
  } catch {
    return undefined;
  }
}

/** Lower-cased, unprefixed, decoded map; `undefined` when a reader must refuse it outright (non-strings, conflicts, null). */
function flatten(raw: unknown, stripPrefix: boolean): Map<string, string> | undefined {
  // A number or string has no own string-keyed entries worth reading: as good as empty metadata.
  if (raw === null || raw === undefined || Array.isArray(raw)) return undefined;
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const text = typeof value === 'number' && !stripPrefix && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== 'string') return undefined;
    const lower = key.toLowerCase();
    const name = stripPrefix && lower.startsWith('x-amz-meta-') ? lower.slice(11) : lower;
    const decoded = stripPrefix ? metadataValue(name, text) : text;
    if (decoded === undefined || (out.has(name) && out.get(name) !== decoded)) return undefined;
    out.set(name, decoded);
  }
  return out;
}

function canonicalContext(value: string | undefined): string {
  if (value === undefined || value === '') return '{}';
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    return JSON.stringify(Object.entries(parsed).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  } catch {
    return `invalid:${value}`;
  }
}

/** The values a reader authenticates, as canonical strings (binary as hex, contexts as sorted JSON). */
export function authenticatedView(seed: FuzzSeed, metadata: unknown, instructionFile: unknown): Record<string, string> {
  const object = flatten(metadata, true);
  if (!object) return UNREADABLE;
  let file: Map<string, string> | undefined;
  if (instructionFile !== undefined) {
    if (typeof instructionFile !== 'string') return UNREADABLE;
    try {
      file = flatten(JSON.parse(instructionFile), false);
    } catch {
      return UNREADABLE;
    }
    if (!file) return UNREADABLE;
  }
  const read = (key: string): string | undefined => (file && (file.has(key) || !V3_OBJECT_ONLY.includes(key)) ? file.get(key) : object.get(key));
  const view: Record<string, string> = {};
  for (const key of BINARY_KEYS) {
    const value = read(key);
    view[key] = value === undefined ? '-' : Buffer.from(value, 'base64').toString('hex');
  }
  for (const key of ALGORITHM_KEYS) view[key] = read(key) ?? '-';
  // Only KMS wraps authenticate the stored map (it is KMS's encryption context); raw keyrings ignore it.
  if (seed.wrap === 'kms' || seed.wrap === 'kms+context') {
    for (const key of CONTEXT_KEYS) view[key] = canonicalContext(read(key));
  }
  return view;
}

function changedFields(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]);
}

/**
 * Caller inputs a correct reader authenticates against, judged on the final state (two
 * mutations may cancel out): the keyring, and for KMS objects the encryption context.
 */
export function changedInputs(seed: FuzzSeed, candidate: Candidate): string[] {
  const inputs: string[] = [];
  if (candidate.keySet !== 'right' || candidate.keyKind !== seed.keyKind) inputs.push('keyring');
  if (seed.keyKind === 'kms' && !sameContext(candidate.callerContext, seed.callerContext)) inputs.push('encryption-context');
  return inputs;
}

function judgeError(error: unknown, validInput: boolean): Verdict {
  if (isS3EncryptionError(error) && Object.hasOwn(ERROR_CODES, error.code) && ERROR_CODES[error.code as ErrorCode] === error.category) {
    return { cls: validInput ? 'valid-refused' : 'typed', detail: error.code };
  }
  const name = error instanceof Error ? error.constructor.name : typeof error;
  return { cls: 'untyped', detail: name };
}

/** Wraps that bind the data key to the content algorithm (its id is GCM AAD or KMS context). */
const BINDING_WRAPS: ReadonlySet<string> = new Set(['AES/GCM', 'RSA-OAEP-SHA1', 'kms+context']);

/**
 * Read as CBC by the envelope's own words. A legacy wrap (AESWrap, kms, EncryptionOnly) does not
 * bind the content cipher, so with legacy reads on, a GCM object relabelled CBC is unauthenticated
 * by design, exactly as CVE-2020-8912 describes for the clients that wrote it.
 */
function readAsCbc(view: Record<string, string>): boolean {
  const cek = view['x-amz-cek-alg'] ?? '-';
  return view['x-amz-3'] === '-' && (cek === '-' || cek.startsWith('AES/CBC/'));
}

function judgeCbc(same: boolean, untouched: boolean, declaredOk: boolean): Verdict {
  if (!declaredOk) return { cls: 'accepted-tampering', detail: 'declared-length(cbc)' };
  if (same && untouched) return { cls: 'correct', detail: 'plaintext' };
  return { cls: 'cbc-unauthenticated', detail: same ? 'same-plaintext' : 'other-plaintext' };
}

/** Classifies one outcome; `originalView` is authenticatedView of the unmutated seed (computed once). */
export function judge(seed: FuzzSeed, candidate: Candidate, config: ReadConfig, result: Result, originalView: Record<string, string>): Verdict {
  if (!result.ok) return judgeError(result.error, candidate.neutral && admits(seed, config));
  const { plaintext, contentLength } = result;
  const declaredOk = contentLength === undefined || contentLength === plaintext.length;
  const same = plaintext.equals(seed.plaintext);
  const view = authenticatedView(seed, candidate.metadata, candidate.instructionFile);
  const changed = changedFields(originalView, view);
  const inputs = changedInputs(seed, candidate);
  if (seed.content === 'cbc' || (!BINDING_WRAPS.has(seed.wrap) && readAsCbc(view))) {
    return judgeCbc(same, changed.length === 0 && inputs.length === 0, declaredOk);
  }
  // Authenticated content: the worst finding first, a lying length last.
  if (!same) return { cls: 'accepted-tampering', detail: 'plaintext-differs' };
  if (changed.length > 0) return { cls: 'accepted-tampering', detail: `field:${changed.join('+')}` };
  if (inputs.length > 0) return { cls: 'accepted-tampering', detail: `input:${inputs.join('+')}` };
  if (!declaredOk) return { cls: 'accepted-tampering', detail: 'declared-length(gcm)' };
  return { cls: 'correct', detail: 'plaintext' };
}
