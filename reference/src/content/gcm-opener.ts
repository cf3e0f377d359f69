/**
 * The GCM decipher of one object body (ciphertext ‖ 16-byte tag), fed chunk by chunk.
 *
 * Until the stream ends, any 16 bytes might be the tag, so without a known length the last 16
 * bytes seen are held back (copied: the source may reuse its buffer) and each chunk costs two
 * update() calls and two plaintext pieces. When the stored length is known (S3's Content-Length,
 * which the caller's length guard enforces), the tag's position is known too: every byte before it
 * is decrypted at once, one update() and one piece per chunk, as a raw decipher would; only the
 * tag's bytes are held. A length that turns out wrong fails the read either way (the guard, then
 * the tag), with the one DECRYPT_FAILED.
 */
import { createDecipheriv, type DecipherGCM } from 'node:crypto';
import { aesKeyBits, GCM_IV_BYTES, GCM_MAX_PLAINTEXT_BYTES, GCM_TAG_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import { failDecrypt } from './failure.js';

export interface GcmParams {
  /** 16, 24 or 32 bytes (S3EC data keys are 32). */
  readonly key: Uint8Array;
  /** 12 bytes. */
  readonly iv: Uint8Array;
  /** Additional authenticated data; V2 uses none, V3 uses the suite id `00 73`. */
  readonly aad?: Uint8Array;
}

export class GcmOpener {
  private readonly decipher: DecipherGCM;
  private tail: Buffer = Buffer.alloc(0);
  private ciphertextBytes = 0;
  /** Where the tag starts, when the stored length is known. */
  private readonly tagAt: number | undefined;

  /** `storedLength`: the body's length including the tag, if the transport announced it. */
  constructor(params: GcmParams, storedLength?: number) {
    const bits = aesKeyBits(params.key.byteLength);
    if (bits === undefined) failDecrypt();
    if (params.iv.byteLength !== GCM_IV_BYTES) {
      fail('MALFORMED_METADATA', `AES-GCM IV must be ${GCM_IV_BYTES} bytes, got ${params.iv.byteLength}`);
    }
    this.decipher = createDecipheriv(`aes-${bits}-gcm`, params.key, params.iv, { authTagLength: GCM_TAG_BYTES });
    if (params.aad !== undefined) this.decipher.setAAD(params.aad);
    this.tagAt = storedLength !== undefined && storedLength >= GCM_TAG_BYTES ? storedLength - GCM_TAG_BYTES : undefined;
  }

  /** Decrypts what can no longer be the tag; returns zero, one or two plaintext pieces. */
  push(chunk: Uint8Array): Buffer[] {
    const before = this.ciphertextBytes;
    this.ciphertextBytes += chunk.byteLength;
    // No genuine GCM body is longer than this, so a longer one cannot authenticate.
    if (this.ciphertextBytes > GCM_MAX_PLAINTEXT_BYTES + GCM_TAG_BYTES) failDecrypt();
    if (this.tagAt !== undefined) return this.pushKnown(chunk, before);
    const out: Buffer[] = [];
    if (chunk.byteLength >= GCM_TAG_BYTES) {
      // Two update() calls instead of concatenating tail and chunk: avoids copying the chunk.
      if (this.tail.length > 0) out.push(this.decipher.update(this.tail));
      const cut = chunk.byteLength - GCM_TAG_BYTES;
      if (cut > 0) out.push(this.decipher.update(chunk.subarray(0, cut)));
      // Copy: the source may reuse its buffer for the next chunk.
      this.tail = Buffer.from(chunk.subarray(cut));
    } else {
      const joined = Buffer.concat([this.tail, chunk]);
      const cut = Math.max(0, joined.length - GCM_TAG_BYTES);
      if (cut > 0) out.push(this.decipher.update(joined.subarray(0, cut)));
      this.tail = joined.subarray(cut);
    }
    return out;
  }

  /** Known length: the bytes before `tagAt` are ciphertext, the rest (copied) the tag. */
  private pushKnown(chunk: Uint8Array, before: number): Buffer[] {
    const body = Math.min(chunk.byteLength, Math.max(0, (this.tagAt ?? 0) - before));
    if (body < chunk.byteLength) this.tail = Buffer.concat([this.tail, chunk.subarray(body)]);
    if (body === 0) return [];
    return [this.decipher.update(body === chunk.byteLength ? chunk : chunk.subarray(0, body))];
  }

  /** Verifies the tag; every failure (short body, bad tag, wrong key) reads the same. */
  finish(): void {
    if (this.tail.length !== GCM_TAG_BYTES) failDecrypt();
    try {
      this.decipher.setAuthTag(this.tail);
      this.decipher.final();
    } catch {
      failDecrypt();
    }
  }
}
