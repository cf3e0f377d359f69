/**
 * Acceptance: the AWS SDK for Java v1 client configured the way EMRFS configures its own (the
 * java-v1 adapter with the `s3cse.emrfs` extension: legacy AmazonS3EncryptionClient in
 * EncryptionOnly mode, EMRFS's request description on every PUT, EMRFS-style providers) and
 * `s3cse get/put --emrfs-config` with the matching emrfs-site read each other's objects, in each
 * mode: CSE-KMS, CSE-C with materials description, instruction-file storage; and the EMRFS V2
 * client (fs.s3.cse.encryptionV2.enabled). Then `s3cse run --emrfs-config` with both.
 *
 * Needs Java 17 and Maven: the harness builds the adapter on first use (seconds when warm).
 * Without them this file prints one skip line and runs nothing.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adapterKeys } from '../../harness/adapter-keys.js';
import { ensureBuilt } from '../../harness/supervisor/build.js';
import { findAdapter } from '../../harness/supervisor/manifest.js';
import { AdapterProcess } from '../../harness/supervisor/process.js';
import { loadKeysManifest } from '../../harness/environment.js';
import { AdapterClient } from '../../harness/protocol/client.js';
import type { KeyMaterial, S3ECConfig } from '../../protocol/messages.js';
import { runMatrix } from '../../harness/run.js';
import { startEmbeddedRunningTarget, type RunningEmbeddedTarget } from '../../harness/targets/embedded/target.js';
import type { RunReport } from '../../reports/summary.js';
import { runCli } from './support/in-process.js';

const available = (cmd: string, arg: string): boolean => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;

if (!available('java', '-version') || !available('mvn', '-v')) {
  console.log('emrfs-java-v1: skipped (needs java and mvn on PATH to build the java-v1 adapter)');
  // Counted as skipped in the closing line, not as nothing.
  test.skip('EMRFS against the Java v1 client (no java or mvn)', () => undefined);
} else {
  const dir = mkdtempSync(join(tmpdir(), 's3cse-emrfs-java-'));
  const p = (name: string) => join(dir, name);
  const BUCKET = 'emr-lake';
  const JOB = 'j-3ACCEPTANCE';
  let target: RunningEmbeddedTarget;
  let java: AdapterProcess;
  let adapter: AdapterClient;
  let keys: Awaited<ReturnType<typeof adapterKeys>>;
  const saved = { ...process.env };

  test.before(async () => {
    target = await startEmbeddedRunningTarget();
    await target.ensureBucket(BUCKET);
    keys = await adapterKeys(target);
    const loaded = findAdapter('java-v1');
    await ensureBuilt(loaded, (line) => console.log(line));
    java = new AdapterProcess(loaded, target.childEnv());
    await java.start();
    adapter = new AdapterClient(java.url, { callTimeoutMs: 60_000, validate: true });
    // s3cse get/put find the target as any AWS tool would.
    Object.assign(process.env, target.childEnv());
    const rsa = loadKeysManifest().keys['rsa-2048-a'];
    if (rsa?.type !== 'rsa') throw new Error('vectors/keys/keys.json lacks rsa-2048-a');
    writeFileSync(p('rsa-private.pem'), rsa.private);
    writeFileSync(p('rsa-public.pem'), rsa.public);
  });
  test.after(async () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    await java?.stop();
    await target?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Mode {
    readonly name: string;
    /** emrfs-site properties for s3cse get/put. */
    readonly properties: Record<string, string>;
    /** The same settings for the Java v1 client, as EMRFS would build it. */
    readonly java: { key: KeyMaterial; format: 'v1-eo' | 'v2'; instruction: boolean; materialsDescription: boolean };
    /** What the Java client stores as the description of the object's key. */
    readonly javaDescription: Record<string, string>;
  }

  function emrfsSite(name: string, properties: Record<string, string>): string {
    const file = p(`${name}.json`);
    writeFileSync(
      file,
      JSON.stringify([
        { Classification: 'emrfs-site', Properties: { 'fs.s3.cse.enabled': 'true', ...properties } },
        { Classification: 'spark', Properties: { maximizeResourceAllocation: 'true' } },
      ]),
    );
    return file;
  }

  async function javaClient(mode: Mode): Promise<string> {
    const { key, format, instruction, materialsDescription } = mode.java;
    const config = {
      keyMaterial: key,
      // EMRFS's crypto modes are all non-strict by default: legacy objects are read.
      enableLegacyUnauthenticatedModes: true,
      enableLegacyWrappingAlgorithms: true,
      instructionFileConfig: { enableInstructionFilePutObject: instruction },
      s3cse: { writeFormat: format, emrfs: { materialsDescription, jobFlowId: JOB } },
    };
    return adapter.createClient(config as S3ECConfig);
  }

  /** The envelope of an object: its metadata, or its instruction file. */
  async function envelope(key: string, instruction: boolean): Promise<Record<string, string>> {
    if (!instruction) return (await target.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).Metadata ?? {};
    return JSON.parse(await (await target.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${key}.instruction` }))).Body!.transformToString()) as Record<string, string>;
  }

  async function roundTrips(mode: Mode): Promise<void> {
    const config = emrfsSite(mode.name, mode.properties);
    const client = await javaClient(mode);
    for (const size of [0, 100_003]) {
      const plaintext = randomBytes(size);
      // Java (EMRFS) writes, s3cse get reads.
      const fromJava = `${mode.name}/java/part-${size}`;
      await adapter.put(client, BUCKET, fromJava, plaintext);
      const javaEnvelope = await envelope(fromJava, mode.java.instruction);
      assert.equal(JSON.parse(javaEnvelope['x-amz-matdesc'] ?? '{}'), mode.javaDescription, `${mode.name}: what EMRFS stores`);
      const got = await runCli(['get', `s3://${BUCKET}/${fromJava}`, '--emrfs-config', config, '--job-id', JOB, '--out', p('got')]);
      assert.is(got.status, 0, got.stderr);
      assert.equal(readFileSync(p('got')), plaintext, `${mode.name}: s3cse get of the Java object, ${size} bytes`);
      // s3cse put writes, Java (EMRFS) reads.
      const fromTs = `${mode.name}/ts/part-${size}`;
      writeFileSync(p('in'), plaintext);
      const put = await runCli(['put', p('in'), `s3://${BUCKET}/${fromTs}`, '--emrfs-config', config, '--job-id', JOB]);
      assert.is(put.status, 0, put.stderr);
      const tsEnvelope = await envelope(fromTs, mode.java.instruction);
      assert.ok(tsEnvelope['x-amz-key-v2'] && tsEnvelope['x-amz-cek-alg'] === 'AES/GCM/NoPadding', `${mode.name}: s3cse writes V2`);
      assert.equal(Buffer.from((await adapter.get(client, BUCKET, fromTs)).body), plaintext, `${mode.name}: Java get of the s3cse object, ${size} bytes`);
    }
  }

  test('CSE-KMS: EMRFS\'s KMS provider (EncryptionOnly, {"kms_cmk_id"} on every PUT) and s3cse read each other', async () => {
    await roundTrips({
      name: 'cse-kms',
      properties: {
        'fs.s3.cse.encryptionMaterialsProvider': 'com.amazon.ws.emr.hadoop.fs.cse.KMSEncryptionMaterialsProvider',
        'fs.s3.cse.kms.keyId': keys.kms.kmsKeyId!,
      },
      java: { key: keys.kms, format: 'v1-eo', instruction: false, materialsDescription: false },
      javaDescription: { kms_cmk_id: keys.kms.kmsKeyId! },
    });
  });

  test("CSE-C with materials description: an RSA provider by name; EMRFS passes Path and JobflowId, the key's name is stored", async () => {
    await roundTrips({
      name: 'cse-c-rsa',
      properties: {
        'fs.s3.cse.encryptionMaterialsProvider': join(import.meta.dirname, '../../emrfs/providers/rsa-provider.ts'),
        'fs.s3.cse.materialsDescription.enabled': 'true',
        'fs.s3.cse.rsa.name': 'emr-rsa',
        'fs.s3.cse.rsa.public': p('rsa-public.pem'),
        'fs.s3.cse.rsa.private': p('rsa-private.pem'),
      },
      java: { key: { ...keys.rsa, materialsDescription: { rsa_name: 'emr-rsa' } }, format: 'v1-eo', instruction: false, materialsDescription: true },
      javaDescription: { rsa_name: 'emr-rsa' },
    });
  });

  test('instruction-file storage: an AES provider fetched from s3:// (.uri), envelopes in <key>.instruction both ways', async () => {
    await target.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'emr/providers/aes-provider.mjs',
        Body: `export class AesProvider {
  setConf(conf) { this.keyring = new conf.keyrings.AesKeyring({ key: Buffer.from(conf.require('aes.provider.key'), 'base64'), description: { key: 'emr-aes' } }); }
  async encryptionKeyring() { return this.keyring; }
  async decryptionKeyring() { return this.keyring; }
}
`,
      }),
    );
    await roundTrips({
      name: 'instruction-file',
      properties: {
        'fs.s3.cse.encryptionMaterialsProvider.uri': `s3://${BUCKET}/emr/providers/aes-provider.mjs`,
        'fs.s3.cse.encryptionMaterialsProvider': 'com.example.emr.AesProvider',
        'fs.s3.cse.cryptoStorageMode': 'InstructionFile',
        'aes.provider.key': keys.aes.aesKey!,
      },
      java: { key: { ...keys.aes, materialsDescription: { key: 'emr-aes' } }, format: 'v1-eo', instruction: true, materialsDescription: false },
      javaDescription: { key: 'emr-aes' },
    });
  });

  test("fs.s3.cse.encryptionV2.enabled: EMRFS's V2 client and s3cse read each other (CSE-KMS and CSE-C)", async () => {
    await roundTrips({
      name: 'v2-kms',
      properties: { 'fs.s3.cse.encryptionV2.enabled': 'true', 'fs.s3.cse.kms.keyId': keys.kms.kmsKeyId! },
      java: { key: keys.kms, format: 'v2', instruction: false, materialsDescription: false },
      // The V2 client keeps kms_cmk_id out of the context; aws:x-amz-cek-alg goes in.
      javaDescription: { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' },
    });
    await roundTrips({
      name: 'v2-rsa',
      properties: {
        'fs.s3.cse.encryptionV2.enabled': 'true',
        'fs.s3.cse.encryptionMaterialsProvider': join(import.meta.dirname, '../../emrfs/providers/rsa-provider.ts'),
        'fs.s3.cse.materialsDescription.enabled': 'true',
        'fs.s3.cse.rsa.name': 'emr-rsa',
        'fs.s3.cse.rsa.private': p('rsa-private.pem'),
      },
      java: { key: { ...keys.rsa, materialsDescription: { rsa_name: 'emr-rsa' } }, format: 'v2', instruction: false, materialsDescription: true },
      javaDescription: { rsa_name: 'emr-rsa' },
    });
  });

  test('s3cse run --emrfs-config: the reference adapter with EMRFS settings against java-v1, every claimed cell passes', async () => {
    const config = emrfsSite('run', { 'fs.s3.cse.kms.keyId': 'any', 'fs.s3.cse.cryptoStorageMode': 'InstructionFile' });
    const out = p('run-out');
    const writes: string[] = [];
    const real = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    let status: number;
    try {
      status = await runMatrix({ suites: ['cross'], impls: ['reference', 'java-v1'], emrfsConfig: config, sizes: [17], validateProtocol: true, out });
    } finally {
      process.stdout.write = real;
    }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    assert.is(status, 0, writes.join(''));
    assert.equal([report.totals.fail, report.totals.errored], [0, 0]);
    assert.match(report.implementations[0]!.name, /emrfs-site .*run\.json/);
    const written = report.results.filter((r) => r.status === 'pass' && r.pair?.writer === 'reference');
    // EMRFS writes V2 at best, in its one storage mode: 3 keys, read by both.
    assert.equal(new Set(written.map((r) => `${r.pair!.format}/${r.pair!.storage}`)), new Set(['v2/instruction']));
    assert.is(written.length, 6);
    process.exitCode = undefined;
  });
}

test.run();
