/**
 * Mutations of the envelope as a whole: instruction-file bodies (garbage, dropped, smuggled V3
 * keys, re-serialised, moved, swapped) and downgrades (wrap, content cipher, the CVE-2020-8912
 * kms+context → kms with GCM → CBC combination, V3 keys → V2 keys, V2 → V1, V2 → V3).
 */
import { canonicalKey, envelopeFields, fieldsHolding, fillerBytes, instructionFields, metadataFields, type Candidate, type Mutation } from './candidate.js';
import { INSTRUCTION_GARBAGE, pick } from './values.js';

const V3_OBJECT_ONLY = ['x-amz-c', 'x-amz-d', 'x-amz-i'];

export const instructionGarbage: Mutation = (c, a) => {
  c.instructionFile = pick(INSTRUCTION_GARBAGE, a);
  return { label: `instr-garbage:${a % INSTRUCTION_GARBAGE.length}` };
};

export const instructionDrop: Mutation = (c) => {
  if (c.instructionFile === undefined) return undefined;
  c.instructionFile = undefined;
  return { label: 'instr-drop' };
};

/** V3 keys that must stay on the object, written into the file (metadata-strategy.md "V3 Instruction Files"). */
export const instructionSmuggle: Mutation = (c, a, b) => {
  const file = instructionFields(c);
  if (!file) return undefined;
  const name = pick(V3_OBJECT_ONLY, a);
  const own = fieldsHolding(c, name);
  file.map[name] = own ? own.fields.map[own.key] : fillerBytes(28, b).toString('base64');
  file.commit();
  return { label: `instr-smuggle:${name}` };
};

/** Same JSON object, other text: indentation, reversed key order, an integer tag length, a same-valued duplicate. */
export const instructionReformat: Mutation = (c, a) => {
  const file = instructionFields(c);
  if (!file) return undefined;
  const entries = Object.entries(file.map).reverse();
  const how = a % 3;
  if (how === 0) c.instructionFile = JSON.stringify(Object.fromEntries(entries), null, 2);
  if (how === 1) c.instructionFile = JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [k, k === 'x-amz-tag-len' && v === '128' ? 128 : v])));
  if (how === 2 && entries.length > 0) {
    const [key, value] = entries[0]!;
    c.instructionFile = `${JSON.stringify(Object.fromEntries(entries)).slice(0, -1)},${JSON.stringify(key.toUpperCase())}:${JSON.stringify(value)}}`;
  }
  return { label: `instr-reformat:${['indent', 'integer-tag-len', 'duplicate-key'][how]}`, neutral: true };
};

/** Moves the envelope between storage modes the way a writer would have stored it (valid either way). */
export const instructionMove: Mutation = (c) => {
  const meta = metadataFields(c);
  if (!meta) return undefined;
  const file = instructionFields(c);
  if (file) {
    // Instruction files may hold integers (tag length); metadata values are always strings.
    for (const [key, value] of Object.entries(file.map)) meta.map[key] = typeof value === 'number' ? String(value) : value;
    c.instructionFile = undefined;
    return { label: 'instr-move:to-metadata', neutral: !hasEncodedWords(file.map) };
  }
  if (c.instructionFile !== undefined) return undefined;
  const v3 = Object.keys(meta.map).some((k) => canonicalKey(k, 'metadata') === 'x-amz-3');
  const keep = v3 ? V3_OBJECT_ONLY : ['x-amz-unencrypted-content-length'];
  const moved: Record<string, unknown> = {};
  for (const key of Object.keys(meta.map)) {
    const name = canonicalKey(key, 'metadata');
    if (keep.includes(name)) continue;
    moved[name] = meta.map[key];
    delete meta.map[key];
  }
  c.instructionFile = JSON.stringify(moved);
  return { label: 'instr-move:to-file', neutral: !hasEncodedWords(moved) };
};

/** Metadata values are RFC 2047 decoded and file values are not: such a value changes meaning when moved. */
function hasEncodedWords(map: Record<string, unknown>): boolean {
  return Object.values(map).some((v) => typeof v === 'string' && v.includes('=?'));
}

export const instructionSwap: Mutation = (c, _a, b, ctx) => {
  const donors = ctx.corpus.filter((s) => s.instructionFile !== undefined);
  if (donors.length === 0) return undefined;
  const donor = pick(donors, b);
  c.instructionFile = donor.instructionFile;
  return { label: `instr-swap${donor.id === ctx.seed.id ? ':self' : ''}`, neutral: donor.id === ctx.seed.id };
};

function setField(c: Candidate, name: string, value: string | undefined): void {
  const found = fieldsHolding(c, name);
  const fields = found?.fields ?? envelopeFields(c);
  if (!fields) return;
  if (value === undefined) {
    if (found) delete fields.map[found.key];
  } else {
    fields.map[found?.key ?? name] = value;
  }
  fields.commit();
}

function getField(c: Candidate, name: string): unknown {
  const found = fieldsHolding(c, name);
  return found?.fields.map[found.key];
}

function renameField(c: Candidate, from: string, to: string, map: (v: unknown) => string | undefined = (v) => (typeof v === 'string' ? v : undefined)): void {
  const value = getField(c, from);
  if (value === undefined) return;
  setField(c, from, undefined);
  setField(c, to, map(value));
}

const WRAP_DOWNGRADES: Record<string, string> = { 'kms+context': 'kms', 'AES/GCM': 'AESWrap', 'RSA-OAEP-SHA1': 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding' };
const WRAP_NAMES = ['kms', 'kms+context', 'AES/GCM', 'AESWrap', 'RSA-OAEP-SHA1', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding'];
const V3_CODES = ['02', '12', '22', '2', '012', '32', ''];

export const wrapDowngrade: Mutation = (c, a, b) => {
  const v2 = getField(c, 'x-amz-wrap-alg');
  if (typeof v2 === 'string') {
    const how = a % 3;
    const next = how === 0 ? WRAP_DOWNGRADES[v2] : how === 1 ? undefined : pick(WRAP_NAMES, b);
    if (how === 0 && next === undefined) return undefined;
    setField(c, 'x-amz-wrap-alg', next);
    return { label: `wrap-downgrade:${v2}→${next ?? 'none'}` };
  }
  const v3 = getField(c, 'x-amz-w');
  if (typeof v3 !== 'string') return undefined;
  const next = pick(
    V3_CODES.filter((code) => code !== v3),
    b,
  );
  setField(c, 'x-amz-w', next);
  return { label: `wrap-downgrade:w${v3}→w${next}` };
};

/** A 16-byte CBC IV from the 12-byte GCM one: zero padding, or GCM's own first counter block. */
function widenIv(c: Candidate, how: number): string {
  const iv = getField(c, 'x-amz-iv');
  const bytes = typeof iv === 'string' ? Buffer.from(iv, 'base64') : Buffer.alloc(12);
  if (how === 0) return bytes.toString('base64');
  const tail = how === 1 ? Buffer.alloc(4) : Buffer.from([0, 0, 0, 2]);
  return Buffer.concat([bytes.subarray(0, 12), tail]).toString('base64');
}

export const cekDowngrade: Mutation = (c, a, b) => {
  if (getField(c, 'x-amz-c') !== undefined && (a & 1) === 0) {
    const next = pick(['114', '113', '', '0115', '115 ', 'AES/GCM/NoPadding'], b);
    setField(c, 'x-amz-c', next);
    return { label: `cek-downgrade:c→${JSON.stringify(next)}` };
  }
  const next = pick(['AES/CBC/PKCS5Padding', 'AES/CBC/PKCS7Padding', undefined], a >>> 1);
  setField(c, 'x-amz-cek-alg', next);
  if ((b & 1) === 0) setField(c, 'x-amz-tag-len', undefined);
  setField(c, 'x-amz-iv', widenIv(c, (b >>> 1) % 3));
  return { label: `cek-downgrade:→${next ?? 'absent'}` };
};

/** The issue-10 attack in one step: wrap kms+context → kms and content GCM → CBC, IV widened to 16 bytes. */
export const kmsCbcDowngrade: Mutation = (c, a) => {
  if (getField(c, 'x-amz-wrap-alg') === undefined) return undefined;
  setField(c, 'x-amz-wrap-alg', 'kms');
  setField(c, 'x-amz-cek-alg', 'AES/CBC/PKCS5Padding');
  setField(c, 'x-amz-tag-len', undefined);
  setField(c, 'x-amz-iv', widenIv(c, 1 + (a % 2)));
  return { label: 'kms-cbc-downgrade' };
};

const V3_WRAP_NAME: Record<string, string> = { '02': 'AES/GCM', '12': 'kms+context', '22': 'RSA-OAEP-SHA1' };

export const v3ToV2: Mutation = (c, a, b) => {
  if (getField(c, 'x-amz-3') === undefined) return undefined;
  renameField(c, 'x-amz-3', 'x-amz-key-v2');
  renameField(c, 'x-amz-w', 'x-amz-wrap-alg', (v) => V3_WRAP_NAME[String(v)] ?? String(v));
  renameField(c, 'x-amz-c', 'x-amz-cek-alg', () => 'AES/GCM/NoPadding');
  renameField(c, 'x-amz-t', 'x-amz-matdesc');
  renameField(c, 'x-amz-m', 'x-amz-matdesc');
  setField(c, 'x-amz-iv', fillerBytes(12, b).toString('base64'));
  if ((a & 1) === 0) for (const name of ['x-amz-i', 'x-amz-d']) setField(c, name, undefined);
  return { label: `v3-to-v2:${(a & 1) === 0 ? 'clean' : 'keeps-i-d'}` };
};

export const v2ToV1: Mutation = (c, a) => {
  if (getField(c, 'x-amz-key-v2') === undefined) return undefined;
  renameField(c, 'x-amz-key-v2', 'x-amz-key');
  if ((a & 1) === 1) for (const name of ['x-amz-wrap-alg', 'x-amz-cek-alg', 'x-amz-tag-len']) setField(c, name, undefined);
  return { label: `v2-to-v1:${(a & 1) === 1 ? 'bare' : 'keeps-algs'}` };
};

const V3_CODE_OF: Record<string, string> = { 'AES/GCM': '02', 'kms+context': '12', 'RSA-OAEP-SHA1': '22' };

export const v2ToV3: Mutation = (c, a, b) => {
  if (getField(c, 'x-amz-key-v2') === undefined) return undefined;
  const kms = getField(c, 'x-amz-wrap-alg') === 'kms+context';
  renameField(c, 'x-amz-key-v2', 'x-amz-3');
  renameField(c, 'x-amz-wrap-alg', 'x-amz-w', (v) => V3_CODE_OF[String(v)] ?? String(v));
  renameField(c, 'x-amz-cek-alg', 'x-amz-c', () => '115');
  renameField(c, 'x-amz-matdesc', kms ? 'x-amz-t' : 'x-amz-m');
  for (const name of ['x-amz-iv', 'x-amz-tag-len']) setField(c, name, undefined);
  const meta = metadataFields(c);
  if (meta) {
    meta.map['x-amz-i'] = fillerBytes(28, b).toString('base64');
    meta.map['x-amz-d'] = fillerBytes(28, b ^ a).toString('base64');
  }
  return { label: 'v2-to-v3' };
};
