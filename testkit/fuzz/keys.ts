/**
 * The keys every fuzz input is decrypted with: the public test keys of vectors/keys/keys.json, so
 * a saved corpus can be replayed anywhere without shipping key material, and nothing secret can
 * leak into a report. The second key of each kind is the "wrong key" of the wrong-keyring mutation.
 */
import { readFileSync } from 'node:fs';
import type { KMSClient } from '@aws-sdk/client-kms';
import { AesKeyring, KmsKeyring, RsaKeyring, type Keyring } from '@s3cse/reference';
import { inProcessKmsClient, type KmsKeySpec } from './in-process-kms.js';

interface KeyFile {
  readonly keys: Record<string, { type: string; material?: string; private?: string; keyId?: string }>;
}

/** The kind of keyring that opens a seed object. */
export type KeyKind = 'aes' | 'rsa' | 'kms';

export interface FuzzKeyrings {
  readonly right: Readonly<Record<KeyKind, Keyring>>;
  /** Same kind, other key: must never open an object written under `right`. */
  readonly wrong: Readonly<Record<KeyKind, Keyring>>;
  /** The key id the KMS seeds name (legacy `kms` matdesc carries it as kms_cmk_id). */
  readonly kmsKeyId: string;
  /** For hand-built legacy seeds only (AESWrap, AES-ECB, legacy kms); never printed. */
  readonly aesMaster: Buffer;
  readonly kmsClient: KMSClient;
}

function loadKeyFile(): KeyFile['keys'] {
  const url = new URL('../../vectors/keys/keys.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as KeyFile).keys;
}

function entry(keys: KeyFile['keys'], name: string): KeyFile['keys'][string] {
  const key = keys[name];
  if (key === undefined) throw new Error(`vectors/keys/keys.json has no key ${name}`);
  return key;
}

function kmsSpec(keys: KeyFile['keys'], name: string): KmsKeySpec {
  const key = entry(keys, name);
  return { keyId: key.keyId ?? '', material: Buffer.from(key.material ?? '', 'hex') };
}

/** Builds both sets once; a worker thread calls this once and reuses the keyrings for every input. */
export function fuzzKeyrings(): FuzzKeyrings {
  const keys = loadKeyFile();
  const kmsA = kmsSpec(keys, 'kms-a');
  const kmsB = kmsSpec(keys, 'kms-b');
  const client = inProcessKmsClient([kmsA, kmsB]);
  const aesKey = (name: string) => Buffer.from(entry(keys, name).material ?? '', 'hex');
  const aes = (name: string) => new AesKeyring({ key: aesKey(name) });
  const rsa = (name: string) => new RsaKeyring({ privateKey: entry(keys, name).private ?? '' });
  return {
    right: { aes: aes('aes-256-a'), rsa: rsa('rsa-2048-a'), kms: new KmsKeyring({ client, keyId: kmsA.keyId }) },
    wrong: { aes: aes('aes-256-b'), rsa: rsa('rsa-2048-b'), kms: new KmsKeyring({ client, keyId: kmsB.keyId }) },
    kmsKeyId: kmsA.keyId,
    aesMaster: aesKey('aes-256-a'),
    kmsClient: client,
  };
}
