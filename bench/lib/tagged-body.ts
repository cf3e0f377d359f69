/**
 * Bodies that prove where they came from: an 8-byte id, the SHA-256 of the payload, the payload.
 * A body read back under another key, cut, padded or corrupted fails `checkTaggedBody` with the
 * reason, without any table of what was written.
 */
import { createHash, randomBytes } from 'node:crypto';

const ID_BYTES = 8;
const DIGEST_BYTES = 32;
export const TAG_BYTES = ID_BYTES + DIGEST_BYTES;

export function taggedBody(id: number, payloadBytes: number): Buffer {
  const payload = randomBytes(payloadBytes);
  const header = Buffer.alloc(TAG_BYTES);
  header.writeBigUInt64BE(BigInt(id));
  createHash('sha256').update(payload).digest().copy(header, ID_BYTES);
  return Buffer.concat([header, payload]);
}

/** 'ok', or what is wrong: 'mixed-up' (another body's id), 'corrupt' (digest or length). */
export function checkTaggedBody(body: Uint8Array, expectedId: number, expectedLength: number): 'ok' | 'mixed-up' | 'corrupt' {
  if (body.length < TAG_BYTES) return 'corrupt';
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.length);
  if (bytes.readBigUInt64BE(0) !== BigInt(expectedId)) return 'mixed-up';
  const digest = createHash('sha256').update(bytes.subarray(TAG_BYTES)).digest();
  if (!digest.equals(bytes.subarray(ID_BYTES, TAG_BYTES)) || bytes.length !== expectedLength) return 'corrupt';
  return 'ok';
}
