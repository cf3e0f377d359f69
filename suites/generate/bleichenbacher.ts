/**
 * Bleichenbacher (PKCS#1 v1.5) and Manger (OAEP) pairs: two copies of one RSA object, one whose
 * wrapped key decrypts with valid padding to a data key that is not the object's, one whose
 * padding is invalid. Both expect the same error category, so a reader whose refusals tell the
 * two apart (a padding oracle) fails one of them. The wrapped keys are built here from the public
 * test key and the format facts (RFC 8017 encodings, deterministic seeds, raw RSA), never by an
 * implementation.
 */
import { constants, createDecipheriv, createHash, publicEncrypt } from 'node:crypto';
import { refuse, type Op, type Tampering, type Variant } from './catalogue-types.js';
import { unwrapFails } from './rule-lines.js';
import { labelBytes } from './resolve.js';
import { rsaPublicKey, type Source } from './sources.js';

const K = 256; // RSA-2048 modulus bytes
const sha1 = (data: Uint8Array): Buffer => createHash('sha1').update(data).digest();

function mgf1(seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 20 < length; i++) out.push(sha1(Buffer.concat([seed, Buffer.from([i >>> 24, (i >>> 16) & 255, (i >>> 8) & 255, i & 255])])));
  return Buffer.concat(out).subarray(0, length);
}

const xor = (a: Uint8Array, b: Uint8Array): Buffer => Buffer.from(a.map((v, i) => v ^ b[i]!));

/** EME-OAEP encoding with SHA-1, MGF1-SHA-1 and an empty label (RFC 8017 §7.1.1). */
export function oaepSha1(message: Uint8Array, seed: Uint8Array): Buffer {
  const db = Buffer.concat([sha1(Buffer.alloc(0)), Buffer.alloc(K - message.length - 42), Buffer.from([1]), message]);
  const maskedDb = xor(db, mgf1(seed, db.length));
  return Buffer.concat([Buffer.from([0]), xor(seed, mgf1(maskedDb, 20)), maskedDb]);
}

/** EME-PKCS1-v1_5 encoding (RFC 8017 §7.2.1) with a padding string of non-zero label bytes. */
export function pkcs1v15(message: Uint8Array | undefined, label: string): Buffer {
  const ps = Buffer.from(labelBytes(label, K).map((b) => (b === 0 ? 1 : b)));
  // No message: the padding runs to the end with no zero separator, which no decoder accepts.
  if (!message) return Buffer.concat([Buffer.from([0, 2]), ps.subarray(0, K - 2)]);
  return Buffer.concat([Buffer.from([0, 2]), ps.subarray(0, K - 3 - message.length), Buffer.from([0]), message]);
}

const rawRsa = (pem: string, em: Uint8Array): string => publicEncrypt({ key: pem, padding: constants.RSA_NO_PADDING }, em).toString('base64');

function validPkcs7(block: Buffer): boolean {
  const n = block[15]!;
  return n >= 1 && n <= 16 && block.subarray(16 - n).every((b) => b === n);
}

/** A data key under which the body's last CBC block does not unpad, so the valid-padding case cannot return a plaintext. */
function keyWithBadCbcPadding(s: Source, iv: Buffer, body: Buffer): Buffer {
  for (let i = 0; ; i++) {
    const key = labelBytes(`${s.case.id}/pkcs1-key/${i}`, 32);
    const prev = body.length >= 32 ? body.subarray(body.length - 32, body.length - 16) : iv;
    const d = createDecipheriv('aes-256-cbc', key, prev).setAutoPadding(false);
    const last = Buffer.concat([d.update(body.subarray(body.length - 16)), d.final()]);
    if (!validPkcs7(last)) return key;
  }
}

const PAIR = ['BleichenbacherPair'];

function oaepPair(s: Source, pem: string, key: string): Variant[] {
  const cipherId = s.format === 'v3' ? '115' : 'AES/GCM/NoPadding';
  const composite = Buffer.concat([Buffer.from([32]), labelBytes(`${s.case.id}/oaep-key`, 32), Buffer.from(cipherId)]);
  const valid = rawRsa(pem, oaepSha1(composite, labelBytes(`${s.case.id}/oaep-seed`, 20)));
  const invalid = rawRsa(pem, Buffer.concat([Buffer.from([0]), labelBytes(`${s.case.id}/oaep-junk`, K - 1)]));
  const where = (value: string): Op => (s.storage === 'instruction' ? { op: 'set-instruction-field', field: key, value } : { op: 'set-metadata', key, value });
  return [
    {
      suffix: 'oaep-valid-padding',
      detail: 'the wrapped key is OAEP-valid and holds another data key',
      ops: [where(valid)],
      expect: refuse('security', s.format === 'v3' ? 'commitment' : 'content'),
      flags: PAIR,
    },
    { suffix: 'oaep-invalid-padding', detail: 'the wrapped key has invalid OAEP padding', ops: [where(invalid)], expect: refuse('security', 'key-unwrap'), flags: PAIR },
  ];
}

/** A V1 EncryptionOnly RSA object (x-amz-key, PKCS#1 v1.5, CBC) made from a V2 object's IV and body. */
function v1Pair(s: Source, pem: string): Variant[] | undefined {
  const tail = s.body.length % 16;
  const body = s.body.subarray(0, s.body.length - tail);
  if (s.storage !== 'metadata' || s.format !== 'v2' || body.length < 16) return undefined;
  const iv = Buffer.concat([Buffer.from(s.envelope['x-amz-iv'] ?? '', 'base64'), Buffer.alloc(4)]);
  const shape: Op[] = [
    { op: 'delete-metadata', key: 'x-amz-key-v2' },
    { op: 'delete-metadata', key: 'x-amz-wrap-alg' },
    { op: 'delete-metadata', key: 'x-amz-cek-alg' },
    { op: 'delete-metadata', key: 'x-amz-tag-len' },
    { op: 'set-metadata', key: 'x-amz-iv', value: iv.toString('base64') },
    ...(tail > 0 ? [{ op: 'truncate-body', bytes: tail }] : []),
  ];
  const valid = rawRsa(pem, pkcs1v15(keyWithBadCbcPadding(s, iv, body), `${s.case.id}/ps`));
  const invalid = rawRsa(pem, pkcs1v15(undefined, `${s.case.id}/ps-bad`));
  const features = ['read:v1', 'legacy-wrap:encryption-only', 'legacy-content:cbc', 'key:rsa', 'store:metadata'];
  const legacy: Op = { op: 'set-request-legacy', wraps: true, content: true };
  return [
    {
      suffix: 'v1-pkcs1-valid-padding',
      detail: 'as a V1 EncryptionOnly object whose x-amz-key has valid PKCS#1 v1.5 padding around another data key',
      ops: [...shape, { op: 'set-metadata', key: 'x-amz-key', value: valid }, legacy],
      expect: refuse('security', 'content'),
      replacesFeatures: features,
      flags: [...PAIR, 'LegacyOn'],
    },
    {
      suffix: 'v1-pkcs1-invalid-padding',
      detail: 'as a V1 EncryptionOnly object whose x-amz-key has invalid PKCS#1 v1.5 padding',
      ops: [...shape, { op: 'set-metadata', key: 'x-amz-key', value: invalid }, legacy],
      expect: refuse('security', 'key-unwrap'),
      replacesFeatures: features,
      flags: [...PAIR, 'LegacyOn'],
    },
  ];
}

function pkcs1Pair(s: Source, pem: string): Variant[] {
  const iv = Buffer.from(s.envelope['x-amz-iv'] ?? '', 'base64');
  const key = s.format === 'v1' ? 'x-amz-key' : 'x-amz-key-v2';
  const valid = rawRsa(pem, pkcs1v15(keyWithBadCbcPadding(s, iv, s.body), `${s.case.id}/ps`));
  const invalid = rawRsa(pem, pkcs1v15(undefined, `${s.case.id}/ps-bad`));
  const where = (value: string): Op => (s.storage === 'instruction' ? { op: 'set-instruction-field', field: key, value } : { op: 'set-metadata', key, value });
  return [
    { suffix: 'pkcs1-valid-padding', detail: 'the wrapped key has valid PKCS#1 v1.5 padding around another data key', ops: [where(valid)], expect: refuse('security', 'content'), flags: PAIR },
    { suffix: 'pkcs1-invalid-padding', detail: 'the wrapped key has invalid PKCS#1 v1.5 padding', ops: [where(invalid)], expect: refuse('security', 'key-unwrap'), flags: PAIR },
  ];
}

export const BLEICHENBACHER: readonly Tampering[] = [
  {
    name: 'rsa-padding-pair',
    area: 'bleichenbacher',
    description: 'The RSA-wrapped data key is replaced by one built from the public test key',
    flags: ['BleichenbacherPair'],
    lines: unwrapFails,
    applies: { wraps: ['RSA-OAEP-SHA1', 'RSA'] },
    sizes: [17, 4096],
    together: 2,
    build: (s) => {
      const pem = 'name' in s.case.inputs.key ? rsaPublicKey(s.case.inputs.key.name) : undefined;
      if (!pem) return undefined;
      if (s.wrap === 'RSA') return s.content === 'cbc' && s.body.length >= 16 && s.body.length % 16 === 0 ? pkcs1Pair(s, pem) : undefined;
      return [...oaepPair(s, pem, s.format === 'v3' ? 'x-amz-3' : 'x-amz-key-v2'), ...(v1Pair(s, pem) ?? [])];
    },
  },
];
