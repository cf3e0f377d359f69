/**
 * Mutations of single metadata / instruction-file entries: bit flips and length changes of the
 * binary fields, deletions, case-variant duplicates, garbage values, foreign keys, JSON garbage,
 * context edits, S3's RFC 2047 re-encoding, and swaps of one field from another seed object.
 */
import {
  BINARY_KEYS,
  JSON_KEYS,
  canonicalKey,
  envelopeFields,
  fieldsHolding,
  fillerBytes,
  instructionFields,
  metadataFields,
  rawKeyOf,
  someFields,
  type Applied,
  type Candidate,
  type Fields,
  type Mutation,
} from './candidate.js';
import { ENVELOPE_KEYS, GARBAGE_VALUES, JSON_GARBAGE, pick } from './values.js';

/** The first of `names` (rotated by n) that the candidate carries, with where it lives. */
function holdingOneOf(c: Candidate, names: readonly string[], n: number): { fields: Fields; key: string; name: string } | undefined {
  const sources = [instructionFields(c), metadataFields(c)];
  for (let i = 0; i < names.length; i++) {
    const name = pick(names, n + i);
    const found = fieldsHolding(c, name, sources);
    if (found) return { ...found, name };
  }
  return undefined;
}

function decoded(value: unknown): Buffer | undefined {
  return typeof value === 'string' && value !== '' ? Buffer.from(value, 'base64') : undefined;
}

export const flipField: Mutation = (c, a, b) => {
  const at = holdingOneOf(c, BINARY_KEYS, a);
  const bytes = at && decoded(at.fields.map[at.key]);
  if (!at || !bytes || bytes.length === 0) return undefined;
  const bit = b % (bytes.length * 8);
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  at.fields.map[at.key] = bytes.toString('base64');
  at.fields.commit();
  return { label: `flip-field:${at.name}` };
};

export const resizeField: Mutation = (c, a, b) => {
  const at = holdingOneOf(c, BINARY_KEYS, a);
  const bytes = at && decoded(at.fields.map[at.key]);
  if (!at || !bytes) return undefined;
  const variants = [bytes.subarray(0, -1), Buffer.concat([bytes, fillerBytes(1, b)]), bytes.subarray(1), Buffer.concat([bytes, bytes]), Buffer.alloc(0)];
  const how = b % variants.length;
  at.fields.map[at.key] = variants[how]!.toString('base64');
  at.fields.commit();
  return { label: `resize-field:${at.name}:${['drop-last', 'append', 'drop-first', 'double', 'empty'][how]}` };
};

export const deleteKey: Mutation = (c, a) => {
  const fields = someFields(c, a);
  const keys = fields ? Object.keys(fields.map) : [];
  if (!fields || keys.length === 0) return undefined;
  const key = pick(keys, a >>> 1);
  delete fields.map[key];
  fields.commit();
  return { label: `delete-key:${canonicalKey(key, fields.where)}` };
};

const SPELLINGS = [(k: string) => k.toUpperCase(), (k: string) => k.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()), (k: string) => `x-amz-meta-${k}`];

/** Adds a second spelling of a key: with the same value S3EC readers must accept it, with another they must refuse it. */
export const duplicateKey: Mutation = (c, a, b) => {
  const fields = someFields(c, a);
  const keys = fields ? Object.keys(fields.map) : [];
  if (!fields || keys.length === 0) return undefined;
  const key = pick(keys, a >>> 1);
  const spelling = pick(SPELLINGS, b)(key);
  if (spelling === key || (fields.where === 'instruction' && spelling.startsWith('x-amz-meta-'))) return undefined;
  const same = ((b >>> 2) & 1) === 0;
  fields.map[spelling] = same ? fields.map[key] : pick(GARBAGE_VALUES, b >>> 3);
  fields.commit();
  return { label: `duplicate-key:${canonicalKey(key, fields.where)}:${same ? 'same' : 'different'}`, neutral: same };
};

/** Renames keys as the HTTP headers spell them (`x-amz-meta-` prefix), which readers must strip. */
export const prefixKeys: Mutation = (c, a) => {
  const fields = metadataFields(c);
  if (!fields) return undefined;
  const all = (a & 1) === 0;
  // S3 sends one prefix; a reader strips exactly one, so a second one would change the key.
  const keys = Object.keys(fields.map).filter((k) => !k.toLowerCase().startsWith('x-amz-meta-'));
  if (keys.length === 0) return undefined;
  for (const key of all ? keys : keys.slice(0, 1)) {
    const value = fields.map[key];
    delete fields.map[key];
    fields.map[`X-Amz-Meta-${key}`] = value;
  }
  return { label: `prefix-keys:${all ? 'all' : 'one'}`, neutral: true };
};

/** S3 keys are case-insensitive (Go writes `X-Amz-Key-V2`). */
export const caseKeys: Mutation = (c, a) => {
  const fields = someFields(c, a);
  if (!fields) return undefined;
  for (const key of Object.keys(fields.map)) {
    const value = fields.map[key];
    delete fields.map[key];
    fields.map[(a >>> 1) % 2 === 0 ? key.toUpperCase() : pick(SPELLINGS, 1)(key)] = value;
  }
  fields.commit();
  return { label: `case-keys:${fields.where}`, neutral: true };
};

export const garbageValue: Mutation = (c, a, b) => {
  const fields = someFields(c, a);
  const keys = fields ? Object.keys(fields.map) : [];
  if (!fields || keys.length === 0) return undefined;
  const key = pick(keys, a >>> 1);
  fields.map[key] = pick(GARBAGE_VALUES, b);
  fields.commit();
  return { label: `garbage-value:${canonicalKey(key, fields.where)}` };
};

/** A key the envelope should not have (another format's, a conflicting wrapped key, prototype names). */
export const addKey: Mutation = (c, a, b) => {
  const fields = (b & 1) === 0 ? envelopeFields(c) : metadataFields(c);
  if (!fields) return undefined;
  const key = pick(ENVELOPE_KEYS, a);
  const donors = Object.values(fields.map).filter((v) => typeof v === 'string');
  fields.map[key] = (b >>> 1) % 3 === 0 && donors.length > 0 ? pick(donors, b >>> 3) : pick(GARBAGE_VALUES, b >>> 3);
  fields.commit();
  return { label: `add-key:${key}:${fields.where}` };
};

export const jsonGarbage: Mutation = (c, a, b) => {
  const at = holdingOneOf(c, JSON_KEYS, a);
  const fields = at?.fields ?? envelopeFields(c);
  if (!fields) return undefined;
  const key = at?.key ?? 'x-amz-matdesc';
  fields.map[key] = pick(JSON_GARBAGE, b);
  fields.commit();
  return { label: `json-garbage:${canonicalKey(key, fields.where)}` };
};

const CONTEXT_EDITS = ['change-value', 'add-entry', 'drop-cek-alg', 'other-cek-alg', 'drop-entry', 'reorder'] as const;

/** Edits the stored map as JSON: authenticated for KMS wraps, free text for raw keyrings. */
export const contextEdit: Mutation = (c, a, b) => {
  const at = holdingOneOf(c, JSON_KEYS, a);
  if (!at || typeof at.fields.map[at.key] !== 'string') return undefined;
  let map: Record<string, unknown>;
  try {
    map = JSON.parse(at.fields.map[at.key] as string) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return undefined;
  const edit = pick(CONTEXT_EDITS, b);
  const keys = Object.keys(map);
  if (edit === 'change-value' && keys.length > 0) map[pick(keys, b >>> 3)] = 'tampered';
  if (edit === 'add-entry') map['injected'] = 'x';
  if (edit === 'drop-cek-alg') delete map['aws:x-amz-cek-alg'];
  if (edit === 'other-cek-alg') map['aws:x-amz-cek-alg'] = pick(['AES/CBC/PKCS5Padding', 'AES/GCM/NoPadding', '115'], b >>> 3);
  if (edit === 'drop-entry' && keys.length > 0) delete map[pick(keys, b >>> 3)];
  const entries = Object.entries(map);
  at.fields.map[at.key] = JSON.stringify(Object.fromEntries(edit === 'reorder' ? entries.reverse() : entries));
  at.fields.commit();
  // A reorder keeps the map's meaning, but a second spelling of the same key now holds other text:
  // readers refuse duplicates whose values differ (they cannot tell which one S3 meant).
  const canonical = canonicalKey(at.key, at.fields.where);
  const hasTwin = Object.keys(at.fields.map).some((k) => k !== at.key && canonicalKey(k, at.fields.where) === canonical);
  return { label: `context-edit:${at.name}:${edit}`, neutral: edit === 'reorder' && !hasTwin };
};

/** What S3 returns for a non-ASCII value: RFC 2047 encoded words, here of an ASCII value (readers must decode either). */
export const rfc2047: Mutation = (c, a, b) => {
  const fields = metadataFields(c);
  const name = JSON_KEYS.find((k, i) => i >= a % JSON_KEYS.length && fields && rawKeyOf(fields, k)) ?? JSON_KEYS.find((k) => fields && rawKeyOf(fields, k));
  const key = fields && name && rawKeyOf(fields, name);
  const value = key === undefined ? undefined : fields?.map[key];
  // Only plain values: S3 encodes once, and a reader decodes once.
  if (!fields || key === undefined || typeof value !== 'string' || value.length === 0 || value.includes('=?')) return undefined;
  const split = (b & 1) === 1 && value.length > 1 ? [value.slice(0, value.length >> 1), value.slice(value.length >> 1)] : [value];
  fields.map[key] = split.map((part) => `=?UTF-8?B?${Buffer.from(part, 'utf8').toString('base64')}?=`).join(' ');
  return { label: `rfc2047:${name}:${split.length}-words`, neutral: true };
};

/** The plaintext length is unauthenticated metadata; a reader must not believe it over the bytes. */
export const lengthValue: Mutation = (c, a, b) => {
  const fields = metadataFields(c);
  if (!fields) return undefined;
  const key = rawKeyOf(fields, 'x-amz-unencrypted-content-length') ?? 'x-amz-unencrypted-content-length';
  const current = Number(fields.map[key] ?? 0) || 0;
  const options = [String(current + 1 + (b % 16)), String(Math.max(0, current - 1 - (b % 16))), '0', '99999999999', '', '-1', '1.5', '0x10'];
  fields.map[key] = pick(options, a);
  return { label: `length-value:${pick(['longer', 'shorter', 'zero', 'huge', 'empty', 'negative', 'fraction', 'hex'], a)}` };
};

const SWAPPABLE = [...BINARY_KEYS, ...JSON_KEYS, 'x-amz-wrap-alg', 'x-amz-cek-alg', 'x-amz-w', 'x-amz-c', 'x-amz-tag-len', 'x-amz-unencrypted-content-length'];

/** One field copied from another seed object (a valid value, just not this object's). */
export const swapField: Mutation = (c, a, b, ctx): Applied | undefined => {
  const donor = pick(ctx.corpus, b);
  const name = pick(SWAPPABLE, a);
  const fromFile = donor.instructionFile === undefined ? undefined : (JSON.parse(donor.instructionFile) as Record<string, string>)[name];
  const value = fromFile ?? donor.metadata[name];
  const target = fieldsHolding(c, name) ?? { fields: envelopeFields(c), key: name };
  if (value === undefined || !target.fields) return undefined;
  target.fields.map[target.key] = value;
  target.fields.commit();
  return { label: `swap-field:${name}${donor.id === ctx.seed.id ? ':self' : ''}`, neutral: donor.id === ctx.seed.id };
};
