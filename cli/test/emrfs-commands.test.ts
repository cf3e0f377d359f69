/**
 * `s3cse get` / `s3cse put` with --emrfs-config, against the embedded target through the standard
 * AWS_ENDPOINT_URL_* variables, and the errors a user can run into.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { kmsClientFromEnvironment, s3ClientFromEnvironment } from '../aws-environment.js';
import { assertFailure, runCli } from './support/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 's3cse-emrfs-cli-'));
const p = (name: string) => join(dir, name);
let target: EmbeddedTarget;
let kmsKeyId: string;
const saved: Record<string, string | undefined> = {};
const ENV = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_KMS', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'];

test.before(async () => {
  target = await startEmbeddedTarget();
  target.s3.createBucket('lake');
  kmsKeyId = target.kms.createKey().keyId;
  for (const name of ENV) saved[name] = process.env[name];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: target.endpoint,
    AWS_ENDPOINT_URL_KMS: target.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  delete process.env['AWS_ENDPOINT_URL'];
});
test.after(async () => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await target.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a command in process as the bin does; returns the exit status, stdout and stderr. */
const run = (name: string, args: string[]) => runCli([name, ...args]);

const plaintext = randomBytes(70_001);
writeFileSync(p('part-00000'), plaintext);
writeFileSync(
  p('spy.mjs'),
  `export default class {
  setConf(conf) { this.conf = conf; this.keyring = new conf.keyrings.AesKeyring({ key: Buffer.from(conf.require('spy.key'), 'hex') }); }
  async encryptionKeyring(request) { globalThis.__cliSpy = { description: request.description, jobFlowId: this.conf.jobFlowId }; return this.keyring; }
  async decryptionKeyring() { return this.keyring; }
}
`,
);
const kmsJson = p('kms.json');
const spyXml = p('emrfs-site.xml');

test('put then get with a CSE-KMS EMR configuration JSON: --out, and stdout', async () => {
  writeFileSync(
    kmsJson,
    JSON.stringify([
      {
        Classification: 'emrfs-site',
        Properties: { 'fs.s3.cse.enabled': 'true', 'fs.s3.cse.encryptionMaterialsProvider': 'com.amazon.ws.emr.hadoop.fs.cse.KMSEncryptionMaterialsProvider', 'fs.s3.cse.kms.keyId': kmsKeyId },
      },
    ]),
  );
  const put = await run('put', [p('part-00000'), 's3://lake/out/part-00000', '--emrfs-config', kmsJson]);
  assert.is(put.status, 0, put.stderr);
  assert.match(put.stderr, /^s3cse: note: fs\.s3\.cse\.encryptionV2\.enabled is false/);
  const stored = target.s3.getObject('lake', 'out/part-00000');
  assert.is(stored?.body.length, plaintext.length + 16);
  assert.is((await run('get', ['s3://lake/out/part-00000', '--emrfs-config', kmsJson, '--out', p('got')])).status, 0);
  assert.equal(readFileSync(p('got')), plaintext);
  const stdout = await run('get', ['s3://lake/out/part-00000', '--emrfs-config', kmsJson]);
  assert.equal(stdout.stdout, plaintext);
  assert.equal((await run('get', ['s3://lake/out/part-00000', '--emrfs-config', kmsJson, '--out', '-'])).stdout, plaintext);
});

test('put - reads stdin (a pipe: into memory first, S3 needs the length)', async () => {
  const put = await runCli(['put', '-', 's3://lake/stdin/part-00000', '--emrfs-config', kmsJson], { stdin: plaintext });
  assert.is(put.status, 0, put.stderr);
  assert.equal((await run('get', ['s3://lake/stdin/part-00000', '--emrfs-config', kmsJson])).stdout, plaintext);
});

test('emrfs-site.xml with a custom provider and materials description: --job-id reaches the provider', async () => {
  writeFileSync(
    spyXml,
    `<?xml version="1.0"?>
<configuration>
  <property><name>fs.s3.cse.enabled</name><value>true</value></property>
  <property><name>fs.s3.cse.encryptionMaterialsProvider</name><value>./spy.mjs</value></property>
  <property><name>fs.s3.cse.materialsDescription.enabled</name><value>true</value></property>
  <property><name>fs.s3.cse.encryptionV2.enabled</name><value>true</value></property>
  <property><name>spy.key</name><value>${randomBytes(32).toString('hex')}</value></property>
</configuration>
`,
  );
  const put = await run('put', [p('part-00000'), 's3://lake/xml/part-00000', '--emrfs-config', spyXml, '--job-id', 'j-2AXXXXXXGAPLF']);
  assert.is(put.status, 0, put.stderr);
  assert.is(put.stderr, '', 'no note: EMRFS with encryptionV2 writes V2 too');
  assert.equal((globalThis as { __cliSpy?: unknown }).__cliSpy, { description: { Path: 's3://lake/xml/part-00000', JobflowId: 'j-2AXXXXXXGAPLF' }, jobFlowId: 'j-2AXXXXXXGAPLF' });
  const got = await run('get', ['s3://lake/xml/part-00000', '--emrfs-config', spyXml, '--out', p('xml-got')]);
  assert.is(got.status, 0, got.stderr);
  assert.equal(readFileSync(p('xml-got')), plaintext);
});

test('a failed get leaves no output file behind', async () => {
  // The KMS object read with the custom AES provider: no key for it.
  rmSync(p('wrong'), { force: true });
  assertFailure(await run('get', ['s3://lake/out/part-00000', '--emrfs-config', spyXml, '--out', p('wrong')]), 4, 'KEY_MISMATCH');
  assert.is(existsSync(p('wrong')), false);
  // A tampered body fails while it streams (the GCM tag at its end): the partial file goes too.
  const s3 = s3ClientFor(target.endpoint);
  const original = await s3.send(new GetObjectCommand({ Bucket: 'lake', Key: 'out/part-00000' }));
  const body = Buffer.from(await original.Body!.transformToByteArray());
  body[body.length - 1]! ^= 1;
  await s3.send(new PutObjectCommand({ Bucket: 'lake', Key: 'tampered/part-00000', Body: body, Metadata: original.Metadata }));
  s3.destroy();
  assertFailure(await run('get', ['s3://lake/tampered/part-00000', '--emrfs-config', kmsJson, '--out', p('wrong')]), 3, 'DECRYPT_FAILED');
  assert.is(existsSync(p('wrong')), false);
  // An output that cannot be written (no such folder) is refused before S3 is asked for anything.
  target.clearRequestLog();
  assertFailure(
    await run('get', ['s3://lake/out/part-00000', '--emrfs-config', kmsJson, '--out', p('no-such-folder/out')]),
    2,
    'INVALID_ARGUMENT',
    /--out .*no-such-folder\/out: the folder .*no-such-folder does not exist/,
  );
  assert.equal(target.requestLog, []);
  assert.equal(
    readdirSync(dir).filter((f) => f.includes('.partial-') || f.includes('.s3cse-')),
    [],
  );
});

test('usage and configuration errors: exit 2 or 4 and a stable code on stderr; a missing object exits 6', async () => {
  const cases: [string, string[], RegExp][] = [
    ['get', ['s3://lake/x'], /^s3cse: INVALID_ARGUMENT: --emrfs-config is required/],
    ['get', ['--emrfs-config', kmsJson], /INVALID_ARGUMENT: missing required argument 'S3_URI'/],
    ['put', [p('part-00000'), '--emrfs-config', kmsJson], /INVALID_ARGUMENT: missing required argument 'S3_URI'/],
    ['get', ['s3://lake/x', 's3://lake/y', '--emrfs-config', kmsJson], /INVALID_ARGUMENT: too many arguments for 'get'/],
    ['get', ['lake/x', '--emrfs-config', kmsJson], /INVALID_ARGUMENT: "lake\/x" is not an s3:\/\/bucket\/key URI/],
    ['get', ['s3://lake/', '--emrfs-config', kmsJson], /not an s3:\/\/bucket\/key URI/],
    ['get', ['s3://lake/x', '--emrfs-config', kmsJson, '--bogus'], /INVALID_ARGUMENT: unknown option '--bogus'/],
    ['put', [p('absent'), 's3://lake/x', '--emrfs-config', kmsJson], /INVALID_ARGUMENT: .*absent: no such file/],
    ['get', ['s3://lake/x', '--emrfs-config', p('nope.json')], /INVALID_CONFIGURATION: .*nope\.json: cannot read the file \(ENOENT\)/],
  ];
  writeFileSync(p('bad.json'), JSON.stringify([{ Classification: 'emrfs-site', Properties: { 'fs.s3.cse.enabled': 'true', 'fs.s3.cse.kms.keyId': 'k', 'fs.s3.cse.cryptoStorageMode': 'S3' } }]));
  cases.push([
    'put',
    [p('part-00000'), 's3://lake/x', '--emrfs-config', p('bad.json')],
    /INVALID_CONFIGURATION: .*bad\.json: fs\.s3\.cse\.cryptoStorageMode: must be one of ObjectMetadata, InstructionFile, not "S3"/,
  ]);
  writeFileSync(p('off.xml'), '<configuration><property><name>fs.s3.cse.kms.keyId</name><value>k</value></property></configuration>');
  cases.push(['get', ['s3://lake/x', '--emrfs-config', p('off.xml')], /INVALID_CONFIGURATION: .*off\.xml: fs\.s3\.cse\.enabled: is not true/]);
  for (const [name, args, message] of cases) {
    const { status, stderr } = await run(name, args);
    // Usage (2), or a configuration the EMRFS settings cannot be (4).
    assert.is(status, /INVALID_CONFIGURATION/.test(message.source) ? 4 : 2, `${name} ${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
  }
  assertFailure(await run('get', ['s3://lake/missing', '--emrfs-config', kmsJson]), 6, 'S3_ERROR', /NoSuchKey/);
});

test('clients from the environment: endpoints with path style, AWS_DEFAULT_REGION, the KMS region override', async () => {
  const local = s3ClientFromEnvironment({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_DEFAULT_REGION: 'eu-west-3' });
  assert.is(local.config.forcePathStyle, true);
  assert.is((await local.config.endpoint!()).hostname, '127.0.0.1');
  assert.is(await local.config.region(), 'eu-west-3');
  const aws = s3ClientFromEnvironment({ AWS_REGION: 'us-west-2' });
  assert.is(aws.config.forcePathStyle, false);
  assert.is(await aws.config.region(), 'us-west-2');
  const kms = kmsClientFromEnvironment('ap-south-1', { AWS_ENDPOINT_URL_KMS: 'http://127.0.0.1:8', AWS_REGION: 'us-east-1' });
  assert.is(await kms.config.region(), 'ap-south-1');
  assert.is((await kms.config.endpoint!()).port, 8);
  const kmsDefault = kmsClientFromEnvironment(undefined, { AWS_ENDPOINT_URL: 'http://127.0.0.1:7', AWS_REGION: 'sa-east-1' });
  assert.is(await kmsDefault.config.region(), 'sa-east-1');
  assert.is((await kmsDefault.config.endpoint!()).port, 7);
  for (const c of [local, aws, kms, kmsDefault]) c.destroy();
});

test.run();
