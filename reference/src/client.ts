import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3ServiceException,
  type DeleteObjectCommandInput,
  type DeleteObjectCommandOutput,
  type DeleteObjectsCommandInput,
  type DeleteObjectsCommandOutput,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  type PutObjectCommandInput,
  type PutObjectCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/core/serde';
import { Readable } from 'node:stream';
import { DEFAULT_INSTRUCTION_SUFFIX, INSTRUCTION_FILE_MARKER } from './algorithms.js';
import type { BodyInput } from './content/body.js';
import { fail, isS3EncryptionError } from './errors.js';
import type { Description, StorageMode } from './metadata/envelope.js';
import { instructionFileKey } from './metadata/instruction-file.js';
import { encodeS3MetadataValue } from './metadata/rfc2047.js';
import { assertMetadataFits } from './metadata/size.js';
import { decryptObject, needsInstructionFile, type DecryptedObject } from './pipeline/decrypt.js';
import { encryptObject, type WriteFormat } from './pipeline/encrypt.js';
import { providerFor, resolvePolicy, type DecryptPolicy, type KeySource } from './pipeline/options.js';

export type S3EncryptionClientConfig = KeySource &
  DecryptPolicy & {
    /** The plain S3 client every request goes through (endpoint, region, credentials are its business). */
    readonly client: S3Client;
    /** Where putObject stores the envelope (default: object metadata). */
    readonly storage?: StorageMode;
    /** Message format written (default v2; v3 adds key commitment). */
    readonly format?: WriteFormat;
    /** Suffix of instruction files, appended verbatim to the key (default `.instruction`). */
    readonly instructionFileSuffix?: string;
  };

export type EncryptedPutObjectInput = Omit<PutObjectCommandInput, 'Body'> & {
  readonly Body: BodyInput;
  /** Request material description / extra KMS encryption context (Java: materials description). */
  readonly MaterialsDescription?: Description;
};

export type EncryptedGetObjectInput = GetObjectCommandInput & {
  /** KMS encryption context the object is expected to carry (kms+context). */
  readonly EncryptionContext?: Description;
  /** Read the envelope from an instruction file with this suffix (appended verbatim). */
  readonly InstructionFileSuffix?: string;
};

export type EncryptedGetObjectOutput = GetObjectCommandOutput & {
  /** What the envelope said: format, content and wrap algorithms, stored description. */
  readonly Encryption: Pick<DecryptedObject, 'format' | 'content' | 'wrap' | 'description'>;
};

/**
 * S3 client-side encryption over an `S3Client`: the same calls and shapes as the matching
 * `@aws-sdk/client-s3` commands, with bodies encrypted before they leave and decrypted on return.
 */
export class S3EncryptionClient {
  readonly #config: S3EncryptionClientConfig;

  constructor(config: S3EncryptionClientConfig) {
    providerFor(config); // validates the key source now rather than on first use
    resolvePolicy(config);
    this.#config = config;
  }

  async putObject(input: EncryptedPutObjectInput): Promise<PutObjectCommandOutput> {
    const { Body, MaterialsDescription, Metadata, ContentLength, ContentMD5, ...rest } = input;
    if (ContentMD5 !== undefined) fail('INVALID_ARGUMENT', 'ContentMD5 describes the plaintext and cannot be sent for an encrypted body');
    const storage = this.#config.storage ?? 'metadata';
    const encrypted = await encryptObject(Body, {
      ...this.#keys(),
      storage,
      format: this.#config.format ?? 'v2',
      description: MaterialsDescription ?? {},
      ...(ContentLength === undefined ? {} : { contentLength: ContentLength }),
      ...objectOf(input),
    });
    if (encrypted.contentLength === undefined) {
      fail('INVALID_ARGUMENT', 'ContentLength (of the plaintext) is required when Body is a stream');
    }
    const metadata = mergeMetadata(Metadata, wireMetadata(encrypted.metadata));
    if (storage === 'metadata') assertMetadataFits(metadata);
    const output = await s3Call(() =>
      this.#config.client.send(
        new PutObjectCommand({ ...rest, Body: Readable.from(encrypted.body), ContentLength: encrypted.contentLength, Metadata: metadata }),
      ),
    );
    if (encrypted.instructionFile !== undefined) await this.#putInstructionFile(input, encrypted.instructionFile);
    return output;
  }

  async getObject(input: EncryptedGetObjectInput): Promise<EncryptedGetObjectOutput> {
    const { EncryptionContext, InstructionFileSuffix, ...request } = input;
    if (request.Range !== undefined) fail('UNSUPPORTED', 'ranged GET of encrypted objects is not supported yet');
    const response = await s3Call(() => this.#config.client.send(new GetObjectCommand(request)));
    try {
      const metadata = response.Metadata ?? {};
      const suffix = InstructionFileSuffix ?? this.#config.instructionFileSuffix;
      let instructionFile: string | undefined;
      if (InstructionFileSuffix !== undefined || needsInstructionFile(metadata)) {
        instructionFile = await this.#getInstructionFile(request, suffix);
      }
      const decrypted = await decryptObject(
        {
          body: response.Body as BodyInput,
          metadata,
          ...(instructionFile === undefined ? {} : { instructionFile }),
          ...(response.ContentLength === undefined ? {} : { contentLength: response.ContentLength }),
        },
        { ...this.#keys(), ...this.#policy(), ...objectOf(request), ...(EncryptionContext ? { encryptionContext: EncryptionContext } : {}) },
      );
      const { ContentLength: _ciphertextLength, ContentRange: _range, ...rest } = response;
      return {
        ...rest,
        Body: sdkStreamMixin(decrypted.body),
        ...(decrypted.contentLength === undefined ? {} : { ContentLength: decrypted.contentLength }),
        Encryption: { format: decrypted.format, content: decrypted.content, wrap: decrypted.wrap, description: decrypted.description },
      };
    } catch (e) {
      destroyBody(response.Body);
      throw e;
    }
  }

  /** Deletes the object and its instruction file (default suffix), as the Java v3/v4 client does. */
  async deleteObject(input: DeleteObjectCommandInput): Promise<DeleteObjectCommandOutput> {
    const output = await s3Call(() => this.#config.client.send(new DeleteObjectCommand(input)));
    const { VersionId: _v, ...rest } = input;
    await s3Call(() => this.#config.client.send(new DeleteObjectCommand({ ...rest, Key: this.#instructionKey(input.Key) })));
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
      const out = await s3Call(() => this.#config.client.send(new DeleteObjectsCommand({ ...input, Delete: { ...input.Delete, Objects: batch } })));
      merged.$metadata = out.$metadata;
      merged.Deleted!.push(...(out.Deleted ?? []).filter((d) => requested.has(d.Key)));
      merged.Errors!.push(...(out.Errors ?? []));
    }
    return merged;
  }

  #keys(): KeySource {
    const c = this.#config;
    return c.keyring ? { keyring: c.keyring } : { materialsProvider: c.materialsProvider! };
  }

  #policy(): DecryptPolicy {
    const { legacyUnauthenticatedModes, legacyWrappingAlgorithms, delayedAuthentication, bufferSize } = this.#config;
    return {
      ...(legacyUnauthenticatedModes === undefined ? {} : { legacyUnauthenticatedModes }),
      ...(legacyWrappingAlgorithms === undefined ? {} : { legacyWrappingAlgorithms }),
      ...(delayedAuthentication === undefined ? {} : { delayedAuthentication }),
      ...(bufferSize === undefined ? {} : { bufferSize }),
    };
  }

  #instructionKey(key: string | undefined, suffix?: string): string {
    if (!key) fail('INVALID_ARGUMENT', 'Key is required');
    return instructionFileKey(key, suffix ?? DEFAULT_INSTRUCTION_SUFFIX);
  }

  async #putInstructionFile(input: EncryptedPutObjectInput, body: string): Promise<void> {
    const Key = this.#instructionKey(input.Key, this.#config.instructionFileSuffix);
    try {
      await this.#config.client.send(
        new PutObjectCommand({ Bucket: input.Bucket, Key, Body: body, ContentLength: Buffer.byteLength(body), Metadata: { [INSTRUCTION_FILE_MARKER]: '' } }),
      );
    } catch (cause) {
      // Without its instruction file the object just written can never be decrypted: remove it
      // rather than leave an undecryptable object behind.
      await this.#config.client.send(new DeleteObjectCommand({ Bucket: input.Bucket, Key: input.Key })).catch(() => undefined);
      fail('S3_ERROR', `writing the instruction file ${Key} failed; the object was removed`, cause);
    }
  }

  async #getInstructionFile(request: GetObjectCommandInput, suffix: string | undefined): Promise<string | undefined> {
    const Key = this.#instructionKey(request.Key, suffix);
    try {
      const out = await this.#config.client.send(new GetObjectCommand({ Bucket: request.Bucket, Key }));
      return await out.Body!.transformToString('utf8');
    } catch (e) {
      if (e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.$metadata.httpStatusCode === 404)) return undefined;
      fail('S3_ERROR', `reading the instruction file ${Key} failed: ${errorName(e)}`, e);
    }
  }
}

function objectOf(o: { readonly Bucket?: string | undefined; readonly Key?: string | undefined }): { bucket?: string; key?: string } {
  return { ...(o.Bucket === undefined ? {} : { bucket: o.Bucket }), ...(o.Key === undefined ? {} : { key: o.Key }) };
}

/**
 * HTTP headers carry no raw UTF-8 (Node refuses it; Java sends it and S3 hands it back RFC 2047
 * encoded over Latin-1). Sending the value already in the form S3 would return keeps it ASCII on
 * the wire and makes our objects read back exactly like Java-written ones, by every reader.
 */
function wireMetadata(envelope: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(envelope).map(([k, v]) => [k, encodeS3MetadataValue(v)]));
}

/** User metadata may not collide with S3EC keys: a reader would take the caller's value for ours. */
function mergeMetadata(user: Record<string, string> | undefined, envelope: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...envelope };
  for (const [k, v] of Object.entries(user ?? {})) {
    const key = k.toLowerCase();
    if (key.startsWith('x-amz-')) fail('INVALID_ARGUMENT', `user metadata key "${k}" is reserved for client-side encryption`);
    merged[key] = v;
  }
  return merged;
}

async function s3Call<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isS3EncryptionError(e)) throw e;
    if (e instanceof S3ServiceException && e.name === 'MetadataTooLarge') {
      fail('METADATA_TOO_LARGE', 'S3 refused the metadata as over 2 KB; use instruction-file storage mode', e);
    }
    return fail('S3_ERROR', `S3 request failed: ${errorName(e)}`, e);
  }
}

function errorName(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function destroyBody(body: unknown): void {
  if (body && typeof (body as Readable).destroy === 'function') (body as Readable).destroy();
}
