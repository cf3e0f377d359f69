import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  PutObjectCommand,
  type DeleteObjectCommandInput,
  type DeleteObjectCommandOutput,
  type DeleteObjectsCommandInput,
  type DeleteObjectsCommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DEFAULT_INSTRUCTION_SUFFIX } from './algorithms.js';
import { collect, type BodyInput } from './content/body.js';
import type { Readable } from 'node:stream';
import { fail } from './errors.js';
import type { Description, StorageMode } from './metadata/envelope.js';
import { instructionFileKey } from './metadata/instruction-file.js';
import { putInstructionFile } from './s3/instruction-files.js';
import { toWireMetadata, withUserMetadata } from './s3/metadata.js';
import { sendStreamingBody, sendToS3 as s3Call } from './s3/send.js';
import { assertMetadataFits } from './metadata/size.js';
import { getEncryptedObject, type EncryptedGetObjectInput, type EncryptedGetObjectOutput } from './get-object.js';
import { encryptBody, knownLength, type WriteFormat } from './pipeline/encrypt.js';
import { copyDescription, objectRef, providerFor, resolvePolicy, resolveWriteLayout, type DecryptPolicy, type KeySource, type ReadSettings, type WriteSettings } from './pipeline/options.js';
import type {
  AbortMultipartUploadCommandInput,
  AbortMultipartUploadCommandOutput,
  CompleteMultipartUploadCommandInput,
  CompleteMultipartUploadCommandOutput,
  CreateMultipartUploadCommandOutput,
  UploadPartCommandOutput,
} from '@aws-sdk/client-s3';
import type { EncryptedUpload } from './multipart/encrypted-upload.js';
import {
  abortEncryptedMultipartUpload,
  completeEncryptedMultipartUpload,
  createEncryptedMultipartUpload,
  uploadEncryptedPart,
  type EncryptedCreateMultipartUploadInput,
  type EncryptedUploadPartInput,
  type MultipartContext,
} from './multipart/operations.js';
import { uploadStream, type EncryptedUploadInput, type EncryptedUploadOutput } from './multipart/upload-stream.js';
import { rewrapDataKey, type ReEncryptInstructionFileInput, type ReEncryptInstructionFileOutput } from './reencrypt.js';

export type { EncryptedGetObjectInput, EncryptedGetObjectOutput } from './get-object.js';

export type S3EncryptionClientConfig = KeySource &
  DecryptPolicy & {
    /** The plain S3 client every request goes through (endpoint, region, credentials are its business). */
    readonly client: S3Client;
    /** Where putObject stores the envelope (default: object metadata). */
    readonly storage?: StorageMode;
    /**
     * Message format written (default v3, with key commitment). Must agree with `commitmentPolicy`:
     * v2 needs FORBID_ENCRYPT_ALLOW_DECRYPT (Java: `encryptionAlgorithm`).
     */
    readonly format?: WriteFormat;
    /** Suffix of instruction files, appended verbatim to the key (default `.instruction`). */
    readonly instructionFileSuffix?: string;
  };

export type EncryptedPutObjectInput = Omit<PutObjectCommandInput, 'Body'> & {
  readonly Body: BodyInput;
  /** Request material description / extra KMS encryption context (Java: materials description). */
  readonly MaterialsDescription?: Description;
};

/**
 * S3 client-side encryption over an `S3Client`: the same calls and shapes as the matching
 * `@aws-sdk/client-s3` commands, with bodies encrypted before they leave and decrypted on return.
 */
export class S3EncryptionClient {
  readonly #s3: S3Client;
  readonly #read: ReadSettings;
  readonly #write: WriteSettings;
  readonly #instructionFileSuffix: string | undefined;

  /** Every setting is checked here, once (a format the policy forbids too, as in Java); the operations trust them. */
  constructor(config: S3EncryptionClientConfig) {
    // Checked now: without it the first call would fail as "Cannot read properties of undefined".
    if (typeof (config as { client?: { send?: unknown } }).client?.send !== 'function') {
      fail('INVALID_ARGUMENT', 'client: an S3Client is required (new S3EncryptionClient({ client: new S3Client({ region }), keyring }))');
    }
    const provider = providerFor(config);
    this.#read = { provider, policy: resolvePolicy(config) };
    this.#write = { provider, ...resolveWriteLayout(config) };
    this.#s3 = config.client;
    this.#instructionFileSuffix = config.instructionFileSuffix;
  }

  async putObject(input: EncryptedPutObjectInput): Promise<PutObjectCommandOutput> {
    const { Body, MaterialsDescription, Metadata, ContentLength, ContentMD5, ...rest } = input;
    if (ContentMD5 !== undefined) fail('INVALID_ARGUMENT', 'ContentMD5 describes the plaintext and cannot be sent for an encrypted body');
    const plaintextLength = knownLength(Body, ContentLength);
    if (plaintextLength === undefined) fail('INVALID_ARGUMENT', 'ContentLength (of the plaintext) is required when Body is a stream');
    const object = objectRef({ bucket: input.Bucket, key: input.Key });
    const encrypted = await encryptBody(this.#write, Body, { ...object, description: copyDescription(MaterialsDescription), plaintextLength });
    const metadata = withUserMetadata(Metadata, toWireMetadata(encrypted.metadata));
    if (this.#write.storage === 'metadata') assertMetadataFits(metadata);
    const send = (Body: Buffer | Readable, abortSignal?: AbortSignal) =>
      this.#s3.send(new PutObjectCommand({ ...rest, Body, ContentLength: encrypted.contentLength, Metadata: metadata }), abortSignal ? { abortSignal } : {});
    // A body already in memory is sent as bytes, which the SDK can resend when a connection drops;
    // a stream goes through sendStreamingBody: a body shorter or longer than ContentLength fails
    // this call instead of crashing the process (the SDK never listens for errors of a streamed body).
    const output = await s3Call(async () => (Body instanceof Uint8Array || typeof Body === 'string' ? send(await collect(encrypted.body)) : sendStreamingBody(encrypted.body, send)));
    if (encrypted.instructionFile !== undefined) await this.#putInstructionFile(input, encrypted.instructionFile);
    return output;
  }

  getObject(input: EncryptedGetObjectInput): Promise<EncryptedGetObjectOutput> {
    return getEncryptedObject({ s3: this.#s3, read: this.#read, instructionFileSuffix: this.#instructionFileSuffix }, input);
  }

  /** Deletes the object and its instruction file (default suffix), as the Java v3/v4 client does. */
  async deleteObject(input: DeleteObjectCommandInput): Promise<DeleteObjectCommandOutput> {
    const output = await s3Call(() => this.#s3.send(new DeleteObjectCommand(input)));
    const { VersionId: _v, ...rest } = input;
    await s3Call(() => this.#s3.send(new DeleteObjectCommand({ ...rest, Key: this.#instructionKey(input.Key) })));
    return output;
  }

  /** Deletes the objects and their instruction files; results list the caller's keys only. */
  async deleteObjects(input: DeleteObjectsCommandInput): Promise<DeleteObjectsCommandOutput> {
    const objects = input.Delete?.Objects ?? [];
    const requested = new Set(objects.map((o) => o.Key));
    const instructionFiles = objects.map((o) => ({ Key: this.#instructionKey(o.Key) })).filter((o) => !requested.has(o.Key));
    const all = [...objects, ...instructionFiles];
    const merged: DeleteObjectsCommandOutput = { $metadata: {}, Deleted: [], Errors: [] };
    for (let i = 0; i < all.length; i += 1000) {
      // S3 takes at most 1000 keys per request; instruction files double the count.
      const batch = all.slice(i, i + 1000);
      const out = await s3Call(() => this.#s3.send(new DeleteObjectsCommand({ ...input, Delete: { ...input.Delete, Objects: batch } })));
      merged.$metadata = out.$metadata;
      merged.Deleted!.push(...(out.Deleted ?? []).filter((d) => requested.has(d.Key)));
      merged.Errors!.push(...(out.Errors ?? []));
    }
    return merged;
  }

  #instructionKey(key: string | undefined, suffix?: string): string {
    if (!key) fail('INVALID_ARGUMENT', 'Key is required');
    return instructionFileKey(key, suffix ?? DEFAULT_INSTRUCTION_SUFFIX);
  }

  async #putInstructionFile(input: EncryptedPutObjectInput, body: string): Promise<void> {
    const Key = this.#instructionKey(input.Key, this.#instructionFileSuffix);
    try {
      await putInstructionFile(this.#s3, { bucket: input.Bucket ?? '', key: Key }, body);
    } catch (cause) {
      // Without its instruction file the object just written can never be decrypted: remove it
      // rather than leave an undecryptable object behind.
      await this.#s3.send(new DeleteObjectCommand({ Bucket: input.Bucket, Key: input.Key })).catch(() => undefined);
      fail('S3_ERROR', `writing the instruction file ${Key} failed; the object was removed`, cause);
    }
  }

  // Multipart upload (multipart/) and instruction-file re-encryption (reencrypt.ts).

  readonly #multipartUploads = new Map<string, EncryptedUpload>();

  /**
   * CreateMultipartUpload for an encrypted object: wraps a data key, sends the envelope as object
   * metadata (or keeps it for an instruction file written on completion) and keeps the GCM cipher
   * for the parts under the returned UploadId.
   */
  createMultipartUpload(input: EncryptedCreateMultipartUploadInput): Promise<CreateMultipartUploadCommandOutput> {
    return createEncryptedMultipartUpload(this.#multipart(), input);
  }

  /**
   * UploadPart: call in ascending PartNumber order; every part but the last a multiple of 16
   * bytes; flag the final part with `isLastPart` (it carries the tag). A refused or failed part
   * aborts the upload (MULTIPART_MISUSE / S3_ERROR).
   */
  uploadPart(input: EncryptedUploadPartInput): Promise<UploadPartCommandOutput> {
    return uploadEncryptedPart(this.#multipart(), input);
  }

  /** CompleteMultipartUpload, after the last part; `MultipartUpload.Parts` may be left out. */
  completeMultipartUpload(input: CompleteMultipartUploadCommandInput): Promise<CompleteMultipartUploadCommandOutput> {
    return completeEncryptedMultipartUpload(this.#multipart(), input);
  }

  abortMultipartUpload(input: AbortMultipartUploadCommandInput): Promise<AbortMultipartUploadCommandOutput> {
    return abortEncryptedMultipartUpload(this.#multipart(), input);
  }

  /** Uploads a body of any size: multipart in `partSize` parts, `queueSize` in flight; one PutObject if it fits one part. */
  upload(input: EncryptedUploadInput): Promise<EncryptedUploadOutput> {
    return uploadStream(this, input);
  }

  /**
   * Re-wraps an object's data key under `newKeyring` into a new instruction file, without reading
   * or rewriting the body (Java: `reEncryptInstructionFile`; rules in reencrypt.ts).
   */
  reEncryptInstructionFile(input: ReEncryptInstructionFileInput): Promise<ReEncryptInstructionFileOutput> {
    return rewrapDataKey({ s3: this.#s3, read: this.#read, writeFormat: this.#write.format, instructionFileSuffix: this.#instructionFileSuffix ?? DEFAULT_INSTRUCTION_SUFFIX }, input);
  }

  #multipart(): MultipartContext {
    return {
      s3: this.#s3,
      write: this.#write,
      instructionFileSuffix: this.#instructionFileSuffix ?? DEFAULT_INSTRUCTION_SUFFIX,
      uploads: this.#multipartUploads,
    };
  }
}
