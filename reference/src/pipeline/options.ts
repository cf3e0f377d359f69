import { DEFAULT_BUFFER_BYTES } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Keyring, MaterialsProvider } from '../keyrings/keyring.js';
import { StaticMaterialsProvider } from '../keyrings/provider.js';
import type { Description } from '../metadata/envelope.js';
import { resolveCommitmentPolicy, type CommitmentPolicy } from './policy.js';

/** Where keys come from: one keyring for everything, or a provider that picks per object. */
export type KeySource =
  | { readonly keyring: Keyring; readonly materialsProvider?: undefined }
  | { readonly materialsProvider: MaterialsProvider; readonly keyring?: undefined };

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

/** Copies a caller map so later mutation by the caller cannot change what was checked. */
export function copyDescription(d: Description | undefined): Description {
  const out: Description = {};
  for (const [k, v] of Object.entries(d ?? {})) {
    if (typeof v !== 'string') fail('INVALID_ARGUMENT', `description value for "${k}" must be a string`);
    out[k] = v;
  }
  return out;
}
