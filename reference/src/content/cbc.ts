/**
 * AES-CBC with PKCS#5/7 padding: the legacy content cipher (docs/format-notes.md §2.1), read only.
 *
 * CBC has no authentication, so reaching this code means the caller enabled legacy reads and
 * accepted unauthenticated plaintext; streaming is therefore fine (docs/format-notes.md §6.3: "CBC ... paths
 * always stream"). Node's decipher keeps the last block back until final(), where OpenSSL checks
 * the padding (last byte n in 1..16, and the last n bytes all equal n).
 *
 * Every failure (wrong length, bad padding, wrong-sized key) gives the same DECRYPT_FAILED
 * message as GCM, so padding errors cannot be told apart from other failures.
 */
import { createDecipheriv, type Decipher } from 'node:crypto';
import { aesKeyBits, CBC_IV_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import { failDecrypt } from './failure.js';

interface CbcParams {
  /** 16, 24 or 32 bytes: V1-era objects exist with 128-bit data keys (kats.md finding 4). */
  readonly key: Uint8Array;
  /** 16 bytes, from `x-amz-iv`. */
  readonly iv: Uint8Array;
}

const CBC_BLOCK_BYTES = 16;

/** Decrypts a CBC body as it streams; parameters are checked when this is called. */
export function decryptCbc(source: AsyncIterable<Uint8Array>, params: CbcParams): AsyncGenerator<Buffer> {
  const bits = aesKeyBits(params.key.byteLength);
  if (bits === undefined) failDecrypt();
  if (params.iv.byteLength !== CBC_IV_BYTES) {
    fail('MALFORMED_METADATA', `AES-CBC IV must be ${CBC_IV_BYTES} bytes, got ${params.iv.byteLength}`);
  }
  const decipher = createDecipheriv(`aes-${bits}-cbc`, params.key, params.iv);
  decipher.setAutoPadding(true);
  return unpadChunks(source, decipher);
}

async function* unpadChunks(source: AsyncIterable<Uint8Array>, decipher: Decipher): AsyncGenerator<Buffer> {
  let ciphertextBytes = 0;
  for await (const chunk of source) {
    ciphertextBytes += chunk.byteLength;
    const out = decipher.update(chunk);
    if (out.length > 0) yield out;
  }
  // A padded body is always a positive multiple of the block size: 16 × (⌊P/16⌋ + 1) (§2.1).
  if (ciphertextBytes === 0 || ciphertextBytes % CBC_BLOCK_BYTES !== 0) failDecrypt();
  let last: Buffer;
  try {
    last = decipher.final();
  } catch {
    failDecrypt();
  }
  if (last.length > 0) yield last;
}
