/**
 * The secret-hygiene scan end to end: canary keys shaped like the public ones, S3CSE_KEYS_FILE
 * reaching the harness, the embedded KMS logging data keys, adapters' output copied, and a real
 * (short) harness run scanned clean, where a planted data key from that very run is then found.
 * The full scan (every suite, both commands) runs in .ci/run as its own step.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adapterKeys } from '../adapter-keys.js';
import { replayEnvironment, KEYS_FILE_ENV, loadKeysManifest } from '../environment.js';
import { secretScan } from '../secret-scan.js';
import { makeCanaryKeys } from '../secret-hygiene/canary-keys.js';
import { scanPaths } from '../secret-hygiene/scanner.js';
import { DATA_KEY_LOG_ENV, readDataKeyLog } from '../targets/embedded/data-key-log.js';
import { startEmbeddedRunningTarget } from '../targets/embedded/target.js';
import { childLogFromEnv, CHILD_LOG_DIR_ENV } from '../targets/process/child-log.js';

const work = mkdtempSync(join(tmpdir(), 'secret-hygiene-test-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

/** Sets one environment variable for the duration of fn, then restores it. */
async function withEnv<T>(name: string, value: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env[name];
  process.env[name] = value;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

test('canary keys have the public keys names and types, recognisable AES and KMS bytes, and usable RSA pairs', () => {
  const publicKeys = loadKeysManifest().keys;
  const canary = makeCanaryKeys();
  assert.equal(Object.keys(canary.manifest.keys).sort(), Object.keys(publicKeys).sort());
  for (const [name, entry] of Object.entries(canary.manifest.keys)) {
    assert.is(entry.type, publicKeys[name]!.type);
    if (entry.type === 'aes') assert.match(Buffer.from(entry.material, 'hex').toString('latin1'), /^CANARY-AES-KEY-000\d-[0-9a-f]{12}$/);
    if (entry.type === 'kms') assert.match(Buffer.from(entry.material, 'hex').toString('latin1'), /^CANARY-KMS-KEY-000\d-[0-9a-f]{12}$/);
    if (entry.type === 'rsa') assert.is(createPrivateKey(entry.private).asymmetricKeyDetails?.modulusLength, 2048);
  }
  assert.equal(canary.kmsKeyIds.length, 2);
  const names = canary.secrets.map((s) => s.name);
  for (const part of ['PKCS#8 DER', 'PKCS#1 DER', 'component d', 'component p', 'component q', 'component qi']) {
    assert.ok(
      names.some((n) => n.startsWith('rsa-2048-a') && n.includes(part)),
      part,
    );
  }
  assert.not.equal(makeCanaryKeys().secrets[0]!.bytes, canary.secrets[0]!.bytes, 'each run has its own canaries');
  const refused = makeCanaryKeys({ aesKeyBytes: 31 }).manifest.keys['aes-256-a'];
  assert.is(refused?.type === 'aes' && Buffer.from(refused.material, 'hex').length, 31, 'the failing phase gets AES keys of a wrong length');
});

test('S3CSE_KEYS_FILE replaces the public keys for the in-process suites and for the adapters', async () => {
  const canary = makeCanaryKeys();
  const file = join(work, 'keys.json');
  writeFileSync(file, JSON.stringify(canary.manifest));
  const aes = canary.manifest.keys['aes-256-a'];
  if (aes?.type !== 'aes') throw new Error('canary manifest lacks aes-256-a');
  const target = await startEmbeddedRunningTarget();
  try {
    await withEnv(KEYS_FILE_ENV, file, async () => {
      assert.equal(await replayEnvironment(target).resolveKey({ name: 'aes-256-a' }), { type: 'aes', keyHex: aes.material });
      const keys = await adapterKeys(target);
      assert.is(keys.aes.aesKey, Buffer.from(aes.material, 'hex').toString('base64'));
      assert.ok(canary.kmsKeyIds.includes(keys.kms.kmsKeyId ?? ''), 'the KMS key is the canary one');
    });
    assert.is.not((await adapterKeys(target, { aes: 'aes-256-b', rsa: 'rsa-2048-a', kms: 'kms-b' })).aes.aesKey, Buffer.from(aes.material, 'hex').toString('base64'));
  } finally {
    await target.stop();
  }
});

test('the embedded KMS logs generated and unwrapped data keys under S3CSE_DATA_KEY_LOG, not replayed ones', async () => {
  const log = join(work, 'data-keys.jsonl');
  const target = await withEnv(DATA_KEY_LOG_ENV, log, () => startEmbeddedRunningTarget());
  try {
    const { keyId } = target.embedded.kms.createKey();
    const generated = target.embedded.kms.generateDataKey(keyId, 32, { purpose: 'test' });
    target.embedded.kms.decrypt(generated.blob, { purpose: 'test' }, undefined);
    target.embedded.kms.registerReplay({ ciphertextBlob: Buffer.from('recorded'), plaintext: Buffer.alloc(32, 7) });
    target.embedded.kms.decrypt(Buffer.from('recorded'), undefined, undefined);
    const logged = readDataKeyLog(log);
    assert.equal(
      logged.map((k) => [k.operation, k.dataKeyHex]),
      [
        ['GenerateDataKey', generated.plaintext.toString('hex')],
        ['Decrypt', generated.plaintext.toString('hex')],
      ],
    );
  } finally {
    await target.stop();
  }
});

test('S3CSE_CHILD_LOG_DIR copies a child server output to <label>.log', () => {
  const copy = childLogFromEnv('java s3ec/v4', { [CHILD_LOG_DIR_ENV]: join(work, 'children') });
  copy!(Buffer.from('listening on 1234\n'));
  assert.is(readFileSync(join(work, 'children', 'java_s3ec_v4.log'), 'utf8'), 'listening on 1234\n');
  assert.is(childLogFromEnv('x', {}), undefined);
});

test('a real harness run with canary keys scans clean, and a data key of that run planted in its report is found', async () => {
  const report = await secretScan(join(work, 'scan'), [
    { name: 'p', aesKeyBytes: 32, runs: [{ name: 'roundtrip', args: ['conformance', '--suite', 'roundtrip', '--verbose', '--out', '{out}'], expectExit: 0 }] },
  ]);
  assert.equal(report.problems, []);
  assert.equal(report.scan.hits, []);
  assert.ok(report.scan.files.some((f) => f.endsWith('report.json')) && report.scan.files.some((f) => f.endsWith('roundtrip.stdout.log')));
  assert.ok(report.dataKeys.length >= 14, `the KMS round trips logged their data keys (${report.dataKeys.length})`);
  const dataKey = Buffer.from(report.dataKeys[0]!.dataKeyHex, 'hex');
  const reportFile = join(work, 'scan', 'out', 'p', 'roundtrip', 'report.json');
  writeFileSync(reportFile, readFileSync(reportFile, 'utf8').replace('"results": [', `"results": [{"detail": "debug ${dataKey.toString('base64')}"},`));
  const rescanned = scanPaths([join(work, 'scan', 'out')], report.secrets);
  assert.equal([...new Set(rescanned.hits.map((h) => `${h.file} ${h.secret.replace(/ \(.*$/, '')}`))], [`${reportFile} data key #1`]);
});

test('a run that fails, or never reads the canary keys, makes the scan fail rather than pass vacuously', async () => {
  const bad = { name: 'bad', args: ['conformance', '--suite', 'no-such-suite'], expectExit: 0 } as const;
  const report = await secretScan(join(work, 'bad'), [{ name: 'p', aesKeyBytes: 32, runs: [bad] }]);
  assert.equal(report.scan.hits, []);
  assert.equal(report.problems.length, 3, report.problems.join('\n'));
  assert.match(report.problems.join('\n'), /bad exited 2, not 0[\s\S]*did not report using the canary keys[\s\S]*no data key under a canary KMS key/);
});

test.run();
