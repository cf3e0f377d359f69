/**
 * Hand-written RSA padding decoders for the two legacy RSA wraps that node:crypto cannot undo:
 *
 * - `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` (docs/format-notes.md §3.3): SHA-256 label hash, but MGF1 uses
 *   SHA-1 under SunJCE and SHA-256 under BouncyCastle. Node ties the MGF1 hash to `oaepHash`.
 * - EncryptionOnly RSA = PKCS#1 v1.5 (docs/format-notes.md §3.1): Node 20 refuses `RSA_PKCS1_PADDING` for
 *   private decryption (CVE-2023-46809 mitigation).
 *
 * The caller performs the raw RSA operation (`RSA_NO_PADDING`) and passes the k-byte encoded
 * message here. Both decoders scan every byte and fold all checks into one flag, so the time taken
 * does not reveal which check failed (Manger / Bleichenbacher style oracles), and they return
 * `undefined` for every kind of failure.
 */
import { createHash } from 'node:crypto';

type OaepHash = 'sha1' | 'sha256';

const HASH_BYTES: Readonly<Record<OaepHash, number>> = { sha1: 20, sha256: 32 };

/** 1 when byte `a` equals byte `b`, else 0, without a data-dependent branch. */
function bytesEqual(a: number, b: number): number {
  return ((a ^ b) - 1) >>> 31;
}

/** MGF1 (RFC 8017 §B.2.1): Hash(seed ‖ counter) blocks, truncated to `length` bytes. */
function mgf1(seed: Uint8Array, length: number, hash: OaepHash): Buffer {
  const mask = Buffer.alloc(length);
  const counter = Buffer.alloc(4);
  for (let offset = 0, i = 0; offset < length; i++) {
    counter.writeUInt32BE(i);
    offset += createHash(hash).update(seed).update(counter).digest().copy(mask, offset);
  }
  return mask;
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

interface OaepParameters {
  /** Hash of the (empty) label; also fixes the seed length hLen. */
  readonly labelHash: OaepHash;
  /** Hash inside MGF1. */
  readonly mgfHash: OaepHash;
  readonly label?: Uint8Array;
}

/**
 * EME-OAEP decoding, RFC 8017 §7.1.2 step 3. `em` is the k-byte output of the raw RSA operation.
 * EM = 0x00 ‖ maskedSeed (hLen) ‖ maskedDB; DB = lHash ‖ PS (zeros) ‖ 0x01 ‖ M.
 */
export function decodeOaep(em: Uint8Array, params: OaepParameters): Uint8Array | undefined {
  const hLen = HASH_BYTES[params.labelHash];
  // Depends only on the public modulus length, so an early return leaks nothing.
  if (em.length < 2 * hLen + 2) return undefined;
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seed = xor(maskedSeed, mgf1(maskedDb, hLen, params.mgfHash));
  const db = xor(maskedDb, mgf1(seed, maskedDb.length, params.mgfHash));
  const lHash = createHash(params.labelHash)
    .update(params.label ?? new Uint8Array(0))
    .digest();

  let bad = em[0]!; // Y must be zero
  for (let i = 0; i < hLen; i++) bad |= db[i]! ^ lHash[i]!;
  let found = 0;
  let separator = 0;
  for (let i = hLen; i < db.length; i++) {
    const isOne = bytesEqual(db[i]!, 1);
    const isZero = bytesEqual(db[i]!, 0);
    const notFound = found ^ 1;
    separator |= -(isOne & notFound) & i; // position of the first 0x01
    bad |= notFound & ((isOne | isZero) ^ 1); // any other byte before the 0x01 is fatal
    found |= isOne;
  }
  bad |= found ^ 1;
  return bad === 0 ? Uint8Array.from(db.subarray(separator + 1)) : undefined;
}

/**
 * EME-PKCS1-v1_5 decoding, RFC 8017 §7.2.2 step 3: EM = 0x00 ‖ 0x02 ‖ PS (≥ 8 non-zero) ‖ 0x00 ‖ M.
 */
export function decodePkcs1v15(em: Uint8Array): Uint8Array | undefined {
  if (em.length < 11) return undefined; // public: modulus length only
  let bad = em[0]! | (em[1]! ^ 2);
  let found = 0;
  let separator = 0;
  for (let i = 2; i < em.length; i++) {
    const isZero = bytesEqual(em[i]!, 0);
    separator |= -(isZero & (found ^ 1)) & i; // position of the first 0x00
    found |= isZero;
  }
  bad |= found ^ 1;
  bad |= (separator - 10) >>> 31; // PS shorter than 8 bytes (separator < 10)
  return bad === 0 ? Uint8Array.from(em.subarray(separator + 1)) : undefined;
}
