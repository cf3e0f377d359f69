/**
 * Readers for single content-metadata values, shared by the envelope decoder. Each failure names
 * the mapkey and never echoes a value that might be key material.
 */
import { decodeBase64Strict } from '../base64.js';
import { fail } from '../errors.js';
import type { Description } from './envelope.js';
import { EXCLUSIVE_KEY_KEYS } from './keys.js';

export type MetadataMap = Readonly<Record<string, string>>;

/** Own-property lookup, so keys such as `constructor` never resolve through the prototype. */
export function field(meta: MetadataMap, key: string): string | undefined {
  return Object.hasOwn(meta, key) ? meta[key] : undefined;
}

export function has(meta: MetadataMap, key: string): boolean {
  return Object.hasOwn(meta, key);
}

export function requireField(meta: MetadataMap, key: string): string {
  const value = field(meta, key);
  if (value === undefined) fail('MALFORMED_METADATA', `required metadata key ${key} is missing`);
  return value;
}

/** Which of x-amz-key / x-amz-key-v2 / x-amz-3 are present (content-metadata.md "Determining S3EC Object Status"). */
export function presentExclusiveKeys(meta: MetadataMap): string[] {
  return EXCLUSIVE_KEY_KEYS.filter((key) => has(meta, key));
}

/** Fails when more than one exclusive key is present: the format would be ambiguous. */
export function assertSingleExclusiveKey(meta: MetadataMap): void {
  const present = presentExclusiveKeys(meta);
  if (present.length > 1) {
    fail('MALFORMED_METADATA', `conflicting exclusive metadata keys present: ${present.join(' and ')}`);
  }
}

/** Fails when any key of another format version is present (content-metadata.md: SHOULD throw). */
export function assertAbsent(meta: MetadataMap, keys: readonly string[], format: string): void {
  const present = keys.filter((key) => has(meta, key));
  if (present.length > 0) {
    fail('MALFORMED_METADATA', `${format} metadata must not contain ${present.join(', ')}`);
  }
}

/** A non-empty wrapped data key. */
export function encryptedKeyField(meta: MetadataMap, key: string): Uint8Array {
  const bytes = decodeBase64Strict(requireField(meta, key), key);
  if (bytes.length === 0) fail('MALFORMED_METADATA', `${key} is empty`);
  return bytes;
}

/** A binary value of an exact length: the V3 key commitment, or (through nonZeroField) an IV or message id. */
export function fixedLengthField(meta: MetadataMap, key: string, length: number): Uint8Array {
  const bytes = decodeBase64Strict(requireField(meta, key), key);
  if (bytes.length !== length) {
    fail('MALFORMED_METADATA', `${key} must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/**
 * An IV or message id of an exact length. All-zero values are refused: every writer draws them at
 * random, and a zero value is the signature of a broken or forged writer.
 */
export function nonZeroField(meta: MetadataMap, key: string, length: number): Uint8Array {
  const bytes = fixedLengthField(meta, key, length);
  if (bytes.every((b) => b === 0)) fail('MALFORMED_METADATA', `${key} is all zero bytes`);
  return bytes;
}

/**
 * A material description / encryption context: a JSON object of strings. Absent or empty means `{}`
 * (content-metadata.md "default value is the empty JSON map"; GO4 writes empty values, docs/format-notes.md §10).
 */
export function descriptionField(meta: MetadataMap, key: string): Description {
  const text = field(meta, key);
  if (text === undefined || text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return fail('MALFORMED_METADATA', `${key} is not valid JSON`, cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail('MALFORMED_METADATA', `${key} must be a JSON object`);
  }
  const entries = Object.entries(parsed);
  if (!entries.every(([, v]) => typeof v === 'string')) {
    fail('MALFORMED_METADATA', `${key} must map strings to strings`);
  }
  return Object.fromEntries(entries) as Description;
}

/**
 * `x-amz-unencrypted-content-length`: a non-negative decimal integer (docs/format-notes.md §1.3). Empty means
 * absent: Go S3EC v4 writes the key empty on V3 objects, and every other reader ignores it.
 */
export function lengthField(meta: MetadataMap, key: string): number | undefined {
  const text = field(meta, key);
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n)) {
    fail('MALFORMED_METADATA', `${key} must be a non-negative decimal integer`);
  }
  return n;
}
