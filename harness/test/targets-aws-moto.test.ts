/**
 * The aws target end to end, against moto configured the way a real account is (aws/on-moto.ts):
 * credentials only from a profile file, the region given, an existing bucket, the KMS key named by
 * id, by ARN and by alias (three runs), path-style because moto on 127.0.0.1 has no bucket
 * subdomains. The first run puts the real clients through the cross-decryption matrix and the
 * ranged GETs; the ARN and alias runs use the reference alone. Each run deletes what it wrote and
 * the bucket is empty afterwards. Failures moto causes are aws/moto-known-issues.json entries.
 * Runs when the moto venv exists (or S3CSE_TEST_MOTO=1); otherwise one skip line.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { envWithoutAws, motoAccount, type MotoAccount, ACCOUNT_REGION } from '../targets/aws/on-moto.js';
import { isUnavailable, startTarget, type RunningTarget } from '../targets/index.js';
import { motoInstalled } from '../targets/moto/target.js';
import { runS3cse, type BoundedRun } from './targets-support.js';

const KNOWN = fileURLToPath(new URL('../targets/aws/moto-known-issues.json', import.meta.url));
const CLIENTS = process.env['S3CSE_AWS_E2E_IMPLS'] ?? 'reference,java-s3ec-v4,go-s3ec-v4,python-s3ec';
const RUN_BOUND_MS = 240_000;
const enabled = motoInstalled() || process.env['S3CSE_TEST_MOTO'] === '1';
let moto: RunningTarget;
let account: MotoAccount;

type Run = BoundedRun;

function runAws(keyForm: string, impls: string, suites: string): Promise<Run> {
  const args = ['run', '--suite', suites, '--impl', impls, '--target', 'aws', '--require-target', '--sizes', '0,17,4096', '--known-issues', KNOWN];
  args.push('--bucket', account.bucket, '--kms-key-id', keyForm, '--region', ACCOUNT_REGION, '--endpoint-url', account.endpoint);
  return runS3cse(args, { ...envWithoutAws(), ...account.env }, RUN_BOUND_MS);
}

async function objectsLeft(): Promise<number> {
  const listed = await moto.s3.send(new ListObjectsV2Command({ Bucket: account.bucket }));
  return listed.KeyCount ?? 0;
}

/** "pass P, fail F (K known), errored E | aws: deleted … | ms", from the run's totals row. */
function summary(run: Run): string {
  const total = run.stdout.match(/^total\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m);
  const known = run.stdout.split('\n').filter((l) => l.includes('[known issue')).length;
  const counts = total ? `pass ${total[1]}, fail ${total[2]} (${known} known), refused-unclassified ${total[3]}, errored ${total[4]}` : 'no totals row';
  const deleted = run.stderr.match(/^aws: deleted .*$/m)?.[0] ?? 'aws: no deletion line';
  return `${counts} | ${deleted} | ${run.ms} ms`;
}

function checkRun(run: Run): void {
  assert.ok(run.ms < RUN_BOUND_MS, `killed after ${run.ms} ms`);
  assert.is(run.code, 0, `${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
  assert.match(run.stderr, /^aws: path-style S3 addressing$/m);
  assert.match(run.stderr, /^aws: creates no bucket and no KMS key; writes objects under cross-\*, range-\*, suites-\*/m);
  assert.match(run.stderr, /^aws: deleted \d+ object\(s\) this run wrote in s3cse-aws-e2e; 0 left$/m);
}

if (!enabled) {
  console.log('targets-aws-moto: skipped (no moto venv yet; S3CSE_TEST_MOTO=1 installs it)');
  test.skip('aws target end to end on moto (no moto venv)', () => undefined);
} else {
  test.before(async () => {
    const started = await startTarget('moto');
    if (isUnavailable(started)) throw new Error(`moto unavailable: ${started.reason}`);
    moto = started;
    account = await motoAccount(moto);
  });
  test.after(async () => {
    account?.remove();
    await moto?.stop();
  });

  test('key by id: the real clients through cross and range, with profile credentials; nothing left', async () => {
    const run = await runAws(account.keyId, CLIENTS, 'cross,range');
    console.log(`  aws on moto, key id, ${CLIENTS}: ${summary(run)}`);
    checkRun(run);
    assert.is(await objectsLeft(), 0);
  });

  for (const form of ['ARN', 'alias'] as const) {
    test(`key by ${form}: the reference through cross; nothing left`, async () => {
      const run = await runAws(form === 'ARN' ? account.keyArn : account.alias, 'reference', 'cross');
      console.log(`  aws on moto, key ${form}: ${summary(run)}`);
      checkRun(run);
      assert.is(await objectsLeft(), 0);
    });
  }
}

test.run();
