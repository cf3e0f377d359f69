/**
 * EMRFS materials providers: how a provider module is found (specifier, #export, .uri local or
 * s3:// fetched once into a cache), instantiated and configured, and the two example providers
 * (KMS key id from the configuration; RSA key pairs by name and S3 prefix).
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { KMSClient } from '@aws-sdk/client-kms';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kmsClientFor, s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import type { Keyring, MaterialsProvider } from '@s3cse/reference';
import { EmrfsConfigurationError } from '../configuration-error.js';
import { loadEmrfsProfile } from '../load.js';
import { defaultModuleCacheDir } from '../module-cache.js';
import { EMRFS_KMS_PROVIDER_CLASS } from '../properties.js';
import { EmrfsProviderConfiguration } from '../provider-configuration.js';
import { loadMaterialsProvider } from '../provider-module.js';
import KmsMaterialsProvider from '../providers/kms-provider.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const dir = mkdtempSync(join(tmpdir(), 's3cse-emrfs-providers-'));
const cacheDir = join(dir, 'cache');
let target: EmbeddedTarget;
let s3: S3Client;
let kms: KMSClient;
let kmsKeyId: string;
const aesHex = randomBytes(32).toString('hex');

test.before(async () => {
  target = await startEmbeddedTarget();
  target.s3.createBucket('emrfs');
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

let counter = 0;
function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function configuration(properties: Record<string, string>): EmrfsProviderConfiguration {
  const file = write(`conf-${counter++}.json`, JSON.stringify([{ Classification: 'emrfs-site', Properties: { 'fs.s3.cse.enabled': 'true', ...properties } }]));
  return new EmrfsProviderConfiguration(loadEmrfsProfile(file).site, 'j-TEST', { s3, kms: () => kms });
}

async function provider(properties: Record<string, string>): Promise<MaterialsProvider> {
  const conf = configuration(properties);
  return loadMaterialsProvider(loadEmrfsProfile(conf.file), conf, { s3, cacheDir });
}

async function refused(properties: Record<string, string>, property: string, message: RegExp): Promise<void> {
  const e = await rejectsWith(provider(properties), 'INVALID_CONFIGURATION', message);
  assert.ok(e instanceof EmrfsConfigurationError);
  assert.is(e.property, property, e.message);
}

/** What a keyring stores: wrap a fresh data key and look at the description it returns. */
async function storedDescription(keyring: Keyring): Promise<Record<string, string>> {
  return { ...(await keyring.wrap({ content: 'gcm', description: {} })).description };
}

// A provider module in every shape the loader accepts; none imports anything (conf.keyrings).
const METHODS = `
  setConf(conf) {
    this.conf = conf;
    this.keyring = new conf.keyrings.AesKeyring({ key: Buffer.from(conf.require('test.aes.key'), 'hex'), description: { who: this.who } });
  }
  async encryptionKeyring(request) {
    globalThis.__emrfsSeen = { request, jobFlowId: this.conf.jobFlowId, arg: this.conf.get('myProvider.arg1') };
    return this.keyring;
  }
  async decryptionKeyring() { return this.keyring; }`;
const providerClass = (who: string): string => `class { who = '${who}'; ${METHODS} }`;
write('modules/class.mjs', `export default ${providerClass('class')};\n`);
write('modules/object.mjs', `const P = ${providerClass('object')};\nexport const Named = new P();\nexport default 42;\n`);
write('modules/factory.mjs', `const P = ${providerClass('factory')};\nexport default async function (conf) { return new P(); }\n`);
write('modules/typed.ts', `/* eslint-disable */\nexport const MyProvider: any = ${providerClass('typescript')};\nexport const Exact: any = ${providerClass('exact')};\n`);
write('modules/broken.mjs', `export default class { setConf() { throw new Error('no HSM reachable'); } async encryptionKeyring() {} async decryptionKeyring() {} }\n`);
write('modules/needs.mjs', `export default class { setConf(conf) { conf.require('myProvider.endpoint'); } async encryptionKeyring() {} async decryptionKeyring() {} }\n`);
write('modules/syntax.mjs', 'export default class {\n');

test('CSE-KMS: the EMRFS KMS provider class gives one KMS keyring for every object, from fs.s3.cse.kms.keyId', async () => {
  const p = await provider({ 'fs.s3.cse.encryptionMaterialsProvider': EMRFS_KMS_PROVIDER_CLASS, 'fs.s3.cse.kms.keyId': kmsKeyId });
  const keyring = await p.encryptionKeyring({ bucket: 'b', key: 'k', description: {} });
  assert.is(keyring.kind, 'kms');
  assert.is(await p.decryptionKeyring({ description: {}, wrap: 'kms+context' }), keyring);
  assert.equal(await storedDescription(keyring), { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' });
  // Used by hand without setConf, it says so instead of failing somewhere inside.
  try {
    await new KmsMaterialsProvider().encryptionKeyring({ description: {} });
    assert.unreachable('expected a refusal');
  } catch (e) {
    assert.match((e as Error).message, /before setConf/);
  }
});

test('a module specifier, relative to the configuration file: default class, #named object, factory, TypeScript', async () => {
  const base = { 'test.aes.key': aesHex, 'myProvider.arg1': 'value1' };
  for (const [spec, who] of [
    ['./modules/class.mjs', 'class'],
    ['./modules/object.mjs#Named', 'object'],
    ['./modules/factory.mjs', 'factory'],
    [`${join(dir, 'modules/typed.ts')}#MyProvider`, 'typescript'],
    [`${pathToFileURL(join(dir, 'modules/typed.ts')).href}#Exact`, 'exact'],
  ] as const) {
    const p = await provider({ ...base, 'fs.s3.cse.encryptionMaterialsProvider': spec });
    const keyring = await p.encryptionKeyring({ bucket: 'b', key: 'k', description: { Path: 's3://b/k' } });
    assert.equal(await storedDescription(keyring), { who }, spec);
    assert.equal((globalThis as { __emrfsSeen?: unknown }).__emrfsSeen, { request: { bucket: 'b', key: 'k', description: { Path: 's3://b/k' } }, jobFlowId: 'j-TEST', arg: 'value1' });
    assert.is(await p.decryptionKeyring({ description: { who }, wrap: 'AES/GCM' }), keyring);
  }
});

test('.uri as a local path: the property names the export, exactly or by its Java simple name, else the default', async () => {
  const base = { 'test.aes.key': aesHex, 'fs.s3.cse.encryptionMaterialsProvider.uri': './modules/typed.ts' };
  const byJavaName = await provider({ ...base, 'fs.s3.cse.encryptionMaterialsProvider': 'com.example.crypto.MyProvider' });
  assert.equal(await storedDescription(await byJavaName.encryptionKeyring({ description: {} })), { who: 'typescript' });
  const exact = await provider({ ...base, 'fs.s3.cse.encryptionMaterialsProvider': 'Exact' });
  assert.equal(await storedDescription(await exact.encryptionKeyring({ description: {} })), { who: 'exact' });
  const fallback = await provider({
    'test.aes.key': aesHex,
    'fs.s3.cse.encryptionMaterialsProvider.uri': join(dir, 'modules/class.mjs'),
    'fs.s3.cse.encryptionMaterialsProvider': 'com.example.Other',
  });
  assert.equal(await storedDescription(await fallback.encryptionKeyring({ description: {} })), { who: 'class' });
  await refused({ ...base, 'fs.s3.cse.encryptionMaterialsProvider': 'com.example.Missing' }, 'fs.s3.cse.encryptionMaterialsProvider', /has no export named com\.example\.Missing, Missing, default/);
});

test('.uri as s3://: fetched once into the cache (keyed by ETag), imported from there', async () => {
  const key = 'providers/aes-provider.mjs';
  const put = (text: string) => s3.send(new PutObjectCommand({ Bucket: 'emrfs', Key: key, Body: text }));
  await put(`export const AesProvider = ${providerClass('from-s3')};\n`);
  const properties = { 'test.aes.key': aesHex, 'fs.s3.cse.encryptionMaterialsProvider.uri': `s3://emrfs/${key}`, 'fs.s3.cse.encryptionMaterialsProvider': 'com.example.AesProvider' };
  const gets = () => target.requestLog.filter((r) => r.method === 'GET' && r.path === `/emrfs/${key}`).length;
  target.clearRequestLog();
  const first = await provider(properties);
  assert.equal(await storedDescription(await first.encryptionKeyring({ description: {} })), { who: 'from-s3' });
  await provider(properties);
  assert.is(gets(), 1, 'the second load reuses the cached module');
  const entries = readdirSync(cacheDir);
  assert.is(entries.length, 1);
  assert.ok(existsSync(join(cacheDir, entries[0]!, 'aes-provider.mjs')) && existsSync(join(cacheDir, entries[0]!, 'package.json')));
  // A replaced module has another ETag: fetched again, into its own entry.
  await put(`export const AesProvider = ${providerClass('replaced')};\n`);
  const replaced = await provider(properties);
  assert.equal(await storedDescription(await replaced.encryptionKeyring({ description: {} })), { who: 'replaced' });
  assert.is(gets(), 2);
  await refused(
    { ...properties, 'fs.s3.cse.encryptionMaterialsProvider.uri': 's3://emrfs/providers/missing.mjs' },
    'fs.s3.cse.encryptionMaterialsProvider.uri',
    /cannot fetch s3:\/\/emrfs\/providers\/missing\.mjs \(HEAD/,
  );
  await refused(
    { ...properties, 'fs.s3.cse.encryptionMaterialsProvider.uri': 's3://emrfs/providers/provider.jar' },
    'fs.s3.cse.encryptionMaterialsProvider.uri',
    /must name a JavaScript or TypeScript module/,
  );
  await refused({ ...properties, 'fs.s3.cse.encryptionMaterialsProvider.uri': 's3://emrfs' }, 'fs.s3.cse.encryptionMaterialsProvider.uri', /neither a path nor an s3:\/\/bucket\/key URI/);
});

test('the cache folder follows S3CSE_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
  assert.is(defaultModuleCacheDir({ S3CSE_CACHE_DIR: '/c' }), join('/c', 'emrfs-providers'));
  assert.is(defaultModuleCacheDir({ XDG_CACHE_HOME: '/x' }), join('/x', 's3cse', 'emrfs-providers'));
  assert.match(defaultModuleCacheDir({}), /\.cache[/\\]s3cse[/\\]emrfs-providers$/);
});

test('provider modules that cannot be used: each error names the property to fix', async () => {
  const P = 'fs.s3.cse.encryptionMaterialsProvider';
  await refused({ [P]: 'com.example.MyProvider' }, P, /cannot load module com\.example\.MyProvider: .*looks like a Java class name/);
  await refused({ [P]: './modules/none.mjs' }, P, /cannot load module \.\/modules\/none\.mjs/);
  await refused({ [P]: './modules/syntax.mjs' }, P, /cannot load module/);
  await refused({ [P]: './modules/object.mjs#Absent' }, P, /has no export named Absent/);
  await refused({ [P]: './modules/object.mjs' }, P, /export default of module .* is not a materials provider/);
  await refused({ [P]: 'node:path' }, P, /is not a materials provider/);
  await refused({ [P]: './modules/broken.mjs' }, P, /failed to start: no HSM reachable/);
  await refused({ [P]: './modules/needs.mjs' }, 'myProvider.endpoint', /is required by the materials provider/);
  await refused({ 'fs.s3.cse.encryptionMaterialsProvider.uri': './modules/none.mjs', [P]: 'X' }, 'fs.s3.cse.encryptionMaterialsProvider.uri', /cannot load module/);
  const off = configuration({ 'fs.s3.cse.enabled': 'false' });
  await rejectsWith(loadMaterialsProvider(loadEmrfsProfile(off.file), off, { s3 }), 'INVALID_CONFIGURATION', /encryptionMaterialsProvider: is not set/);
});

test('the configuration a provider gets: trimmed values, required ones, key files by path, file: URL or s3://', async () => {
  writeFileSync(join(dir, 'blob.bin'), 'local bytes');
  await s3.send(new PutObjectCommand({ Bucket: 'emrfs', Key: 'keys/blob.bin', Body: 's3 bytes' }));
  const conf = configuration({ 'fs.s3.cse.enabled': 'false', 'a.trimmed': '  v  ', 'a.blank': '   ' });
  assert.is(conf.get('a.trimmed'), 'v');
  assert.is(conf.get('a.blank'), undefined);
  assert.is(conf.jobFlowId, 'j-TEST');
  assert.is(conf.kmsClient(), kms);
  assert.is((await conf.readResource('blob.bin')).toString(), 'local bytes');
  assert.is((await conf.readResource(pathToFileURL(join(dir, 'blob.bin')).href)).toString(), 'local bytes');
  assert.is((await conf.readResource(join(dir, 'blob.bin'))).toString(), 'local bytes');
  assert.is((await conf.readResource('s3://emrfs/keys/blob.bin')).toString(), 's3 bytes');
  await rejectsWith(conf.readResource('nope.bin', 'x.key'), 'INVALID_CONFIGURATION', /x\.key: cannot read nope\.bin \(ENOENT\)/);
  await rejectsWith(conf.readResource('s3://emrfs/keys/nope'), 'INVALID_CONFIGURATION', /cannot read s3:\/\/emrfs\/keys\/nope \(NoSuchKey\)/);
  await rejectsWith(conf.readResource('s3://emrfs', 'x.key'), 'INVALID_CONFIGURATION', /x\.key: "s3:\/\/emrfs" is neither a path nor/);
  assert.throws(() => conf.require('a.blank'), /a\.blank: is required by the materials provider/);
});

// RSA example provider (EMRFSRSAEncryptionMaterialsProvider counterpart).
function rsaPair(name: string, der: boolean): { public: string; private: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPath = write(`keys/${name}.pub.${der ? 'der' : 'pem'}`, der ? publicKey.export({ type: 'spki', format: 'der' }) : publicKey.export({ type: 'spki', format: 'pem' }));
  const privatePath = write(`keys/${name}.${der ? 'der' : 'pem'}`, der ? privateKey.export({ type: 'pkcs8', format: 'der' }) : privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { public: publicPath, private: privatePath };
}
const defaultPair = rsaPair('default', true);
const finance = rsaPair('finance', false);
const financeEu = rsaPair('finance-eu', true);
const RSA = join(import.meta.dirname, '../providers/rsa-provider.ts');

test('RSA provider: EMRFSRSAEncryptionMaterialsProvider properties (DER), rsa_name stored, read by name or default', async () => {
  const p = await provider({
    'fs.s3.cse.encryptionMaterialsProvider': RSA,
    'fs.s3.cse.rsa.name': 'default',
    'fs.s3.cse.rsa.public': defaultPair.public,
    'fs.s3.cse.rsa.private': defaultPair.private,
  });
  const keyring = await p.encryptionKeyring({ bucket: 'b', key: 'anything', description: {} });
  assert.is(keyring.kind, 'rsa');
  assert.equal(await storedDescription(keyring), { rsa_name: 'default' });
  assert.is(await p.decryptionKeyring({ description: { rsa_name: 'default' }, wrap: 'RSA-OAEP-SHA1' }), keyring);
  assert.is(await p.decryptionKeyring({ description: {}, wrap: 'none' }), keyring, 'no rsa_name: the default pair, as in Java');
  assert.is(await p.encryptionKeyring({ description: {} }), keyring, 'no path at all: the default pair');
  await rejectsWith(p.decryptionKeyring({ description: { rsa_name: 'other' }, wrap: 'RSA-OAEP-SHA1' }), 'KEY_MISMATCH', /no RSA key pair named "other"/);
});

test("RSA provider: the longest matching S3 prefix picks the pair; EMRFS's Path wins over bucket/key", async () => {
  const p = await provider({
    'fs.s3.cse.encryptionMaterialsProvider': RSA,
    'fs.s3.cse.rsa.keys': 'finance, finance-eu',
    'fs.s3.cse.rsa.finance.public': finance.public,
    'fs.s3.cse.rsa.finance.private': finance.private,
    'fs.s3.cse.rsa.finance.prefix': 's3://data/finance/,s3://archive/finance/',
    'fs.s3.cse.rsa.finance-eu.private': financeEu.private,
    'fs.s3.cse.rsa.finance-eu.prefix': 's3://data/finance/eu/',
  });
  const nameOf = async (request: Parameters<MaterialsProvider['encryptionKeyring']>[0]) => (await storedDescription(await p.encryptionKeyring(request)))['rsa_name'];
  assert.is(await nameOf({ bucket: 'data', key: 'finance/2024.csv', description: {} }), 'finance');
  assert.is(await nameOf({ bucket: 'archive', key: 'finance/old.csv', description: {} }), 'finance');
  assert.is(await nameOf({ bucket: 'data', key: 'finance/eu/q1.csv', description: {} }), 'finance-eu');
  assert.is(await nameOf({ bucket: 'data', key: 'x', description: { Path: 's3://data/finance/eu/q2.csv', JobflowId: 'j-1' } }), 'finance-eu');
  await rejectsWith(p.encryptionKeyring({ bucket: 'data', key: 'hr/people.csv', description: {} }), 'KEY_MISMATCH', /no RSA key pair for s3:\/\/data\/hr\/people\.csv, and no default pair/);
  await rejectsWith(p.decryptionKeyring({ description: {}, wrap: 'RSA-OAEP-SHA1' }), 'KEY_MISMATCH', /names no RSA key pair and there is no default/);
  assert.equal(await storedDescription(await p.decryptionKeyring({ description: { rsa_name: 'finance-eu' }, wrap: 'RSA-OAEP-SHA1' })), { rsa_name: 'finance-eu' });
});

test('RSA provider: configuration errors name the property', async () => {
  const R = { 'fs.s3.cse.encryptionMaterialsProvider': RSA };
  const pair = { 'fs.s3.cse.rsa.name': 'default', 'fs.s3.cse.rsa.public': defaultPair.public };
  await refused(R, 'fs.s3.cse.rsa.name', /is required: the name of the default RSA key pair/);
  await refused({ ...R, ...pair, 'fs.s3.cse.rsa.keys': 'public' }, 'fs.s3.cse.rsa.keys', /"public" cannot name a key pair/);
  await refused({ ...R, ...pair, 'fs.s3.cse.rsa.keys': 'default' }, 'fs.s3.cse.rsa.keys', /key pair "default" is configured twice/);
  await refused(
    { ...R, 'fs.s3.cse.rsa.keys': 'a', 'fs.s3.cse.rsa.a.public': finance.public, 'fs.s3.cse.rsa.a.prefix': 'data/finance/' },
    'fs.s3.cse.rsa.a.prefix',
    /is not an s3:\/\/bucket\/prefix URI/,
  );
  await refused(
    {
      ...R,
      'fs.s3.cse.rsa.keys': 'a,b',
      'fs.s3.cse.rsa.a.public': finance.public,
      'fs.s3.cse.rsa.b.public': finance.public,
      'fs.s3.cse.rsa.a.prefix': 's3://d/x',
      'fs.s3.cse.rsa.b.prefix': 's3://d/x',
    },
    'fs.s3.cse.rsa.b.prefix',
    /given to two key pairs/,
  );
  await refused({ ...R, 'fs.s3.cse.rsa.name': 'default' }, 'fs.s3.cse.rsa.public', /needs a public key, a private key or both/);
  await refused({ ...R, 'fs.s3.cse.rsa.name': 'default', 'fs.s3.cse.rsa.public': defaultPair.private }, 'fs.s3.cse.rsa.public', /is not an RSA key in DER or PEM/);
  await refused({ ...R, ...pair, 'fs.s3.cse.rsa.private': finance.private }, 'fs.s3.cse.rsa.public', /key pair "default": the RSA public and private keys are not a pair/);
  await refused({ ...R, ...pair, 'fs.s3.cse.rsa.private': 'keys/absent.der' }, 'fs.s3.cse.rsa.private', /cannot read keys\/absent\.der \(ENOENT\)/);
});

test.run();
