/**
 * Legacy objects built byte by byte with node:crypto, never with the reference writer (as in
 * pipeline-legacy.test.ts): what the AWS SDK for Java v1 clients left in S3. CBC ones are the
 * unauthenticated content the fuzzer may see garbled "by design"; AESWrap and `kms` + GCM ones are
 * authenticated content behind a legacy wrap.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';
import type { FuzzKeyrings } from './keys.js';
import { seedPlaintext, type FuzzSeed } from './seed.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const CBC = 'AES/CBC/PKCS5Padding';
const GCM = 'AES/GCM/NoPadding';

function cbcBody(dataKey: Buffer, iv: Buffer, plaintext: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', dataKey, iv);
  return Buffer.concat([c.update(plaintext), c.final()]);
}

function gcmBody(dataKey: Buffer, iv: Buffer, plaintext: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  return Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
}

function aesWrapKey(master: Buffer, dataKey: Buffer): Buffer {
  const c = createCipheriv('id-aes256-wrap', master, Buffer.from('a6a6a6a6a6a6a6a6', 'hex'));
  return Buffer.concat([c.update(dataKey), c.final()]);
}

function ecbWrapKey(master: Buffer, dataKey: Buffer): Buffer {
  const c = createCipheriv('aes-256-ecb', master, null);
  return Buffer.concat([c.update(dataKey), c.final()]);
}

type Shape = Omit<FuzzSeed, 'id' | 'plaintext' | 'body' | 'metadata' | 'instructionFile'>;

function seed(shape: Shape, id: string, plaintext: Buffer, body: Buffer, fields: Record<string, string>, instruction: boolean): FuzzSeed {
  const length = fields['x-amz-unencrypted-content-length'];
  if (!instruction) return { ...shape, id, plaintext, body, metadata: fields };
  // Java v1 keeps the plaintext length on the object when the envelope is in the file (docs/format-notes.md §5.2).
  const { ['x-amz-unencrypted-content-length']: _, ...file } = fields;
  return { ...shape, id, plaintext, body, metadata: length === undefined ? {} : { 'x-amz-unencrypted-content-length': length }, instructionFile: JSON.stringify(file) };
}

/** Java v1 EncryptionOnly, symmetric key, pre-V2 metadata: AES-ECB wrap, CBC body. */
function v1EcbCbc(keyrings: FuzzKeyrings, plaintext: Buffer, instruction: boolean): FuzzSeed {
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const fields = { 'x-amz-key': b64(ecbWrapKey(keyrings.aesMaster, dataKey)), 'x-amz-iv': b64(iv), 'x-amz-matdesc': '{}', 'x-amz-unencrypted-content-length': String(plaintext.length) };
  const shape: Shape = { format: 'v1', content: 'cbc', wrap: 'none', keyKind: 'aes', legacyWrap: true };
  return seed(shape, `v1-ecb-cbc-${instruction ? 'instruction' : 'metadata'}-${plaintext.length}`, plaintext, cbcBody(dataKey, iv, plaintext), fields, instruction);
}

/** Java v1 with V2 metadata and an AESWrap key: EncryptionOnly (CBC) or AuthenticatedEncryption (GCM). */
function v2AesWrap(keyrings: FuzzKeyrings, plaintext: Buffer, content: 'cbc' | 'gcm'): FuzzSeed {
  const dataKey = randomBytes(32);
  const iv = randomBytes(content === 'cbc' ? 16 : 12);
  const body = content === 'cbc' ? cbcBody(dataKey, iv, plaintext) : gcmBody(dataKey, iv, plaintext);
  const fields: Record<string, string> = {
    'x-amz-key-v2': b64(aesWrapKey(keyrings.aesMaster, dataKey)),
    'x-amz-iv': b64(iv),
    'x-amz-matdesc': '{}',
    'x-amz-wrap-alg': 'AESWrap',
    'x-amz-cek-alg': content === 'cbc' ? CBC : GCM,
    ...(content === 'gcm' ? { 'x-amz-tag-len': '128' } : {}),
    'x-amz-unencrypted-content-length': String(plaintext.length),
  };
  const shape: Shape = { format: 'v2', content, wrap: 'AESWrap', keyKind: 'aes', legacyWrap: true };
  return seed(shape, `v2-aeswrap-${content}-metadata-${plaintext.length}`, plaintext, body, fields, false);
}

/** Java v1 KMS materials: wrap `kms`, context {kms_cmk_id} sent to KMS verbatim from x-amz-matdesc. */
async function v2Kms(keyrings: FuzzKeyrings, plaintext: Buffer, content: 'cbc' | 'gcm', instruction: boolean): Promise<FuzzSeed> {
  const context = { kms_cmk_id: keyrings.kmsKeyId };
  const generated = await keyrings.kmsClient.send(new GenerateDataKeyCommand({ KeyId: keyrings.kmsKeyId, KeySpec: 'AES_256', EncryptionContext: context }));
  const dataKey = Buffer.from(generated.Plaintext ?? new Uint8Array(0));
  const iv = randomBytes(content === 'cbc' ? 16 : 12);
  const fields: Record<string, string> = {
    'x-amz-key-v2': b64(generated.CiphertextBlob ?? new Uint8Array(0)),
    'x-amz-iv': b64(iv),
    'x-amz-matdesc': JSON.stringify(context),
    'x-amz-wrap-alg': 'kms',
    'x-amz-cek-alg': content === 'cbc' ? CBC : GCM,
    ...(content === 'gcm' ? { 'x-amz-tag-len': '128' } : {}),
    'x-amz-unencrypted-content-length': String(plaintext.length),
  };
  const body = content === 'cbc' ? cbcBody(dataKey, iv, plaintext) : gcmBody(dataKey, iv, plaintext);
  const shape: Shape = { format: 'v2', content, wrap: 'kms', keyKind: 'kms', legacyWrap: true, callerContext: {} };
  return seed(shape, `v2-kms-${content}-${instruction ? 'instruction' : 'metadata'}-${plaintext.length}`, plaintext, body, fields, instruction);
}

export async function legacySeeds(keyrings: FuzzKeyrings, sizes: readonly number[]): Promise<FuzzSeed[]> {
  const seeds: FuzzSeed[] = [];
  let salt = 100;
  for (const size of sizes) {
    const plaintext = seedPlaintext(size, salt++);
    seeds.push(v1EcbCbc(keyrings, plaintext, false), v1EcbCbc(keyrings, plaintext, true));
    seeds.push(v2AesWrap(keyrings, plaintext, 'cbc'), v2AesWrap(keyrings, plaintext, 'gcm'));
    seeds.push(await v2Kms(keyrings, plaintext, 'cbc', false), await v2Kms(keyrings, plaintext, 'gcm', false));
    seeds.push(await v2Kms(keyrings, plaintext, 'gcm', true));
  }
  return seeds;
}
