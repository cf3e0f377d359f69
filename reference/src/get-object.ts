/**
 * GetObject for encrypted objects: fetch (the whole body, or the ciphertext slice covering a
 * plaintext range), find the envelope (metadata or instruction file), decrypt.
 *
 * A body that breaks off mid-transfer (connection reset, fewer bytes than Content-Length) is
 * fetched again, up to BODY_ATTEMPTS in all, when nothing has been released yet: with buffered
 * authenticated decryption the whole body is read before getObject returns. Repeats carry
 * `If-Match` with the first answer's ETag, so an object replaced in between is never mixed with
 * the old one (S3 answers 412, an S3_ERROR). Streams that release plaintext as it arrives
 * (delayed authentication, CBC, ranges) fail typed instead, saying how much was released.
 */
import { GetObjectCommand, type GetObjectCommandInput, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/core/serde';
import type { Readable } from 'node:stream';
import { DEFAULT_INSTRUCTION_SUFFIX } from './algorithms.js';
import { fail } from './errors.js';
import type { Description } from './metadata/envelope.js';
import { instructionFileKey } from './metadata/instruction-file.js';
import type { RawMetadata } from './metadata/codec.js';
import { describeEnvelope, metadataSaysEncrypted, needsInstructionFile, openObject, type DecryptedObject, type StoredObject } from './pipeline/decrypt.js';
import { decryptObjectRange } from './pipeline/decrypt-range.js';
import { copyDescription, objectRef, type ReadRequest, type ReadSettings } from './pipeline/options.js';
import { ciphertextRange, fetchingRange, planRangedGet, type PlaintextRange } from './range.js';
import { isTransientS3Failure, s3ResponseBody } from './s3/body.js';
import { getInstructionFile } from './s3/instruction-files.js';
import { sendToS3 } from './s3/send.js';

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

interface GetContext {
  readonly s3: S3Client;
  readonly read: ReadSettings;
  readonly instructionFileSuffix: string | undefined;
}

/** GETs of one object whose body broke off before any plaintext was released (the SDK's own default is 3 attempts too). */
const BODY_ATTEMPTS = 3;

export async function getEncryptedObject(ctx: GetContext, input: EncryptedGetObjectInput): Promise<EncryptedGetObjectOutput> {
  // A header S3 would ignore means the whole object, read (and authenticated) as without one.
  //= specification/s3-encryption/decryption.md#ranged-gets
  //# The S3EC MAY support the "range" parameter on GetObject which specifies a subset of bytes to download and decrypt.
  //= specification/s3-encryption/decryption.md#ranged-gets
  //# If the S3EC supports Ranged Gets, the S3EC MUST adjust the customer-provided range to include the beginning and end of the cipher blocks for the given range.
  //= specification/s3-encryption/decryption.md#ranged-gets
  //# If the object was encrypted with ALG_AES_256_GCM_IV12_TAG16_NO_KDF, then ALG_AES_256_CTR_IV16_TAG16_NO_KDF MUST be used to decrypt the range of the object.
  //= specification/s3-encryption/decryption.md#ranged-gets
  //# If the object was encrypted with ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY, then ALG_AES_256_CTR_HKDF_SHA512_COMMIT_KEY MUST be used to decrypt the range of the object.
  const range = input.Range === undefined ? undefined : planRangedGet(input.Range, ctx.read.policy.legacyUnauthenticatedModes);
  const read: ReadRequest = { ...objectRef({ bucket: input.Bucket, key: input.Key }), encryptionContext: copyDescription(input.EncryptionContext) };
  let firstEtag: string | undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await getOnce(ctx, { input, read, range }, firstEtag, (etag) => (firstEtag ??= etag));
    } catch (e) {
      if (attempt >= BODY_ATTEMPTS || !isTransientS3Failure(e)) throw e;
    }
  }
}

/** One GET, as the entry point checked it. */
interface GetRequest {
  readonly input: EncryptedGetObjectInput;
  readonly read: ReadRequest;
  readonly range: PlaintextRange | undefined;
}

async function getOnce(ctx: GetContext, { input, read, range }: GetRequest, ifMatch: string | undefined, onEtag: (etag: string) => void): Promise<EncryptedGetObjectOutput> {
  const { EncryptionContext: _context, InstructionFileSuffix, Range: _range, ...request } = input;
  const get: GetObjectCommandInput = { ...request, ...(ifMatch !== undefined && request.IfMatch === undefined ? { IfMatch: ifMatch } : {}) };
  const response = await sendToS3(() =>
    range === undefined ? ctx.s3.send(new GetObjectCommand(get)) : fetchingRange(() => ctx.s3.send(new GetObjectCommand({ ...get, Range: ciphertextRange(range) }))),
  );
  if (response.ETag !== undefined) onEtag(response.ETag);
  try {
    //= specification/s3-encryption/decryption.md#ranged-gets
    //# If the GetObject response contains a range, but the GetObject request does not contain a range, the S3EC MUST throw an exception.
    if (range === undefined && response.ContentRange !== undefined) {
      // spec decryption.md "Ranged Gets": a part the caller did not ask for is a multipart download.
      fail('UNSUPPORTED', `S3 returned part of the object (Content-Range ${response.ContentRange}) to a GET without Range: multipart download is not supported`);
    }
    const metadata = response.Metadata ?? {};
    const instructionFile = await readInstructionFile(ctx, request, metadata, InstructionFileSuffix);
    const stored: StoredObject = {
      body: s3ResponseBody(response.Body as Readable | undefined, response.ContentLength, `s3://${request.Bucket}/${request.Key}`),
      metadata,
      ...(instructionFile === undefined ? {} : { instructionFile }),
      ...(response.ContentLength === undefined ? {} : { contentLength: response.ContentLength }),
    };
    return await decryptResponse(response, stored, { ctx, read, range });
  } catch (e) {
    destroyBody(response.Body);
    throw e;
  }
}

/** Length and range describe the plaintext, as S3's would for an unencrypted copy. */
async function decryptResponse(
  response: GetObjectCommandOutput,
  stored: StoredObject,
  { ctx, read, range }: Omit<GetRequest, 'input'> & { readonly ctx: GetContext },
): Promise<EncryptedGetObjectOutput> {
  const { ContentLength: _ciphertextLength, ContentRange: _contentRange, ...rest } = response;
  if (range !== undefined) {
    const part = await decryptObjectRange({ ...stored, contentRange: response.ContentRange }, range, ctx.read, read);
    return { ...rest, Body: sdkStreamMixin(part.body), ContentLength: part.contentLength, ContentRange: part.contentRange, Encryption: describeEnvelope(part) };
  }
  const decrypted = await openObject(stored, ctx.read, read);
  return {
    ...rest,
    Body: sdkStreamMixin(decrypted.body),
    ...(decrypted.contentLength === undefined ? {} : { ContentLength: decrypted.contentLength }),
    Encryption: describeEnvelope(decrypted),
  };
}

/**
 * The instruction file's text when the object's metadata points to one or the caller names a
 * suffix. A file that is not there (never written, deleted, or gone between the two GETs) is
 * refused here, where its name is known.
 */
async function readInstructionFile(ctx: GetContext, request: GetObjectCommandInput, metadata: RawMetadata, explicitSuffix: string | undefined): Promise<string | undefined> {
  if (explicitSuffix === undefined && !needsInstructionFile(metadata)) return undefined;
  if (!request.Key) fail('INVALID_ARGUMENT', 'Key is required');
  const key = instructionFileKey(request.Key, explicitSuffix ?? ctx.instructionFileSuffix ?? DEFAULT_INSTRUCTION_SUFFIX);
  const file = await getInstructionFile(ctx.s3, { bucket: request.Bucket ?? '', key });
  if (file !== undefined) return file;
  const where = `s3://${request.Bucket}/${key}`;
  if (explicitSuffix !== undefined || metadataSaysEncrypted(metadata)) fail('INSTRUCTION_FILE_MISSING', `the instruction file ${where} does not exist`);
  return fail(
    'NOT_ENCRYPTED',
    `the object carries no S3 client-side encryption metadata and there is no instruction file ${where} (an object encrypted in instruction-file mode whose file was deleted looks the same)`,
  );
}

function destroyBody(body: unknown): void {
  if (body && typeof (body as Readable).destroy === 'function') (body as Readable).destroy();
}
