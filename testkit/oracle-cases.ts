/**
 * The objects of the oracle check (issue 10, weakness 5), shared by reference/test/oracle.test.ts
 * (same code, same message, no cause) and bench/oracle.ts (timings). For V1 CBC, V2 GCM, V3 and a
 * KMS-wrapped V2 object: the good object and its refusals: bad padding or a bad tag, a wrong key,
 * a tampered wrapped key.
 *
 * The CBC object uses fixed bytes, so its "wrong key" and "tampered key" cases are known to fail
 * their padding checks rather than decrypt to garbage (which CBC may do by design, 1 in ~256).
 */
import { createCipheriv } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { AesKeyring, collectBody as collect, decryptObject, encryptObject, KmsKeyring, type Keyring, type StoredObject } from '@s3cse/reference';

export const ORACLE_KMS_KEYS = ['a0000000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-000000000002'] as const;
const MASTER = Buffer.alloc(32, 0x11);
const OTHER = Buffer.alloc(32, 0x22);
/** Every switch on, so each refusal comes from the cryptography, not from policy. */
export const LEGACY_READ = { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', legacyUnauthenticatedModes: true, legacyWrappingAlgorithms: true } as const;

/** An object and the keyring that reads it. */
export type Attempt = readonly [StoredObject, Keyring];
export interface OracleFamily {
  readonly label: string;
  readonly good: Attempt;
  readonly refusals: Readonly<Record<string, Attempt>>;
}

function flip(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index < 0 ? copy.length + index : index]! ^= 0x01;
  return copy;
}

function flipField(o: StoredObject, field: string, index: number): StoredObject {
  return { ...o, metadata: { ...o.metadata, [field]: flip(Buffer.from(o.metadata[field]!, 'base64'), index).toString('base64') } };
}

/** V1 EncryptionOnly (AES-ECB wrap, CBC) from fixed bytes; `badPadding` ends the plaintext with 0x00. */
function cbcObject(badPadding: boolean): StoredObject {
  const dataKey = Buffer.alloc(32, 0x33);
  const iv = Buffer.alloc(16, 0x44);
  const wrap = createCipheriv('aes-256-ecb', MASTER, null);
  const content = createCipheriv('aes-256-cbc', dataKey, iv);
  if (badPadding) content.setAutoPadding(false);
  const plaintext = badPadding ? Buffer.alloc(32, 0x00) : Buffer.from('legacy CBC object, thirty-nine bytes..');
  return {
    body: Buffer.concat([content.update(plaintext), content.final()]),
    metadata: { 'x-amz-key': Buffer.concat([wrap.update(dataKey), wrap.final()]).toString('base64'), 'x-amz-iv': iv.toString('base64'), 'x-amz-matdesc': '{}' },
  };
}

async function written(keyring: Keyring, format: 'v2' | 'v3'): Promise<StoredObject & { body: Buffer }> {
  const commitmentPolicy = format === 'v2' ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  const out = await encryptObject(Buffer.from('a GCM object for the oracle test'), { keyring, format, commitmentPolicy });
  return { body: await collect(out.body), metadata: out.metadata };
}

function cbcFamily(): OracleFamily {
  const aes = new AesKeyring({ key: MASTER });
  const good = cbcObject(false);
  return {
    label: 'V1 CBC',
    good: [good, aes],
    refusals: {
      'bad padding': [cbcObject(true), aes],
      'wrong key': [good, new AesKeyring({ key: OTHER })],
      'tampered wrapped key': [flipField(good, 'x-amz-key', 0), aes],
    },
  };
}

async function gcmFamily(format: 'v2' | 'v3'): Promise<OracleFamily> {
  const aes = new AesKeyring({ key: MASTER });
  const good = await written(aes, format);
  return {
    label: `${format.toUpperCase()} GCM (AES/GCM wrap)`,
    good: [good, aes],
    refusals: {
      'bad tag': [{ ...good, body: flip(good.body, -1) }, aes],
      'wrong key': [good, new AesKeyring({ key: OTHER })],
      'tampered wrapped key': [flipField(good, format === 'v3' ? 'x-amz-3' : 'x-amz-key-v2', -2), aes],
    },
  };
}

async function kmsFamily(kms: KMSClient): Promise<OracleFamily> {
  const ring = new KmsKeyring({ client: kms, keyId: ORACLE_KMS_KEYS[0] });
  const good = await written(ring, 'v2');
  return {
    label: 'V2 kms+context',
    good: [good, ring],
    refusals: {
      'bad tag': [{ ...good, body: flip(good.body, -1) }, ring],
      'wrong key': [good, new KmsKeyring({ client: kms, keyId: ORACLE_KMS_KEYS[1] })],
      'tampered wrapped key': [flipField(good, 'x-amz-key-v2', -3), ring],
    },
  };
}

/** `kms` must know both ORACLE_KMS_KEYS. */
export async function oracleFamilies(kms: KMSClient): Promise<OracleFamily[]> {
  return [cbcFamily(), await gcmFamily('v2'), await gcmFamily('v3'), await kmsFamily(kms)];
}

/** Reads the object to the end; the plaintext's length, or the error it was refused with. */
export async function attempt([stored, keyring]: Attempt): Promise<{ length: number } | { error: unknown }> {
  try {
    return { length: (await collect((await decryptObject(stored, { keyring, ...LEGACY_READ })).body)).length };
  } catch (error) {
    return { error };
  }
}
