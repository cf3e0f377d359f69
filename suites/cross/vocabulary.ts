/**
 * The dimensions of the cross-decryption matrix: what an implementation writes and reads, named
 * the same way in capability documents (harness/PROTOCOL.md) and in case ids.
 */

import { KEY_KINDS, STORAGES, WRITE_FORMATS, type Claim, type KeyKind, type Storage, type WriteFormat } from '../../protocol/vocabulary.js';

// The names themselves are the protocol's (protocol/vocabulary.ts); the matrix is built from them.
export { KEY_KINDS, STORAGES, WRITE_FORMATS };
export type { Claim, ImplementationFeature, KeyKind, Storage, WriteFormat } from '../../protocol/vocabulary.js';

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
