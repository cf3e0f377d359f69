import { Readable } from 'node:stream';
import { describeWrap, GCM_TAG_BYTES, wrapSpec, type ContentAlgorithm, type WrapAlgorithm } from '../algorithms.js';
import { fail } from '../errors.js';
import { toAsyncIterable, type BodyInput } from '../content/body.js';
import { decryptCbc } from '../content/cbc.js';
import { deriveCommittedKeys, verifyCommitment, V3_CONTENT_AAD, V3_CONTENT_IV } from '../content/committing.js';
import { failDecrypt } from '../content/failure.js';
import { decryptGcmBuffered, type GcmParams } from '../content/gcm.js';
import { decryptGcmDelayed } from '../content/gcm-delayed.js';
import { assertPlaintextLength, checkedPlaintextLength, measuredBody, releasing } from '../content/length-guards.js';
import { decodeEnvelope, locateEnvelope, normalizeMetadata, type RawMetadata } from '../metadata/codec.js';
import type { Description, Envelope, FormatVersion } from '../metadata/envelope.js';
import { parseInstructionFile } from '../metadata/instruction-file.js';
import { UNENCRYPTED_CONTENT_LENGTH, V3_OBJECT_ONLY_KEYS } from '../metadata/keys.js';
import { DataKeyMaterials } from '../materials.js';
import { has } from '../metadata/fields.js';
import { copyDescription, objectRef, providerFor, resolvePolicy, type DecryptPolicy, type KeySource, type ReadRequest, type ReadSettings, type ResolvedPolicy } from './options.js';
import { checkReadCommitment } from './policy.js';

export type DecryptOptions = Partial<KeySource> &
  DecryptPolicy & {
    /** Caller's KMS encryption context; must equal the stored one (minus reserved keys). */
    readonly encryptionContext?: Description;
    readonly bucket?: string;
    readonly key?: string;
  };

/** An object as stored: body, its user metadata, and (if any) its instruction file's body. */
export interface StoredObject {
  readonly body: BodyInput;
  /** User metadata, with or without `x-amz-meta-` prefixes, any case. */
  readonly metadata: RawMetadata;
  readonly instructionFile?: string;
  /** Stored (ciphertext) length if known, e.g. S3 Content-Length; lets oversize objects fail early. */
  readonly contentLength?: number;
}

export interface DecryptedObject {
  /** Plaintext. Unless delayed authentication is on, nothing here was released before the tag verified. */
  readonly body: Readable;
  /** Plaintext length when it is known before reading (GCM, or CBC with a stored length). */
  readonly contentLength?: number;
  readonly format: FormatVersion;
  readonly content: ContentAlgorithm;
  readonly wrap: WrapAlgorithm;
  readonly description: Description;
}

/** Does this metadata say the envelope lives in an instruction file? (Used by the S3 client.) */
export function needsInstructionFile(metadata: RawMetadata): boolean {
  return locateEnvelope(normalizeMetadata(metadata)).kind === 'instruction-file';
}

/**
 * Does metadata without an envelope still say the object was encrypted? V3 `c/d/i` on the object,
 * or the plaintext length the Java and Go clients write, do; empty metadata does not.
 */
export function metadataSaysEncrypted(metadata: RawMetadata): boolean {
  const meta = normalizeMetadata(metadata);
  const location = locateEnvelope(meta);
  return location.kind === 'object' || location.v3 || has(meta, UNENCRYPTED_CONTENT_LENGTH);
}

/**
 * Decrypts one object offline. The entry point: the arguments and options are checked here,
 * once; then the object is read as `openObject` reads it.
 */
export async function decryptObject(stored: StoredObject, options: DecryptOptions): Promise<DecryptedObject> {
  assertShapes(stored, options);
  const settings: ReadSettings = { policy: resolvePolicy(options), provider: providerFor(options) };
  return openObject(stored, settings, { ...objectRef(options), encryptionContext: copyDescription(options.encryptionContext) });
}

/**
 * Order matters: metadata is validated and the legacy switches are applied before any key is
 * unwrapped, and the V3 commitment is checked before any content is decrypted
 * (s3-encryption/decryption.md). The data key is zeroed before this returns, whatever happens:
 * the ciphers hold their own copies.
 */
export async function openObject(stored: StoredObject, settings: ReadSettings, request: ReadRequest): Promise<DecryptedObject> {
  const envelope = readPermittedEnvelope(stored, settings.policy);
  const materials = await unwrapDataKey(envelope, settings, request);
  try {
    const { plaintext, contentLength } = await decryptContent(stored, envelope, settings.policy, materials);
    return {
      body: Readable.from(plaintext, { objectMode: false }),
      ...(contentLength === undefined ? {} : { contentLength }),
      ...describeEnvelope(envelope),
    };
  } finally {
    materials.zero();
  }
}

async function decryptContent(
  stored: StoredObject,
  envelope: Envelope,
  policy: ResolvedPolicy,
  materials: DataKeyMaterials,
): Promise<{ plaintext: AsyncIterable<Buffer> | Iterable<Buffer>; contentLength: number | undefined }> {
  const body = toAsyncIterable(stored.body);
  const source = measuredBody(body, stored.contentLength);
  const declaredPlaintext = envelope.plaintextLength;
  if (envelope.content === 'cbc') {
    // CBC releases plaintext before its padding (the only check it has) is seen: legacy, opted in.
    const cbc = decryptCbc(source, { key: materials.dataKey, iv: requireField(envelope.iv, 'x-amz-iv') });
    return { plaintext: releasing(checkedPlaintextLength(cbc, declaredPlaintext)), contentLength: declaredPlaintext };
  }
  const params = gcmParams(envelope, materials);
  let contentLength = declaredPlaintext;
  if (stored.contentLength !== undefined) {
    contentLength = Math.max(0, stored.contentLength - GCM_TAG_BYTES);
    if (declaredPlaintext !== undefined && declaredPlaintext !== contentLength) failDecrypt();
  }
  if (policy.delayedAuthentication) {
    return { plaintext: decryptGcmDelayed(body, params, { stored: stored.contentLength, plaintext: declaredPlaintext }), contentLength };
  }
  const held = await decryptGcmBuffered(source, params, {
    maxCiphertextBytes: policy.bufferSize,
    ...(stored.contentLength === undefined ? {} : { declaredLength: stored.contentLength }),
  });
  assertPlaintextLength(held, declaredPlaintext);
  return { plaintext: held, contentLength };
}

/** What the envelope said, for the caller: format, content and wrap algorithms, stored description. */
export function describeEnvelope(envelope: Pick<Envelope, 'format' | 'content' | 'wrap' | 'description'>): Pick<DecryptedObject, 'format' | 'content' | 'wrap' | 'description'> {
  return { format: envelope.format, content: envelope.content, wrap: envelope.wrap, description: envelope.description };
}

/**
 * The checks every read makes before touching a key: metadata, then the legacy switches and the
 * commitment policy (in the Java v4 order: legacy content, commitment, legacy wrap).
 */
export function readPermittedEnvelope(stored: StoredObject, policy: ResolvedPolicy): Envelope {
  const envelope = readEnvelope(stored);
  checkPolicy(envelope, policy);
  return envelope;
}

/** The data key, in materials the caller zeroes once its cipher exists. */
export async function unwrapDataKey(envelope: Envelope, settings: ReadSettings, request: ReadRequest): Promise<DataKeyMaterials> {
  const keyring = await settings.provider.decryptionKeyring({ ...objectRef(request), description: envelope.description, wrap: envelope.wrap });
  const dataKey = await keyring.unwrap({
    envelope,
    legacyWrapping: settings.policy.legacyWrappingAlgorithms,
    encryptionContext: request.encryptionContext,
  });
  return new DataKeyMaterials().setDataKey(dataKey);
}

function readEnvelope(stored: StoredObject): Envelope {
  const meta = normalizeMetadata(stored.metadata);
  const location = locateEnvelope(meta);
  // An instruction file handed in wins over the object's own envelope: after a re-encryption (key
  // rotation) the object keeps its first envelope and the new one lives in `<key><suffix>`, which
  // is what a caller naming a suffix asks for (Java v1 and S3EC v3/v4 read it the same way).
  if (stored.instructionFile !== undefined) return decodeEnvelope(meta, parseInstructionFile(stored.instructionFile));
  if (location.kind === 'object') return decodeEnvelope(meta);
  if (location.v3 || has(meta, UNENCRYPTED_CONTENT_LENGTH)) {
    const v3 = V3_OBJECT_ONLY_KEYS.filter((key) => has(meta, key));
    const carries = v3.length > 0 ? `the object carries the V3 keys ${v3.join(', ')} and keeps the rest of its envelope (x-amz-3, x-amz-w, x-amz-m, x-amz-t)` : 'the object keeps its envelope';
    fail('INSTRUCTION_FILE_MISSING', `${carries} in an instruction file (its metadata has no wrapped key), and none was given`);
  }
  return fail('NOT_ENCRYPTED', 'the object carries no S3 client-side encryption metadata');
}

function checkPolicy(envelope: Envelope, policy: ResolvedPolicy): void {
  //= specification/s3-encryption/client.md#enable-legacy-unauthenticated-modes
  //# When disabled, the S3EC MUST NOT decrypt objects encrypted using legacy content encryption algorithms; it MUST throw an exception when attempting to decrypt an object encrypted with a legacy content encryption algorithm.
  //= specification/s3-encryption/decryption.md#legacy-decryption
  //# The S3EC MUST NOT decrypt objects encrypted using legacy unauthenticated algorithm suites unless specifically configured to do so.
  //= specification/s3-encryption/decryption.md#legacy-decryption
  //# If the S3EC is not configured to enable legacy unauthenticated content decryption, the client MUST throw an exception when attempting to decrypt an object encrypted with a legacy unauthenticated algorithm suite.
  //= specification/s3-encryption/decryption.md#cbc-decryption
  //# If an object is encrypted with ALG_AES_256_CBC_IV16_NO_KDF and [legacy unauthenticated algorithm suites](#legacy-decryption) is NOT enabled, the S3EC MUST throw an error which details that client was not configured to decrypt objects with ALG_AES_256_CBC_IV16_NO_KDF.
  //= specification/s3-encryption/decryption.md#key-commitment
  //# The S3EC MUST validate the algorithm suite used for decryption against the key commitment policy before attempting to decrypt the content ciphertext.
  if (envelope.content === 'cbc' && !policy.legacyUnauthenticatedModes) {
    fail('LEGACY_DISABLED', 'the object uses AES/CBC (unauthenticated); enable legacyUnauthenticatedModes to read it');
  }
  checkReadCommitment(policy.commitmentPolicy, envelope.content);
  //= specification/s3-encryption/client.md#enable-legacy-wrapping-algorithms
  //# When disabled, the S3EC MUST NOT decrypt objects encrypted using legacy wrapping algorithms; it MUST throw an exception when attempting to decrypt an object encrypted with a legacy wrapping algorithm.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#supported-wrapping-algorithm-modes
  //# The KmsV1 mode MUST be only enabled when legacy wrapping algorithms are enabled.
  if (wrapSpec(envelope.wrap)?.legacy && !policy.legacyWrappingAlgorithms) {
    fail('LEGACY_DISABLED', `the data key uses the legacy wrap ${describeWrap(envelope.wrap, envelope.encryptedKey)}; enable legacyWrappingAlgorithms to read it`);
  }
}

/** Key, IV and AAD of a GCM body; for V3 the commitment is verified first (decryption.md). */
export function gcmParams(envelope: Envelope, materials: DataKeyMaterials): GcmParams {
  if (envelope.content === 'gcm-committing') {
    const keys = deriveCommittedKeys(materials.dataKey, requireField(envelope.messageId, 'x-amz-i'));
    const key = materials.adopt(keys.encryptionKey);
    verifyCommitment(requireField(envelope.commitment, 'x-amz-d'), keys.commitment);
    return { key, iv: V3_CONTENT_IV, aad: V3_CONTENT_AAD };
  }
  return { key: materials.dataKey, iv: requireField(envelope.iv, 'x-amz-iv') };
}

/** The front door's argument checks, so a null or a string is a typed refusal, not a TypeError. */
function assertShapes(stored: StoredObject, options: DecryptOptions): void {
  if (!isObject(stored)) fail('INVALID_ARGUMENT', 'the stored object must be an object { body, metadata, instructionFile?, contentLength? }');
  if (!isObject(options)) fail('INVALID_ARGUMENT', 'decryption options must be an object');
  if (stored.body === null || stored.body === undefined) fail('INVALID_ARGUMENT', 'the stored object needs a body (bytes, a string, a stream, a Blob or an async iterable)');
  if (!isObject(stored.metadata) || Array.isArray(stored.metadata)) fail('INVALID_ARGUMENT', 'metadata must be an object mapping metadata keys to string values');
  if (stored.instructionFile !== undefined && typeof stored.instructionFile !== 'string') fail('INVALID_ARGUMENT', "instructionFile must be the instruction file's text");
  const length = stored.contentLength;
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 0)) fail('INVALID_ARGUMENT', 'contentLength must be a non-negative integer');
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function requireField(value: Uint8Array | undefined, field: string): Uint8Array {
  return value ?? fail('MALFORMED_METADATA', `${field} is missing`);
}
