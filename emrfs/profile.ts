/**
 * What an emrfs-site configuration asks of a client, with EMR's defaults filled in and every
 * value checked. Pure: no key is read and nothing is loaded here (provider-module.ts does that).
 */
import type { StorageMode } from '@s3cse/reference';
import { configurationError } from './configuration-error.js';
import type { EmrfsSite } from './load-site.js';
import { CRYPTO_MODES, EMRFS_KMS_PROVIDER_CLASS, EMRFS_PROPERTY as P, STORAGE_MODES, type EmrfsCryptoMode, type EmrfsStorageMode } from './properties.js';

/** Where the keys come from: EMRFS's KMS provider, or a custom provider module. */
export type EmrfsKeySource = { readonly kind: 'kms'; readonly keyId: string } | { readonly kind: 'custom'; readonly provider: string; readonly uri: string | undefined };

export interface EmrfsProfile {
  readonly site: EmrfsSite;
  /** fs.s3.cse.enabled (default false). */
  readonly enabled: boolean;
  /** Undefined only when CSE is off and no provider is named. */
  readonly keys: EmrfsKeySource | undefined;
  /** fs.s3.cse.materialsDescription.enabled (default false). */
  readonly materialsDescription: boolean;
  /** fs.s3.cse.cryptoStorageMode (default ObjectMetadata). */
  readonly storageMode: EmrfsStorageMode;
  /** fs.s3.cse.cryptoMode (default EncryptionOnly). */
  readonly cryptoMode: EmrfsCryptoMode;
  /** fs.s3.cse.encryptionV2.enabled (default false). */
  readonly encryptionV2: boolean;
  /** fs.s3.cse.kms.region, when set. */
  readonly kmsRegion: string | undefined;
}

export function resolveEmrfsProfile(site: EmrfsSite): EmrfsProfile {
  const enabled = booleanProperty(site, P.enabled, false);
  return {
    site,
    enabled,
    keys: keySource(site, enabled),
    materialsDescription: booleanProperty(site, P.materialsDescription, false),
    storageMode: enumProperty(site, P.storageMode, STORAGE_MODES, 'ObjectMetadata'),
    cryptoMode: enumProperty(site, P.cryptoMode, CRYPTO_MODES, 'EncryptionOnly'),
    encryptionV2: booleanProperty(site, P.encryptionV2, false),
    kmsRegion: optionalProperty(site, P.kmsRegion),
  };
}

export function storageOf(profile: EmrfsProfile): StorageMode {
  return profile.storageMode === 'InstructionFile' ? 'instruction' : 'metadata';
}

/**
 * EMRFS's legacy client reads EncryptionOnly (CBC) objects and legacy key wraps in both of its
 * non-strict modes; StrictAuthenticatedEncryption refuses them (the Java v1 client has one switch
 * for both, implementations/java-v1/README.md).
 */
export function readsLegacy(profile: EmrfsProfile): boolean {
  return profile.cryptoMode !== 'StrictAuthenticatedEncryption';
}

function keySource(site: EmrfsSite, enabled: boolean): EmrfsKeySource | undefined {
  const provider = optionalProperty(site, P.provider);
  const keyId = optionalProperty(site, P.kmsKeyId);
  // No provider but a key id: what `--emrfs Encryption=ClientSide,ProviderType=KMS` and security
  // configurations expand to, so the KMS provider is meant.
  if (provider === EMRFS_KMS_PROVIDER_CLASS || (provider === undefined && keyId !== undefined)) {
    if (keyId === undefined) return configurationError(site.file, P.kmsKeyId, `cannot be empty when ${P.provider} is ${EMRFS_KMS_PROVIDER_CLASS}`);
    return { kind: 'kms', keyId };
  }
  if (provider === undefined) {
    if (enabled) configurationError(site.file, P.provider, `is not set: name a provider module, or set ${P.kmsKeyId} for CSE-KMS`);
    return undefined;
  }
  return { kind: 'custom', provider, uri: optionalProperty(site, P.providerUri) };
}

/** Hadoop `getBoolean`: trimmed, case-insensitive. Unlike Hadoop, a typo is an error, not the default. */
function booleanProperty(site: EmrfsSite, name: string, fallback: boolean): boolean {
  const value = optionalProperty(site, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return configurationError(site.file, name, `must be true or false, not "${value}"`);
}

function enumProperty<T extends string>(site: EmrfsSite, name: string, allowed: readonly T[], fallback: T): T {
  const value = optionalProperty(site, name);
  if (value === undefined) return fallback;
  // Java's Enum.valueOf, which EMRFS uses, is case-sensitive.
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return configurationError(site.file, name, `must be one of ${allowed.join(', ')}, not "${value}"`);
}

/** A set, non-blank value, trimmed; blank counts as unset, as EMRFS's `Strings.isNullOrEmpty` checks do. */
function optionalProperty(site: EmrfsSite, name: string): string | undefined {
  const value = site.properties[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
