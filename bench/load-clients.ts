/**
 * The mix of reference clients the load bench cycles through: both formats, both storage modes,
 * AES, RSA and KMS wraps, all over one S3Client and one KMSClient, so they share its sockets as
 * the services of one process would.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { AesKeyring, KmsKeyring, RsaKeyring, S3EncryptionClient, type Keyring } from '@s3cse/reference';

export interface LoadClient {
  readonly label: string;
  readonly client: S3EncryptionClient;
}

type Wrap = 'aes' | 'rsa' | 'kms';
const MIX: ReadonlyArray<readonly ['v2' | 'v3', 'metadata' | 'instruction', Wrap]> = [
  ['v3', 'metadata', 'aes'],
  ['v3', 'instruction', 'aes'],
  ['v3', 'metadata', 'kms'],
  ['v3', 'instruction', 'kms'],
  ['v2', 'metadata', 'aes'],
  ['v2', 'instruction', 'kms'],
  ['v2', 'metadata', 'kms'],
  ['v3', 'metadata', 'rsa'],
];

export function loadClients(s3: S3Client, kms: KMSClient, kmsKeyId: string): LoadClient[] {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyrings: Record<Wrap, Keyring> = {
    aes: new AesKeyring({ key: randomBytes(32) }),
    rsa: new RsaKeyring({ publicKey, privateKey }),
    kms: new KmsKeyring({ client: kms, keyId: kmsKeyId }),
  };
  return MIX.map(([format, storage, wrap]) => ({
    label: `${format}/${storage}/${wrap}`,
    client: new S3EncryptionClient({
      client: s3,
      keyring: keyrings[wrap],
      format,
      storage,
      commitmentPolicy: format === 'v2' ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT',
    }),
  }));
}
