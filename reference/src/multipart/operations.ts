/**
 * Encrypted multipart upload, shaped like the S3 commands (CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload, AbortMultipartUpload) plus an `isLastPart` flag on UploadPart, as the
 * Java client's `SdkPartType.LAST`. The client keeps each upload's cipher (`EncryptedUpload`)
 * under its UploadId.
 *
 * Fail closed: any refused part or completion of an upload in progress (MULTIPART_MISUSE and the
 * argument errors) and any failed part upload aborts it on S3 and forgets it, so a half-sealed
 * GCM stream can never be completed into an object that does not decrypt. A call naming an
 * upload this client does not hold (or another bucket/key) is refused without side effects.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  UploadPartCommand,
  type AbortMultipartUploadCommandInput,
  type AbortMultipartUploadCommandOutput,
  type CompleteMultipartUploadCommandInput,
  type CompleteMultipartUploadCommandOutput,
  type CompletedPart,
  type CreateMultipartUploadCommandInput,
  type CreateMultipartUploadCommandOutput,
  type S3Client,
  type UploadPartCommandInput,
  type UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import { toAsyncIterable, type BodyInput } from '../content/body.js';
import { fail } from '../errors.js';
import type { Description } from '../metadata/envelope.js';
import { instructionFileKey } from '../metadata/instruction-file.js';
import { assertMetadataFits } from '../metadata/size.js';
import { copyDescription, type WriteSettings } from '../pipeline/options.js';
import { sealObject } from '../pipeline/seal.js';
import { putInstructionFile } from '../s3/instruction-files.js';
import { toWireMetadata, withUserMetadata } from '../s3/metadata.js';
import { sendStreamingBody, sendToS3 } from '../s3/send.js';
import { EncryptedUpload } from './encrypted-upload.js';

/** What the multipart operations need from the client that owns them. */
export interface MultipartContext {
  readonly s3: S3Client;
  readonly write: WriteSettings;
  readonly instructionFileSuffix: string;
  /** The client's uploads in progress, by UploadId. */
  readonly uploads: Map<string, EncryptedUpload>;
}

export type EncryptedCreateMultipartUploadInput = CreateMultipartUploadCommandInput & {
  /** Request material description / extra KMS encryption context, as on putObject. */
  readonly MaterialsDescription?: Description;
};

export type EncryptedUploadPartInput = Omit<UploadPartCommandInput, 'Body' | 'ContentLength'> & {
  readonly Body: BodyInput;
  /** Plaintext length of this part; required when Body is a stream. */
  readonly ContentLength?: number;
  /** This is the final part: the cipher is finished and the 16-byte GCM tag appended to it. */
  readonly isLastPart?: boolean;
};

export async function createEncryptedMultipartUpload(ctx: MultipartContext, input: EncryptedCreateMultipartUploadInput): Promise<CreateMultipartUploadCommandOutput> {
  const { MaterialsDescription, Metadata, ...request } = input;
  if (!request.Bucket || !request.Key) fail('INVALID_ARGUMENT', 'Bucket and Key are required');
  // One data key, IV (V2) or message id (V3) and GCM cipher for the whole object. No plaintext
  // length is stored: it is not known yet (Java stores none for multipart uploads either).
  const sealed = await sealObject(ctx.write, { bucket: request.Bucket, key: request.Key, description: copyDescription(MaterialsDescription) });
  const metadata = withUserMetadata(Metadata, toWireMetadata(sealed.metadata));
  if (ctx.write.storage === 'metadata') assertMetadataFits(metadata);
  const output = await sendToS3(() => ctx.s3.send(new CreateMultipartUploadCommand({ ...request, Metadata: metadata })));
  if (!output.UploadId) fail('S3_ERROR', 'S3 CreateMultipartUpload returned no UploadId');
  ctx.uploads.set(
    output.UploadId,
    new EncryptedUpload({
      bucket: request.Bucket,
      key: request.Key,
      uploadId: output.UploadId,
      cipher: sealed.cipher,
      ...(sealed.instructionFile === undefined ? {} : { instructionFile: sealed.instructionFile }),
    }),
  );
  return output;
}

/**
 * Encrypts and uploads one part. An in-memory body is encrypted before this function first
 * awaits, so parts may be sent concurrently as long as the calls are made in order; a streamed
 * body occupies the cipher until it has been read.
 */
export async function uploadEncryptedPart(ctx: MultipartContext, input: EncryptedUploadPartInput): Promise<UploadPartCommandOutput> {
  const { Body, ContentLength, isLastPart = false, ...request } = input;
  const upload = uploadFor(ctx, input);
  let body: Buffer | AsyncGenerator<Buffer>;
  let plaintextLength: number;
  try {
    refusePlaintextDigests(input);
    plaintextLength = partLength(Body, ContentLength);
    upload.admitPart(input.PartNumber, plaintextLength, isLastPart);
    body = isInMemory(Body) ? upload.sealBytes(typeof Body === 'string' ? Buffer.from(Body, 'utf8') : Body, isLastPart) : upload.sealStream(toAsyncIterable(Body), plaintextLength, isLastPart);
  } catch (e) {
    await abandon(ctx, upload);
    throw e;
  }
  const sentLength = EncryptedUpload.ciphertextLength(plaintextLength, isLastPart);
  // A Buffer lets the SDK retry the part; a stream cannot be replayed, so its failure ends the upload.
  const sent = Buffer.isBuffer(body)
    ? sendToS3(() => ctx.s3.send(new UploadPartCommand({ ...request, Body: body, ContentLength: sentLength })))
    : sendToS3(() => sendStreamingBody(body, (Body, abortSignal) => ctx.s3.send(new UploadPartCommand({ ...request, Body, ContentLength: sentLength }), { abortSignal })));
  // Recording and abandoning belong to the tracked promise, so a completion waiting for running
  // parts sees their outcome, whatever order the callbacks run in.
  const part = sent.then(
    (output) => {
      upload.recordPart(completedPart(input.PartNumber!, output));
      return output;
    },
    async (e: unknown) => {
      await abandon(ctx, upload);
      throw e;
    },
  );
  upload.track(part);
  return part;
}

export async function completeEncryptedMultipartUpload(ctx: MultipartContext, input: CompleteMultipartUploadCommandInput): Promise<CompleteMultipartUploadCommandOutput> {
  const upload = uploadFor(ctx, input);
  let parts: CompletedPart[];
  try {
    await upload.readyToComplete();
    parts = upload.partsForCompletion(input.MultipartUpload?.Parts);
  } catch (e) {
    await abandon(ctx, upload);
    throw e;
  }
  let output: CompleteMultipartUploadCommandOutput;
  try {
    output = await sendToS3(() => ctx.s3.send(new CompleteMultipartUploadCommand({ ...input, MultipartUpload: { ...input.MultipartUpload, Parts: parts } })));
  } catch (e) {
    // The cipher is finished, so the parts cannot be sent again: nothing is left to retry.
    await abandon(ctx, upload);
    throw e;
  }
  forget(ctx, upload);
  if (upload.instructionFile !== undefined) await writeInstructionFile(ctx, upload, upload.instructionFile);
  return output;
}

/** Forgets the upload's cipher and aborts it on S3 (also for uploads this client did not start). */
export async function abortEncryptedMultipartUpload(ctx: MultipartContext, input: AbortMultipartUploadCommandInput): Promise<AbortMultipartUploadCommandOutput> {
  const upload = input.UploadId === undefined ? undefined : ctx.uploads.get(input.UploadId);
  if (upload) forget(ctx, upload);
  return sendToS3(() => ctx.s3.send(new AbortMultipartUploadCommand(input)));
}

function uploadFor(ctx: MultipartContext, input: { readonly UploadId?: string | undefined; readonly Bucket?: string | undefined; readonly Key?: string | undefined }): EncryptedUpload {
  const upload = input.UploadId === undefined ? undefined : ctx.uploads.get(input.UploadId);
  if (!upload) {
    fail(
      'MULTIPART_MISUSE',
      `no encrypted multipart upload ${String(input.UploadId)} is in progress on this client: it was not created here, or it was completed, aborted, or ended by an earlier refusal`,
    );
  }
  if (upload.bucket !== input.Bucket || upload.key !== input.Key) {
    fail('MULTIPART_MISUSE', `upload ${upload.uploadId} belongs to ${upload.bucket}/${upload.key}, not ${String(input.Bucket)}/${String(input.Key)}`);
  }
  return upload;
}

function forget(ctx: MultipartContext, upload: EncryptedUpload): void {
  upload.close();
  ctx.uploads.delete(upload.uploadId);
}

/** Ends an upload after a refusal or failure: best effort, the caller sees the original error. */
async function abandon(ctx: MultipartContext, upload: EncryptedUpload): Promise<void> {
  if (upload.closed) return;
  forget(ctx, upload);
  const { bucket: Bucket, key: Key, uploadId: UploadId } = upload;
  await ctx.s3.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
}

/**
 * Without its instruction file the completed object could never be decrypted, so a failed write
 * removes the object again (as putObject does).
 */
async function writeInstructionFile(ctx: MultipartContext, upload: EncryptedUpload, body: string): Promise<void> {
  const key = instructionFileKey(upload.key, ctx.instructionFileSuffix);
  try {
    await putInstructionFile(ctx.s3, { bucket: upload.bucket, key }, body);
  } catch (cause) {
    await ctx.s3.send(new DeleteObjectCommand({ Bucket: upload.bucket, Key: upload.key })).catch(() => undefined);
    fail('S3_ERROR', `writing the instruction file ${key} failed; the completed object was removed`, cause);
  }
}

/** MD5 and checksum values the caller computed describe the plaintext, not what is sent. */
function refusePlaintextDigests(input: EncryptedUploadPartInput): void {
  const given = Object.entries(input).filter(([k, v]) => v !== undefined && (k === 'ContentMD5' || (k.startsWith('Checksum') && k !== 'ChecksumAlgorithm')));
  if (given.length > 0) {
    fail('INVALID_ARGUMENT', `${given.map(([k]) => k).join(', ')} would describe the plaintext and cannot be sent for an encrypted part; use ChecksumAlgorithm`);
  }
}

function isInMemory(body: BodyInput): body is Uint8Array | string {
  return typeof body === 'string' || body instanceof Uint8Array;
}

function partLength(body: BodyInput, declared: number | undefined): number {
  const actual = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body instanceof Uint8Array ? body.byteLength : body instanceof Blob ? body.size : undefined;
  if (declared !== undefined && (!Number.isSafeInteger(declared) || declared < 0)) fail('INVALID_ARGUMENT', 'ContentLength must be a non-negative integer');
  if (actual !== undefined && declared !== undefined && actual !== declared) {
    fail('INVALID_ARGUMENT', `ContentLength ${declared} does not match the part's ${actual} bytes`);
  }
  return actual ?? declared ?? fail('INVALID_ARGUMENT', 'ContentLength (of the plaintext part) is required when Body is a stream');
}

/** The entry CompleteMultipartUpload needs: number, ETag, and any checksum S3 computed for the part. */
function completedPart(PartNumber: number, output: UploadPartCommandOutput): CompletedPart {
  const part: Record<string, unknown> = { PartNumber, ETag: output.ETag };
  for (const [k, v] of Object.entries(output)) if (k.startsWith('Checksum') && typeof v === 'string') part[k] = v;
  return part as CompletedPart;
}
