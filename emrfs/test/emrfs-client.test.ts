/**
 * EmrfsClient on the embedded S3 + KMS: what it writes (V2; envelope where the storage mode says;
 * only the provider's own description stored), what it tells providers (EMRFS's request
 * description), and what it reads (legacy objects unless StrictAuthenticatedEncryption; KMS
 * contexts as stored).
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { KMSClient } from '@aws-sdk/client-kms';
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kmsClientFor, s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { AesKeyring, isS3EncryptionError, KmsKeyring, S3EncryptionClient, S3EncryptionError, StaticMaterialsProvider } from '@s3cse/reference';
import { EmrfsClient, writeNote } from '../client.js';
import { EmrfsConfigurationError } from '../configuration-error.js';
import { AdoptingProvider, adoptError } from '../foreign-errors.js';
import { emrfsClientFromFile, loadEmrfsProfile, type EmrfsRuntime } from '../load.js';
import { emrfsRequestDescription } from '../object-materials.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const dir = mkdtempSync(join(tmpdir(), 's3cse-emrfs-client-'));
const BUCKET = 'emrfs';
let target: EmbeddedTarget;
let s3: S3Client;
let kms: KMSClient;
let kmsKeyId: string;
const aesKey = randomBytes(32);
const kmsRegions: (string | undefined)[] = [];

test.before(async () => {
  target = await startEmbeddedTarget();
  target.s3.createBucket(BUCKET);
  s3 = s3ClientFor(target.endpoint);
  kms = kmsClientFor(target.endpoint);
  kmsKeyId = target.kms.createKey().keyId;
});
test.after(async () => {
  s3.destroy();
  kms.destroy();
  await target.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Records what EMRFS tells the provider on each write; an AES key described as {"key": "spy"}.
writeFileSync(
  join(dir, 'spy.mjs'),
  `export default class {
  setConf(conf) { this.keyring = new conf.keyrings.AesKeyring({ key: Buffer.from(conf.require('spy.key'), 'hex'), description: { key: 'spy' } }); }
  async encryptionKeyring(request) { (globalThis.__spy ??= []).push(request.description); return this.keyring; }
  async decryptionKeyring() { return this.keyring; }
}
`,
);

let counter = 0;
function config(properties: Record<string, string>): string {
  const file = join(dir, `emrfs-${counter++}.json`);
  writeFileSync(file, JSON.stringify([{ Classification: 'emrfs-site', Properties: { 'fs.s3.cse.enabled': 'true', ...properties } }]));
  return file;
}

const runtime = (jobFlowId?: string): EmrfsRuntime => ({
  s3,
  kms: (profile) => {
    kmsRegions.push(profile.kmsRegion);
    return kms;
  },
  ...(jobFlowId === undefined ? {} : { jobFlowId }),
});

async function text(client: EmrfsClient, key: string): Promise<string> {
  return (await client.getObject({ Bucket: BUCKET, Key: key })).Body!.transformToString();
}

async function metadata(key: string): Promise<Record<string, string>> {
  return (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).Metadata ?? {};
}

test('CSE-KMS: writes V2 kms+context whose context EMRFS can read back (no kms_cmk_id, no Path), and reads it', async () => {
  kmsRegions.length = 0;
  const client = await emrfsClientFromFile(config({ 'fs.s3.cse.kms.keyId': kmsKeyId, 'fs.s3.cse.kms.region': 'us-east-1' }), runtime());
  await client.putObject({ Bucket: BUCKET, Key: 'kms/a.txt', Body: 'kms text' });
  const meta = await metadata('kms/a.txt');
  assert.is(meta['x-amz-wrap-alg'], 'kms+context');
  assert.is(meta['x-amz-cek-alg'], 'AES/GCM/NoPadding');
  assert.equal(JSON.parse(meta['x-amz-matdesc']!), { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' });
  const out = await client.getObject({ Bucket: BUCKET, Key: 'kms/a.txt' });
  assert.is(await out.Body!.transformToString(), 'kms text');
  assert.is(out.Encryption.format, 'v2');
  assert.equal(kmsRegions, ['us-east-1'], "one KMS client, for the profile's region");
  assert.is(writeNote(client.profile), 'fs.s3.cse.encryptionV2.enabled is false, so EMRFS itself writes V1 (EncryptionOnly); this client writes V2, which EMRFS reads from EMR 5.31.0 and 6.2.0 on');
});

test('a kms+context object carrying more context (EMRFS with a custom KMS provider) is read as stored', async () => {
  const keyring = new KmsKeyring({ client: kms, keyId: kmsKeyId });
  const plain = new S3EncryptionClient({ client: s3, keyring, format: 'v2', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' });
  await plain.putObject({
    Bucket: BUCKET,
    Key: 'kms/path.txt',
    Body: 'with path',
    MaterialsDescription: { Path: `s3://${BUCKET}/kms/path.txt`, JobflowId: 'j-1' },
  });
  // A caller that states no context is refused by the plain client (spec: contexts must match)...
  await rejectsWith(plain.getObject({ Bucket: BUCKET, Key: 'kms/path.txt' }), 'CONTEXT_MISMATCH');
  // ...while EMRFS, which never states one, reads it: KMS itself still binds the stored context.
  const client = await emrfsClientFromFile(config({ 'fs.s3.cse.kms.keyId': kmsKeyId }), runtime());
  assert.is(await text(client, 'kms/path.txt'), 'with path');
});

test('CSE-C with materials description and instruction files: the provider sees Path and JobflowId; its own description is stored', async () => {
  (globalThis as { __spy?: unknown[] }).__spy = [];
  kmsRegions.length = 0;
  const file = config({
    'fs.s3.cse.encryptionMaterialsProvider': './spy.mjs',
    'fs.s3.cse.materialsDescription.enabled': 'true',
    'fs.s3.cse.cryptoStorageMode': 'InstructionFile',
    'fs.s3.cse.encryptionV2.enabled': 'true',
    'spy.key': aesKey.toString('hex'),
  });
  const client = await emrfsClientFromFile(file, runtime('j-42'));
  assert.is(writeNote(client.profile), undefined, 'EMRFS with the V2 client writes V2 too');
  await client.putObject({ Bucket: BUCKET, Key: 'custom/part-0000', Body: Buffer.from('custom text'), ContentLength: 11 });
  assert.equal((globalThis as { __spy?: unknown[] }).__spy, [{ Path: `s3://${BUCKET}/custom/part-0000`, JobflowId: 'j-42' }]);
  assert.is((await metadata('custom/part-0000'))['x-amz-key-v2'], undefined, 'the envelope is not in the metadata');
  const instruction = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'custom/part-0000.instruction' }))).Body!.transformToString()) as Record<string, string>;
  assert.equal(JSON.parse(instruction['x-amz-matdesc']!), { key: 'spy' });
  assert.is(instruction['x-amz-wrap-alg'], 'AES/GCM');
  assert.is(await text(client, 'custom/part-0000'), 'custom text');
  assert.equal(kmsRegions, [], 'no KMS client is built for a profile that does not use KMS');
  // Materials description off (the default): the provider is told nothing; JobflowId defaults off a cluster.
  (globalThis as { __spy?: unknown[] }).__spy = [];
  const quiet = await emrfsClientFromFile(config({ 'fs.s3.cse.encryptionMaterialsProvider': './spy.mjs', 'spy.key': aesKey.toString('hex') }), runtime());
  await quiet.putObject({ Bucket: BUCKET, Key: 'custom/quiet', Body: 'q' });
  assert.equal((globalThis as { __spy?: unknown[] }).__spy, [{}]);
  assert.is(await text(quiet, 'custom/part-0000'), 'custom text', 'reads fall back to the instruction file in either storage mode');
});

test('the request description EMRFS computes: kms_cmk_id for its KMS provider, Path and JobflowId when enabled, else none', () => {
  const kmsProfile = loadEmrfsProfile(config({ 'fs.s3.cse.kms.keyId': 'k-1', 'fs.s3.cse.materialsDescription.enabled': 'true' }));
  assert.equal(emrfsRequestDescription(kmsProfile, 'b', 'k', 'j-1'), { kms_cmk_id: 'k-1' });
  const custom = loadEmrfsProfile(config({ 'fs.s3.cse.encryptionMaterialsProvider': './spy.mjs', 'fs.s3.cse.materialsDescription.enabled': 'true' }));
  assert.equal(emrfsRequestDescription(custom, 'b', 'dir/k', 'j-1'), { Path: 's3://b/dir/k', JobflowId: 'j-1' });
  const off = loadEmrfsProfile(config({ 'fs.s3.cse.encryptionMaterialsProvider': './spy.mjs' }));
  assert.equal(emrfsRequestDescription(off, 'b', 'k', 'j-1'), {});
});

test('legacy reads: EncryptionOnly objects are read unless StrictAuthenticatedEncryption or the caller narrows them', async () => {
  // A V1 EncryptionOnly object as the Java v1 client writes it: AES-ECB-wrapped key, AES-CBC body.
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const ecb = createCipheriv('aes-256-ecb', aesKey, null);
  const cbc = createCipheriv('aes-256-cbc', dataKey, iv);
  await s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: 'legacy/v1',
      Body: Buffer.concat([cbc.update('legacy text'), cbc.final()]),
      Metadata: {
        'x-amz-key': Buffer.concat([ecb.update(dataKey), ecb.final()]).toString('base64'),
        'x-amz-iv': iv.toString('base64'),
        'x-amz-matdesc': '{"key":"spy"}',
      },
    }),
  );
  const properties = { 'fs.s3.cse.encryptionMaterialsProvider': './spy.mjs', 'spy.key': aesKey.toString('hex') };
  assert.is(await text(await emrfsClientFromFile(config(properties), runtime()), 'legacy/v1'), 'legacy text');
  assert.is(await text(await emrfsClientFromFile(config({ ...properties, 'fs.s3.cse.cryptoMode': 'AuthenticatedEncryption' }), runtime()), 'legacy/v1'), 'legacy text');
  const strict = await emrfsClientFromFile(config({ ...properties, 'fs.s3.cse.cryptoMode': 'StrictAuthenticatedEncryption' }), runtime());
  await rejectsWith(strict.getObject({ Bucket: BUCKET, Key: 'legacy/v1' }), 'LEGACY_DISABLED');
  const profile = loadEmrfsProfile(config(properties));
  const narrowed = new EmrfsClient({ s3, profile, materialsProvider: new StaticMaterialsProvider(new AesKeyring({ key: aesKey })), legacyReads: false });
  await rejectsWith(narrowed.getObject({ Bucket: BUCKET, Key: 'legacy/v1' }), 'LEGACY_DISABLED');
});

test('CSE must be on: a configuration with fs.s3.cse.enabled false is refused, naming the property', async () => {
  const e = await rejectsWith(emrfsClientFromFile(config({ 'fs.s3.cse.enabled': 'false', 'fs.s3.cse.kms.keyId': kmsKeyId }), runtime()), 'INVALID_CONFIGURATION', /fs\.s3\.cse\.enabled: is not true/);
  assert.ok(e instanceof EmrfsConfigurationError && e.property === 'fs.s3.cse.enabled');
});

test("errors from another copy of this implementation (a bundled provider) are re-issued as this copy's", async () => {
  const foreign = (code: string, extra: object = {}): Error => Object.assign(new Error('m'), { name: 'S3EncryptionError', code, ...extra });
  const adopted = adoptError(foreign('KEY_MISMATCH'));
  assert.ok(isS3EncryptionError(adopted) && adopted.code === 'KEY_MISMATCH' && adopted.message === 'm');
  const config = adoptError(Object.assign(new Error('/f: p: bad'), { name: 'S3EncryptionError', code: 'INVALID_CONFIGURATION', file: '/f', property: 'p' }));
  assert.ok(config instanceof EmrfsConfigurationError && config.file === '/f' && config.property === 'p' && config.message === '/f: p: bad');
  const noProperty = adoptError(Object.assign(new Error('other text'), { name: 'S3EncryptionError', code: 'INVALID_CONFIGURATION', file: '/f' }));
  assert.ok(noProperty instanceof EmrfsConfigurationError && noProperty.message === '/f: other text');
  for (const untouched of [foreign('NOT_A_CODE'), new Error('plain'), 'text', new S3EncryptionError('KMS_ERROR', 'ours')]) assert.is(adoptError(untouched), untouched);
  const provider = new AdoptingProvider({
    encryptionKeyring: () => Promise.reject(foreign('KEY_MISMATCH')),
    decryptionKeyring: () => Promise.reject(foreign('KMS_ERROR')),
  });
  await rejectsWith(provider.encryptionKeyring({ description: {} }), 'KEY_MISMATCH');
  await rejectsWith(provider.decryptionKeyring({ description: {}, wrap: 'none' }), 'KMS_ERROR');
});

test.run();
