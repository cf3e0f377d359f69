import { randomBytes } from 'node:crypto';
import { contentFor, GCM_IV_BYTES, GCM_MAX_PLAINTEXT_BYTES, GCM_TAG_BYTES, V3_MESSAGE_ID_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import { toAsyncIterable, type BodyInput } from '../content/body.js';
import { deriveCommittedKeys, V3_CONTENT_AAD, V3_CONTENT_IV } from '../content/committing.js';
import { encryptGcm } from '../content/gcm.js';
import { encodeEnvelope } from '../metadata/codec.js';
import type { Description, Envelope, StorageMode } from '../metadata/envelope.js';
import { serializeInstructionFile } from '../metadata/instruction-file.js';
import { assertMetadataFits } from '../metadata/size.js';
import { copyDescription, providerFor, type KeySource } from './options.js';
import { resolveWriteFormat, type CommitmentPolicy, type WriteFormat } from './policy.js';

export type { WriteFormat } from './policy.js';

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
 * ciphertext stream. Memory is bounded by the body's chunk size.
 */
export async function encryptObject(body: BodyInput, options: EncryptOptions): Promise<EncryptedObject> {
  const format = resolveWriteFormat(options.commitmentPolicy, options.format);
  const storage = options.storage ?? 'metadata';
  if (storage !== 'metadata' && storage !== 'instruction') fail('INVALID_ARGUMENT', `unknown storage "${String(storage)}"`);
  const plaintextLength = knownLength(body, options.contentLength);
  if (plaintextLength !== undefined && plaintextLength > GCM_MAX_PLAINTEXT_BYTES) {
    fail('TOO_LARGE', 'plaintext exceeds the AES-GCM limit of 2^36 - 32 bytes');
  }
  const content = contentFor(format);
  const description = copyDescription(options.description);
  const keyring = await providerFor(options).encryptionKeyring({ ...objectRef(options), description });
  const wrapped = await keyring.wrap({ content, description });

  const base = {
    content,
    wrap: wrapped.wrap,
    encryptedKey: wrapped.encryptedKey,
    description: wrapped.description,
    ...(plaintextLength === undefined ? {} : { plaintextLength }),
  };
  let envelope: Envelope;
  let ciphertext: AsyncGenerator<Buffer>;
  const source = enforceLength(toAsyncIterable(body), plaintextLength);
  if (format === 'v3') {
    const messageId = randomBytes(V3_MESSAGE_ID_BYTES);
    const keys = deriveCommittedKeys(wrapped.dataKey, messageId);
    envelope = { ...base, format, messageId, commitment: keys.commitment };
    ciphertext = encryptGcm(source, { key: keys.encryptionKey, iv: V3_CONTENT_IV, aad: V3_CONTENT_AAD });
  } else {
    const iv = randomBytes(GCM_IV_BYTES);
    envelope = { ...base, format, iv };
    ciphertext = encryptGcm(source, { key: wrapped.dataKey, iv });
  }

  const encoded = encodeEnvelope(envelope, storage);
  if (storage === 'metadata') assertMetadataFits(encoded.metadata);
  return {
    body: ciphertext,
    metadata: encoded.metadata,
    ...(plaintextLength === undefined ? {} : { contentLength: plaintextLength + GCM_TAG_BYTES }),
    ...(encoded.instructionFile ? { instructionFile: serializeInstructionFile(encoded.instructionFile) } : {}),
  };
}

/** A stream that turns out longer or shorter than declared would make S3 store a truncated object. */
async function* enforceLength(source: AsyncIterable<Uint8Array>, expected: number | undefined): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.byteLength;
    if (expected !== undefined && seen > expected) fail('INVALID_ARGUMENT', `body is longer than contentLength ${expected}`);
    yield chunk;
  }
  if (expected !== undefined && seen !== expected) fail('INVALID_ARGUMENT', `body has ${seen} bytes, contentLength says ${expected}`);
}

function knownLength(body: BodyInput, declared: number | undefined): number | undefined {
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

export function objectRef(o: { readonly bucket?: string; readonly key?: string }): { bucket?: string; key?: string } {
  return { ...(o.bucket === undefined ? {} : { bucket: o.bucket }), ...(o.key === undefined ? {} : { key: o.key }) };
}
