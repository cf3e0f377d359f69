/**
 * The dimensions of the cross-decryption matrix: what an implementation writes and reads, named
 * the same way in capability documents (harness/PROTOCOL.md) and in case ids.
 */

/** v1-eo: Java v1 EncryptionOnly (CBC); v1-ae: Java v1 AuthenticatedEncryption (GCM, legacy wraps). */
export type WriteFormat = 'v1-eo' | 'v1-ae' | 'v2' | 'v3';
export const WRITE_FORMATS: readonly WriteFormat[] = ['v1-eo', 'v1-ae', 'v2', 'v3'];
export type KeyKind = 'aes' | 'rsa' | 'kms';
export const KEY_KINDS: readonly KeyKind[] = ['aes', 'rsa', 'kms'];
export type Storage = 'metadata' | 'instruction';
export const STORAGES: readonly Storage[] = ['metadata', 'instruction'];
export type ImplementationFeature = 'range' | 'reencrypt' | 'instruction-file-suffix' | 'encryption-context' | 'delayed-authentication';

export interface Claim {
  readonly format: WriteFormat;
  readonly keys: readonly KeyKind[];
  readonly storage: readonly Storage[];
}

export interface Configuration {
  readonly format: WriteFormat;
  readonly key: KeyKind;
  readonly storage: Storage;
}

export function claims(list: readonly Claim[], c: Configuration): boolean {
  return list.some((claim) => claim.format === c.format && claim.keys.includes(c.key) && claim.storage.includes(c.storage));
}

/** Formats a default (safe) reader refuses: they need the legacy switches on. */
export function isLegacyFormat(format: WriteFormat): boolean {
  return format === 'v1-eo' || format === 'v1-ae';
}

export function allConfigurations(): Configuration[] {
  return WRITE_FORMATS.flatMap((format) => KEY_KINDS.flatMap((key) => STORAGES.map((storage) => ({ format, key, storage }))));
}

export function configurationId(c: Configuration): string {
  return `${c.format}/${c.key}/${c.storage}`;
}
