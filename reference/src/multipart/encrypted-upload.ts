/**
 * The client-side state of one encrypted multipart upload: the GCM cipher that runs across all
 * parts, and the bookkeeping that keeps that one stream intact (docs/format-notes.md §6.4; spec client.md
 * "Optional API Operations"; Java `MultipartUploadObjectPipeline`).
 *
 * Why the rules: the whole object is one GCM message under one key and IV, so S3's concatenation
 * of the parts must be exactly the order in which the cipher saw them; a non-last part must end
 * on a block boundary (a multiple of 16) so the next part continues the keystream where S3 will
 * put it; and only the last part may carry the tag. Every check here runs before the cipher
 * sees a byte, so a refused part never disturbs the stream.
 */
import type { CipherGCM } from 'node:crypto';
import type { CompletedPart } from '@aws-sdk/client-s3';
import { GCM_MAX_PLAINTEXT_BYTES, GCM_TAG_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';

/** S3 part numbers run from 1 to 10,000. */
export const MAX_PART_NUMBER = 10_000;
const BLOCK_BYTES = 16;

interface EncryptedUploadInit {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly cipher: CipherGCM;
  /** Written as `<key><suffix>` once the upload completes (instruction-file storage). */
  readonly instructionFile?: string;
}

export class EncryptedUpload {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly instructionFile: string | undefined;
  readonly #cipher: CipherGCM;
  readonly #parts = new Map<number, CompletedPart>();
  /** Part uploads still running; completion waits for them. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #lastPartNumber = 0;
  #lastPartSeen = false;
  #streaming = false;
  #plaintextBytes = 0;
  #closed = false;

  constructor(init: EncryptedUploadInit) {
    this.bucket = init.bucket;
    this.key = init.key;
    this.uploadId = init.uploadId;
    this.instructionFile = init.instructionFile;
    this.#cipher = init.cipher;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** No further part or completion will be accepted (after a refusal, a failure, abort or completion). */
  close(): void {
    this.#closed = true;
  }

  /**
   * Checks a part against the rules and claims its place in the GCM stream. Throws
   * MULTIPART_MISUSE (or TOO_LARGE) without touching the cipher.
   */
  admitPart(partNumber: number | undefined, plaintextLength: number, isLastPart: boolean): void {
    if (this.#closed) misuse('the upload is closed');
    if (this.#lastPartSeen) misuse(`part ${String(partNumber)} came after the part flagged isLastPart`);
    if (this.#streaming) misuse(`part ${String(partNumber)} started while part ${this.#lastPartNumber} is still being encrypted from its stream; upload parts one at a time`);
    if (typeof partNumber !== 'number' || !Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      misuse(`PartNumber must be an integer from 1 to ${MAX_PART_NUMBER}, got ${String(partNumber)}`);
    }
    if (partNumber <= this.#lastPartNumber) {
      misuse(`part ${partNumber} is out of order: parts must be uploaded in ascending order, and part ${this.#lastPartNumber} was already encrypted`);
    }
    if (!isLastPart && plaintextLength % BLOCK_BYTES !== 0) {
      misuse(`part ${partNumber} has ${plaintextLength} bytes; every part but the last (flagged isLastPart) must be a multiple of ${BLOCK_BYTES} bytes`);
    }
    if (this.#plaintextBytes + plaintextLength > GCM_MAX_PLAINTEXT_BYTES) {
      fail('TOO_LARGE', `the upload would exceed the AES-GCM limit of ${GCM_MAX_PLAINTEXT_BYTES} bytes for one key and IV`);
    }
    this.#lastPartNumber = partNumber;
    this.#lastPartSeen = isLastPart;
    this.#plaintextBytes += plaintextLength;
  }

  /** Encrypts an admitted in-memory part at once (so call order is stream order); the last part gets the tag. */
  sealBytes(plaintext: Uint8Array, isLastPart: boolean): Buffer {
    const body = this.#cipher.update(plaintext);
    return isLastPart ? Buffer.concat([body, this.#finish()]) : body;
  }

  /**
   * Encrypts an admitted part as it streams. `length` was admitted; a stream that turns out
   * longer or shorter fails, and its upload cannot go on (the cipher has moved).
   */
  sealStream(source: AsyncIterable<Uint8Array>, length: number, isLastPart: boolean): AsyncGenerator<Buffer> {
    this.#streaming = true;
    return this.#sealChunks(source, length, isLastPart);
  }

  async *#sealChunks(source: AsyncIterable<Uint8Array>, length: number, isLastPart: boolean): AsyncGenerator<Buffer> {
    let seen = 0;
    for await (const chunk of source) {
      seen += chunk.byteLength;
      if (seen > length) fail('INVALID_ARGUMENT', `part body is longer than its ContentLength ${length}`);
      const out = this.#cipher.update(chunk);
      if (out.length > 0) yield out;
    }
    if (seen !== length) fail('INVALID_ARGUMENT', `part body has ${seen} bytes, ContentLength says ${length}`);
    if (isLastPart) yield this.#finish();
    this.#streaming = false;
  }

  #finish(): Buffer {
    return Buffer.concat([this.#cipher.final(), this.#cipher.getAuthTag()]);
  }

  /** Counts a part upload as running until it settles (rejections are the caller's to handle). */
  track(upload: Promise<unknown>): void {
    this.#inFlight.add(upload);
    const forget = (): void => void this.#inFlight.delete(upload);
    upload.then(forget, forget);
  }

  recordPart(part: CompletedPart): void {
    this.#parts.set(part.PartNumber!, part);
  }

  /** Waits for running part uploads; refuses completion before the last part, as Java does. */
  async readyToComplete(): Promise<void> {
    if (this.#closed) misuse('the upload is closed');
    if (!this.#lastPartSeen) {
      misuse('completion before the last part: flag the final part with isLastPart (it carries the GCM tag); without it the object would be truncated and undecryptable');
    }
    await Promise.allSettled([...this.#inFlight]);
    if (this.#closed) misuse('a part upload failed, so the upload was aborted');
  }

  /**
   * The part list for CompleteMultipartUpload: ours, in order. A caller's list must name the
   * same parts: leaving one out or adding one would store a different ciphertext than was sealed.
   */
  partsForCompletion(given: readonly CompletedPart[] | undefined): CompletedPart[] {
    const parts = [...this.#parts.values()].sort((a, b) => a.PartNumber! - b.PartNumber!);
    if (given !== undefined) {
      const same = given.length === parts.length && given.every((p, i) => p.PartNumber === parts[i]!.PartNumber && unquote(p.ETag) === unquote(parts[i]!.ETag));
      if (!same) misuse('the Parts list must name exactly the parts uploaded through this client, in order (or leave it out)');
    }
    return parts;
  }

  /** Ciphertext bytes a part of this plaintext length occupies. */
  static ciphertextLength(plaintextLength: number, isLastPart: boolean): number {
    return plaintextLength + (isLastPart ? GCM_TAG_BYTES : 0);
  }
}

function misuse(reason: string): never {
  fail('MULTIPART_MISUSE', `encrypted multipart upload refused: ${reason}`);
}

function unquote(etag: string | undefined): string | undefined {
  return etag?.replace(/"/g, '');
}
