/**
 * Mutations of the body and of the caller's side: bit flips (anywhere, or in the GCM tag),
 * truncation, extension, another object's body, other body shapes and chunkings, a wrong
 * keyring, another encryption context, a lying Content-Length, a tiny buffer, and the
 * structurally wrong inputs a JavaScript caller can pass (null metadata, numbers for strings…).
 */
import type { BodyForm, Candidate, Mutation } from './candidate.js';
import { fillerBytes, sameContext } from './candidate.js';
import type { KeyKind } from './keys.js';
import { pick } from './values.js';

function bodyBytes(c: Candidate): Buffer | undefined {
  return Buffer.isBuffer(c.body) ? c.body : undefined;
}

export const flipBody: Mutation = (c, a) => {
  const body = bodyBytes(c);
  if (!body || body.length === 0) return undefined;
  const bit = a % (body.length * 8);
  body[bit >> 3]! ^= 1 << (bit & 7);
  return { label: `flip-body:${(bit >> 3) >= body.length - 16 ? 'last-16' : 'ciphertext'}` };
};

/** The last 16 bytes: the GCM tag (or the final padded CBC block). */
export const flipTag: Mutation = (c, a) => {
  const body = bodyBytes(c);
  if (!body || body.length === 0) return undefined;
  const tagBytes = Math.min(16, body.length);
  const bit = a % (tagBytes * 8);
  const at = body.length - tagBytes + (bit >> 3);
  body[at]! ^= 1 << (bit & 7);
  return { label: 'flip-tag' };
};

export const truncateBody: Mutation = (c, a, b) => {
  const body = bodyBytes(c);
  if (!body || body.length === 0) return undefined;
  // Cuts at block boundaries keep a CBC body decryptable: the case where only lengths can tell.
  const atBlock = (b & 1) === 0 && body.length > 16;
  const keep = atBlock ? 16 * (a % Math.floor(body.length / 16)) : body.length - 1 - (a % body.length);
  c.body = Buffer.from(body.subarray(0, keep));
  return { label: `truncate-body:${atBlock ? 'block' : 'bytes'}` };
};

export const extendBody: Mutation = (c, a, b) => {
  const body = bodyBytes(c);
  if (!body) return undefined;
  const how = a % 3;
  const tail = how === 0 ? fillerBytes(1 + (b % 32), b) : how === 1 ? body.subarray(Math.max(0, body.length - 16)) : Buffer.alloc(16);
  c.body = Buffer.concat([body, tail]);
  return { label: `extend-body:${['random', 'repeat-last-block', 'zero-block'][how]}` };
};

export const swapBody: Mutation = (c, _a, b, ctx) => {
  const donor = pick(ctx.corpus, b);
  c.body = Buffer.from(donor.body);
  return { label: `swap-body${donor.id === ctx.seed.id ? ':self' : ''}`, neutral: donor.id === ctx.seed.id };
};

const FORMS: readonly BodyForm[] = ['chunks', 'stream', 'web', 'blob'];

/** Same bytes, another BodyInput shape, cut into small chunks: GCM must still hold the tag back right. */
export const reshapeBody: Mutation = (c, a, b) => {
  if (!bodyBytes(c)) return undefined;
  c.bodyForm = pick(FORMS, a);
  c.chunkSize = 1 + (b % 23);
  return { label: `reshape-body:${c.bodyForm}`, neutral: true };
};

const KINDS: readonly KeyKind[] = ['aes', 'rsa', 'kms'];

export const wrongKeyring: Mutation = (c, a) => {
  const how = a % 3;
  if (how === 0) c.keySet = 'wrong';
  else c.keyKind = KINDS[(KINDS.indexOf(c.keyKind) + how) % 3]!;
  return { label: `wrong-keyring:${how === 0 ? 'other-key' : c.keyKind}` };
};

/** A caller asking for another context; only a change outside the reserved keys must be refused. */
export const callerContext: Mutation = (c, a, _b, ctx) => {
  const original = ctx.seed.callerContext ?? {};
  const variants: Array<Record<string, string> | undefined> = [
    undefined,
    {},
    { ...original, tenant: 'beta' },
    { ...original, extra: 'x' },
    Object.fromEntries(Object.entries(original).slice(1)),
    { ...original, 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' },
  ];
  const how = a % variants.length;
  c.callerContext = variants[how];
  const changed = ctx.seed.keyKind === 'kms' && sameContext(c.callerContext, original) === false;
  return { label: `caller-context:${['absent', 'empty', 'other-value', 'extra-entry', 'missing-entry', 'reserved-key'][how]}`, neutral: !changed };
};

export const lengthLie: Mutation = (c, a, b) => {
  const body = bodyBytes(c);
  if (!body) return undefined;
  const how = a % 4;
  c.contentLength = [body.length + 1 + (b % 64), Math.max(0, body.length - 1 - (b % 64)), 0, 2 ** 40][how] ?? 0;
  return { label: `length-lie:${['longer', 'shorter', 'zero', 'huge'][how]}` };
};

export const tinyBuffer: Mutation = (c, a) => {
  c.bufferSize = 16 + (a % 48);
  return { label: 'tiny-buffer' };
};

/** Things only an untyped caller can pass; every one must still end in a typed refusal. */
const STRUCTURAL: ReadonlyArray<[string, (c: Candidate) => void]> = [
  ['metadata-null', (c) => (c.metadata = null)],
  ['metadata-undefined', (c) => (c.metadata = undefined)],
  ['metadata-array', (c) => (c.metadata = [['x-amz-key-v2', 'AAAA']])],
  ['metadata-number', (c) => (c.metadata = 42)],
  ['metadata-string', (c) => (c.metadata = 'x-amz-key-v2')],
  ['value-number', (c) => setFirstValue(c, 42)],
  ['value-null', (c) => setFirstValue(c, null)],
  ['value-object', (c) => setFirstValue(c, { toString: () => 'x' })],
  ['value-undefined', (c) => setFirstValue(c, undefined)],
  ['instruction-number', (c) => (c.instructionFile = 42)],
  ['instruction-null', (c) => (c.instructionFile = null)],
  ['instruction-object', (c) => (c.instructionFile = { 'x-amz-key-v2': 'AAAA' })],
  ['instruction-buffer', (c) => (c.instructionFile = Buffer.from('{}'))],
  ['body-null', (c) => (c.body = null)],
  ['body-undefined', (c) => (c.body = undefined)],
  ['body-number', (c) => (c.body = 42)],
  ['body-object', (c) => (c.body = {})],
  ['body-array', (c) => (c.body = [1, 2, 3])],
  ['body-string', (c) => (c.body = Buffer.isBuffer(c.body) ? c.body.toString('latin1') : 'x')],
  ['body-number-chunks', (c) => (c.body = numberChunks())],
];

async function* numberChunks(): AsyncGenerator<unknown> {
  yield 1;
}

function setFirstValue(c: Candidate, value: unknown): void {
  if (typeof c.metadata !== 'object' || c.metadata === null) return;
  const map = c.metadata as Record<string, unknown>;
  const key = Object.keys(map)[0] ?? 'x-amz-key-v2';
  map[key] = value;
}

export const structural: Mutation = (c, a) => {
  const [name, apply] = pick(STRUCTURAL, a);
  apply(c);
  return { label: `structural:${name}` };
};
