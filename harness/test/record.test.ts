/**
 * `s3cse vectors record` through the reference adapter into a temporary corpus: the file it writes
 * validates and is deterministic in form, a KMS case decrypts with nothing but its recorded KMS
 * answers on a fresh target, and a client call that fails is reported and skipped.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCaseFile, type DecryptCaseData } from '../../vectors/corpus.js';
import { recordVectors, type OpenSession, type RecordingSession } from '../record/record.js';
import { findAdapter } from '../supervisor/manifest.js';
import { AdapterSession } from '../supervisor/session.js';
import { startEmbeddedRunningTarget } from '../targets/embedded/target.js';
import { decryptRecorded } from './recorded-cases.js';

const FEW = /^recorded\/reference\/(v2\/aes\/metadata\/(0|4096)|v2\/kms\/instruction\/17|v3\/kms\/metadata\/non-ascii|v3\/rsa\/instruction\/1)$/;
const quiet = (): void => {};

function tempCorpus(): string {
  return mkdtempSync(join(tmpdir(), 's3cse-record-'));
}

function casesOf(file: string): DecryptCaseData[] {
  const loaded = loadCaseFile(file);
  if (loaded.type !== 's3ec-decrypt-cases') throw new Error(`${file} is ${loaded.type}`);
  return [...loaded.cases];
}

test('a few combinations through the reference adapter make a file that validates, sorted, bodies over 4 KiB beside it', async () => {
  const out = tempCorpus();
  try {
    const stale = join(out, 'recorded', 'reference', 'bodies', `${'0'.repeat(64)}.bin`);
    mkdirSync(dirname(stale), { recursive: true });
    writeFileSync(stale, 'no case names this');
    const [summary] = await recordVectors({ impls: ['reference'], out, only: (j) => FEW.test(j.id), log: quiet });
    assert.equal(summary!.cases, 5);
    assert.equal(summary!.failed, []);
    const cases = casesOf(summary!.file!);
    assert.equal(
      cases.map((c) => c.id),
      cases.map((c) => c.id).sort(),
    );
    const large = cases.find((c) => c.id.endsWith('/4096'))!;
    assert.ok(large.inputs.object.body.file, 'a 4096-byte plaintext gives a body over 4 KiB, stored as a file');
    assert.ok(cases.find((c) => c.id.endsWith('/0'))!.inputs.object.body.base64 !== undefined);
    assert.not.ok(existsSync(stale), 'a body file no case names is pruned');
    assert.equal(readdirSync(dirname(stale)).length, 1);
    const nonAscii = cases.find((c) => c.id.endsWith('/non-ascii'))!;
    assert.ok(nonAscii.features.includes('metadata:rfc2047') && nonAscii.flags.includes('NonAscii'));
    assert.equal(nonAscii.inputs.kms?.[0]?.encryptionContext?.['purpose'], 'zürich-東京');
    const header = JSON.parse(readFileSync(summary!.file!, 'utf8')) as Record<string, unknown>;
    assert.equal(Object.keys(header), ['type', 'version', 'specCommit', 'generator', 'notes', 'cases']);
    assert.equal(header['generator'], 's3cse vectors record --impl reference');
    assert.not.ok(
      cases.some((c) => c.flags.includes('RealClient')),
      'the reference is no real client',
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('a recorded KMS case decrypts with its recorded answers alone, on a fresh target without the key', async () => {
  const out = tempCorpus();
  const target = await startEmbeddedRunningTarget();
  try {
    const [summary] = await recordVectors({ impls: ['reference'], out, only: (j) => /kms\/instruction\/17$|kms\/metadata\/non-ascii$/.test(j.id), log: quiet });
    const cases = casesOf(summary!.file!);
    assert.equal(cases.length, 4, 'V2 and V3, instruction file and metadata');
    for (const c of cases) {
      assert.ok((c.inputs.kms ?? []).length > 0, `${c.id} records its KMS answers`);
      assert.not.ok(target.kmsReplay.hasKey(c.inputs.kms![0]!.keyId), 'the fresh target holds no KMS key');
      assert.equal((await decryptRecorded(c, dirname(summary!.file!), target, false)).ok, false, 'without the replay nothing unwraps the data key');
      const outcome = await decryptRecorded(c, dirname(summary!.file!), target);
      assert.ok(outcome.ok, `${c.id}: ${outcome.ok ? '' : outcome.reason}`);
    }
  } finally {
    await target.stop();
    rmSync(out, { recursive: true, force: true });
  }
});

test('an object the client fails to write is reported and skipped; the others are recorded', async () => {
  const out = tempCorpus();
  const openSession: OpenSession = async (impl, target, keys): Promise<RecordingSession> => {
    const real = await AdapterSession.open(findAdapter(impl), { env: target.childEnv(), keys });
    return {
      capabilities: real.capabilities,
      close: () => real.close(),
      putWith: (config, bucket, key, bytes, context) =>
        key.endsWith('/v2/aes/metadata/1') ? Promise.reject(new Error('adapter refused this one')) : real.putWith(config, bucket, key, bytes, context),
    };
  };
  try {
    const [summary] = await recordVectors({ impls: ['reference'], out, only: (j) => /\/v2\/aes\/metadata\/(0|1|15)$/.test(j.id), openSession, log: quiet });
    assert.equal(summary!.failed, [{ id: 'recorded/reference/v2/aes/metadata/1', reason: 'adapter refused this one' }]);
    assert.equal(
      casesOf(summary!.file!).map((c) => c.id),
      ['recorded/reference/v2/aes/metadata/0', 'recorded/reference/v2/aes/metadata/15'],
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test.run();
