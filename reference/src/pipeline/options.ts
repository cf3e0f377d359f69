/**
 * The caller's options, checked once where they enter (the client's constructor, the offline
 * API's functions) and resolved into settings; everything behind the entry points takes the
 * settings and checks nothing again.
 */
import { DEFAULT_BUFFER_BYTES, type WriteFormat } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Keyring, MaterialsProvider } from '../keyrings/keyring.js';
import { StaticMaterialsProvider } from '../keyrings/provider.js';
import type { Description, StorageMode } from '../metadata/envelope.js';
import { resolveCommitmentPolicy, resolveWriteFormat, type CommitmentPolicy } from './policy.js';

/** Where keys come from: one keyring for everything, or a provider that picks per object. */
export type KeySource = { readonly keyring: Keyring; readonly materialsProvider?: undefined } | { readonly materialsProvider: MaterialsProvider; readonly keyring?: undefined };

/**
 * What a reader accepts. Everything unsafe is off by default, as in the Java v3/v4 clients.
 */
export interface DecryptPolicy {
  /**
   * Key-commitment policy (default REQUIRE_ENCRYPT_REQUIRE_DECRYPT: only V3 objects are read, only
   * V3 is written). It also governs writes, where it must agree with the format (policy.ts).
   * Java: `commitmentPolicy`.
   */
  readonly commitmentPolicy?: CommitmentPolicy;
  /** Read AES-CBC content (unauthenticated). Java: `enableLegacyUnauthenticatedModes`. */
  readonly legacyUnauthenticatedModes?: boolean;
  /** Read AESWrap, RSA-OAEP-SHA256, kms and EncryptionOnly wraps. Java: `enableLegacyWrappingAlgorithms`. */
  readonly legacyWrappingAlgorithms?: boolean;
  /**
   * Stream GCM plaintext before the tag is checked; a bad tag then errors the stream at its end.
   * Java: `enableDelayedAuthenticationMode`.
   */
  readonly delayedAuthentication?: boolean;
  /** Largest ciphertext held for authenticated decryption (default 64 MiB, as Java). */
  readonly bufferSize?: number;
}

export interface ResolvedPolicy {
  readonly commitmentPolicy: CommitmentPolicy;
  readonly legacyUnauthenticatedModes: boolean;
  readonly legacyWrappingAlgorithms: boolean;
  readonly delayedAuthentication: boolean;
  readonly bufferSize: number;
}

/** What every read of a client (or one offline decryption) runs with. */
export interface ReadSettings {
  readonly provider: MaterialsProvider;
  readonly policy: ResolvedPolicy;
}

/** What every write of a client (or one offline encryption) runs with. */
export interface WriteSettings {
  readonly provider: MaterialsProvider;
  readonly format: WriteFormat;
  readonly storage: StorageMode;
}

/** The object a read or write is for; lets a provider pick keys by bucket or key. */
interface ObjectRef {
  readonly bucket?: string;
  readonly key?: string;
}

/** One read: the object and the KMS encryption context its caller expects (`{}`: none stated). */
export interface ReadRequest extends ObjectRef {
  readonly encryptionContext: Description;
}

/** One write: the object and the caller's request description (copied at the entry point). */
export interface WriteRequest extends ObjectRef {
  readonly description: Description;
  /** Plaintext length, when known before the body is read; stored as x-amz-unencrypted-content-length (V2). */
  readonly plaintextLength?: number;
}

interface WriteOptions {
  readonly commitmentPolicy?: CommitmentPolicy;
  readonly format?: WriteFormat;
  readonly storage?: StorageMode;
}

/** Format (checked against the commitment policy) and storage mode of a writer. */
export function resolveWriteLayout(options: WriteOptions): Omit<WriteSettings, 'provider'> {
  const format = resolveWriteFormat(options.commitmentPolicy, options.format);
  const storage = options.storage ?? 'metadata';
  if (storage !== 'metadata' && storage !== 'instruction') fail('INVALID_ARGUMENT', `unknown storage "${String(storage)}"`);
  return { format, storage };
}

export function resolvePolicy(policy: DecryptPolicy): ResolvedPolicy {
  const bufferSize = policy.bufferSize ?? DEFAULT_BUFFER_BYTES;
  if (!Number.isSafeInteger(bufferSize) || bufferSize < 16) {
    fail('INVALID_ARGUMENT', 'bufferSize must be an integer of at least 16 bytes');
  }
  if (policy.bufferSize !== undefined && policy.delayedAuthentication) {
    // Java refuses the same combination: a buffer size means nothing when nothing is buffered.
    fail('INVALID_ARGUMENT', 'bufferSize cannot be combined with delayedAuthentication');
  }
  return {
    commitmentPolicy: resolveCommitmentPolicy(policy.commitmentPolicy),
    //= specification/s3-encryption/client.md#enable-legacy-unauthenticated-modes
    //# The S3EC MUST support the option to enable or disable legacy unauthenticated modes (content encryption algorithms).
    //= specification/s3-encryption/client.md#enable-legacy-unauthenticated-modes
    //# The option to enable legacy unauthenticated modes MUST be set to false by default.
    //= specification/s3-encryption/client.md#enable-legacy-wrapping-algorithms
    //# The S3EC MUST support the option to enable or disable legacy wrapping algorithms.
    //= specification/s3-encryption/client.md#enable-legacy-wrapping-algorithms
    //# The option to enable legacy wrapping algorithms MUST be set to false by default.
    //= specification/s3-encryption/client.md#enable-delayed-authentication
    //# The S3EC MUST support the option to enable or disable Delayed Authentication mode.
    //= specification/s3-encryption/client.md#enable-delayed-authentication
    //# Delayed Authentication mode MUST be set to false by default.
    legacyUnauthenticatedModes: policy.legacyUnauthenticatedModes ?? false,
    legacyWrappingAlgorithms: policy.legacyWrappingAlgorithms ?? false,
    delayedAuthentication: policy.delayedAuthentication ?? false,
    bufferSize,
  };
}

export function providerFor(source: Partial<KeySource>): MaterialsProvider {
  if (source.keyring && source.materialsProvider) {
    fail('INVALID_ARGUMENT', 'give either a keyring or a materialsProvider, not both');
  }
  if (source.keyring) return new StaticMaterialsProvider(source.keyring);
  if (source.materialsProvider) return source.materialsProvider;
  return fail('INVALID_ARGUMENT', 'a keyring or a materialsProvider is required');
}

/** Drops absent names, which exactOptionalPropertyTypes would otherwise carry as `undefined`. */
export function objectRef(o: { readonly bucket?: string | undefined; readonly key?: string | undefined }): ObjectRef {
  return { ...(o.bucket === undefined ? {} : { bucket: o.bucket }), ...(o.key === undefined ? {} : { key: o.key }) };
}

/** Copies a caller map so later mutation by the caller cannot change what was checked. */
export function copyDescription(d: Description | undefined): Description {
  const out: Description = {};
  for (const [k, v] of Object.entries(d ?? {})) {
    if (typeof v !== 'string') fail('INVALID_ARGUMENT', `description value for "${k}" must be a string`);
    out[k] = v;
  }
  return out;
}
