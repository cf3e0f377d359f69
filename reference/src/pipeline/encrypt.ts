import { GCM_MAX_PLAINTEXT_BYTES, GCM_TAG_BYTES, type WriteFormat } from '../algorithms.js';
import { fail } from '../errors.js';
import { toAsyncIterable, type BodyInput } from '../content/body.js';
import { sealChunks } from '../content/gcm.js';
import type { Description, StorageMode } from '../metadata/envelope.js';
import { assertMetadataFits } from '../metadata/size.js';
import { copyDescription, objectRef, providerFor, resolveWriteLayout, type KeySource, type WriteRequest, type WriteSettings } from './options.js';
import type { CommitmentPolicy } from './policy.js';
import { sealObject } from './seal.js';

export type { WriteFormat } from '../algorithms.js';

export type EncryptOptions = Partial<KeySource> & {
  readonly storage?: StorageMode;
  /** Default v3; must agree with the commitment policy (v2 needs FORBID_ENCRYPT_ALLOW_DECRYPT). */
  readonly format?: WriteFormat;
  /** Default REQUIRE_ENCRYPT_REQUIRE_DECRYPT (policy.ts). */
  readonly commitmentPolicy?: CommitmentPolicy;
  /** Request description: handed to the materials provider; merged into a KMS encryption context. */
  readonly description?: Description;
  /** Plaintext length, when the body is a stream. Stored as `x-amz-unencrypted-content-length` (V2). */
  readonly contentLength?: number;
  /** The object the envelope is for; lets a provider pick keys by bucket or key. */
  readonly bucket?: string;
  readonly key?: string;
};

export interface EncryptedObject {
  /** Ciphertext followed by the 16-byte tag, produced lazily as the body is read. */
  readonly body: AsyncGenerator<Buffer>;
  /** Ciphertext length, when the plaintext length is known. */
  readonly contentLength?: number;
  /** S3EC metadata for the object (keys without `x-amz-meta-`). */
  readonly metadata: Record<string, string>;
  /** Instruction-file body (JSON), in instruction-file storage mode. */
  readonly instructionFile?: string;
}

/**
 * Encrypts one object offline: wraps a fresh data key and returns the envelope and a
 * ciphertext stream. Memory is bounded by the body's chunk size. The entry point: every option
 * is checked here, once.
 */
export async function encryptObject(body: BodyInput, options: EncryptOptions): Promise<EncryptedObject> {
  const layout = resolveWriteLayout(options);
  const plaintextLength = knownLength(body, options.contentLength);
  const description = copyDescription(options.description);
  const settings: WriteSettings = { ...layout, provider: providerFor(options) };
  const encrypted = await encryptBody(settings, body, { ...objectRef(options), description, ...lengthOf(plaintextLength) });
  // The client checks the metadata it sends, user metadata included; offline this is all of it.
  if (settings.storage === 'metadata') assertMetadataFits(encrypted.metadata);
  return encrypted;
}

/** The ciphertext stream and envelope of a body whose settings and request are already checked. */
export async function encryptBody(settings: WriteSettings, body: BodyInput, request: WriteRequest): Promise<EncryptedObject> {
  const { plaintextLength } = request;
  if (plaintextLength !== undefined && plaintextLength > GCM_MAX_PLAINTEXT_BYTES) {
    fail('TOO_LARGE', 'plaintext exceeds the AES-GCM limit of 2^36 - 32 bytes');
  }
  const sealed = await sealObject(settings, request);
  return {
    body: sealChunks(toAsyncIterable(body), sealed.cipher, plaintextLength),
    metadata: sealed.metadata,
    ...(plaintextLength === undefined ? {} : { contentLength: plaintextLength + GCM_TAG_BYTES }),
    ...(sealed.instructionFile === undefined ? {} : { instructionFile: sealed.instructionFile }),
  };
}

function lengthOf(plaintextLength: number | undefined): { plaintextLength?: number } {
  return plaintextLength === undefined ? {} : { plaintextLength };
}

/** The plaintext length the body has or the caller declares; both, when given, must agree. */
export function knownLength(body: BodyInput, declared: number | undefined): number | undefined {
  let actual: number | undefined;
  if (typeof body === 'string') actual = Buffer.byteLength(body, 'utf8');
  else if (body instanceof Uint8Array) actual = body.byteLength;
  else if (typeof Blob !== 'undefined' && body instanceof Blob) actual = body.size;
  if (declared !== undefined) {
    if (!Number.isSafeInteger(declared) || declared < 0) fail('INVALID_ARGUMENT', 'contentLength must be a non-negative integer');
    if (actual !== undefined && actual !== declared) {
      fail('INVALID_ARGUMENT', `contentLength ${declared} does not match the body's ${actual} bytes`);
    }
  }
  return actual ?? declared;
}
