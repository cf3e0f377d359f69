/**
 * `upload()`: a body of any size, streamed to S3 as an encrypted multipart upload (one PutObject
 * when it fits in one part), in the manner of `@aws-sdk/lib-storage`'s `Upload`.
 *
 * Encryption is one GCM stream, so parts are sealed strictly in order; only the sending of sealed
 * parts overlaps (`queueSize` at a time). Memory stays within about partSize × (queueSize + 2):
 * the parts being sent, the part being sealed, and the one read ahead to learn whether the
 * current part is the last (only the last may carry the tag).
 */
import type {
  AbortMultipartUploadCommandInput,
  CompleteMultipartUploadCommandInput,
  CompleteMultipartUploadCommandOutput,
  CreateMultipartUploadCommandOutput,
  PutObjectCommandInput,
  PutObjectCommandOutput,
  UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import { rechunk, toAsyncIterable, type BodyInput } from '../content/body.js';
import { fail } from '../errors.js';
import type { Description } from '../metadata/envelope.js';
import { MAX_PART_NUMBER } from './encrypted-upload.js';
import type { EncryptedCreateMultipartUploadInput, EncryptedUploadPartInput } from './operations.js';

/** S3's smallest part (every part but the last) and largest part. */
const S3_MIN_PART_BYTES = 5 * 1024 * 1024;
const S3_MAX_PART_BYTES = 5 * 1024 * 1024 * 1024;
const DEFAULT_PART_BYTES = 8 * 1024 * 1024;
const DEFAULT_QUEUE_SIZE = 4;

export type EncryptedUploadInput = Omit<PutObjectCommandInput, 'Body' | 'ContentLength' | 'ContentMD5'> & {
  /** Bytes, a string, a Node or web stream, a Blob or an async iterable; its length need not be known. */
  readonly Body: BodyInput;
  /** Request material description / extra KMS encryption context, as on putObject. */
  readonly MaterialsDescription?: Description;
  /** Plaintext bytes per part: a multiple of 16, at least 5 MiB (S3's minimum); default 8 MiB. */
  readonly partSize?: number;
  /** Parts sent concurrently; default 4. */
  readonly queueSize?: number;
};

export type EncryptedUploadOutput = PutObjectCommandOutput | CompleteMultipartUploadCommandOutput;

/** The client operations `upload()` is built from. */
interface MultipartUploader {
  putObject(input: PutObjectCommandInput & { readonly Body: BodyInput; readonly MaterialsDescription?: Description }): Promise<PutObjectCommandOutput>;
  createMultipartUpload(input: EncryptedCreateMultipartUploadInput): Promise<CreateMultipartUploadCommandOutput>;
  uploadPart(input: EncryptedUploadPartInput): Promise<UploadPartCommandOutput>;
  completeMultipartUpload(input: CompleteMultipartUploadCommandInput): Promise<CompleteMultipartUploadCommandOutput>;
  abortMultipartUpload(input: AbortMultipartUploadCommandInput): Promise<unknown>;
}

export async function uploadStream(client: MultipartUploader, input: EncryptedUploadInput): Promise<EncryptedUploadOutput> {
  const { Body, partSize = DEFAULT_PART_BYTES, queueSize = DEFAULT_QUEUE_SIZE, ...params } = input;
  checkSizes(partSize, queueSize);
  const parts = rechunk(toAsyncIterable(Body), partSize)[Symbol.asyncIterator]();
  const first = await parts.next();
  const second = first.done ? first : await parts.next();
  if (second.done) {
    const body = first.done ? new Uint8Array(0) : first.value;
    return client.putObject({ ...params, Body: body, ContentLength: body.byteLength });
  }

  const { UploadId } = await client.createMultipartUpload(params);
  const ids = { Bucket: params.Bucket, Key: params.Key, UploadId };
  const queue = new PartQueue(queueSize);
  try {
    let current = first.value;
    let next: IteratorResult<Uint8Array> = second;
    for (let PartNumber = 1; ; PartNumber += 1) {
      const isLastPart = next.done === true;
      if (PartNumber > MAX_PART_NUMBER) {
        fail('INVALID_ARGUMENT', `the body needs more than ${MAX_PART_NUMBER} parts of ${partSize} bytes; raise partSize`);
      }
      // uploadPart seals the part before it returns its promise, so parts enter the GCM stream in this order.
      await queue.add(client.uploadPart({ ...ids, PartNumber, Body: current, isLastPart }));
      if (isLastPart) break;
      current = next.value as Uint8Array;
      next = await parts.next();
    }
    await queue.drain();
    return await client.completeMultipartUpload(ids);
  } catch (e) {
    await client.abortMultipartUpload(ids).catch(() => undefined);
    await queue.settle();
    await parts.return?.(undefined).catch(() => undefined);
    throw e;
  }
}

function checkSizes(partSize: number, queueSize: number): void {
  if (!Number.isSafeInteger(partSize) || partSize < S3_MIN_PART_BYTES || partSize > S3_MAX_PART_BYTES || partSize % 16 !== 0) {
    fail('INVALID_ARGUMENT', `partSize must be a multiple of 16 from ${S3_MIN_PART_BYTES} (5 MiB) to ${S3_MAX_PART_BYTES} (5 GiB) bytes, got ${partSize}`);
  }
  if (!Number.isSafeInteger(queueSize) || queueSize < 1) fail('INVALID_ARGUMENT', `queueSize must be a positive integer, got ${queueSize}`);
}

/** Part uploads in flight, at most `limit`; the first failure is kept and rethrown. */
class PartQueue {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  #failure: { readonly error: unknown } | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Adds a running part; resolves once there is room for another. */
  async add(part: Promise<unknown>): Promise<void> {
    const settled = part.then(
      () => undefined,
      (error: unknown) => void (this.#failure ??= { error }),
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
    while (this.#running.size >= this.#limit) {
      await Promise.race(this.#running);
      this.#rethrow();
    }
    this.#rethrow();
  }

  async drain(): Promise<void> {
    await this.settle();
    this.#rethrow();
  }

  async settle(): Promise<void> {
    await Promise.all(this.#running);
  }

  #rethrow(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
