/**
 * The fault scenarios of client-faults.test.ts through the loopback fault proxy in front of moto
 * (harness/targets/faults/proxy.ts): the same typed-or-retried outcomes against a real emulator.
 *
 * Runs when the moto venv exists (a previous run installed it) or S3CSE_TEST_MOTO=1; otherwise it
 * prints one skip line and runs no test.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { test } from 'uvu';
import { kmsClientFor, s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { FaultInjector } from '../../harness/targets/faults/plan.js';
import { withFaultProxy } from '../../harness/targets/faults/with-faults.js';
import { isUnavailable, startTarget, type RunningTarget } from '../../harness/targets/index.js';
import { motoInstalled } from '../../harness/targets/moto/target.js';
import { registerFaultScenarios } from './support/fault-scenarios.js';

const enabled = motoInstalled() || process.env['S3CSE_TEST_MOTO'] === '1';
const faults = new FaultInjector([], 7);
let target: RunningTarget;
let s3: S3Client;
let kms: KMSClient;
let kmsKeyId: string;

if (!enabled) {
  console.log('client-faults-moto: skipped (no moto venv yet; S3CSE_TEST_MOTO=1 installs it)');
  // Counted as skipped in the closing line, not as nothing.
  test.skip('fault scenarios on moto (no moto venv)', () => undefined);
  test.run();
} else {
  test.before(async () => {
    const started = await startTarget('moto', { log: () => undefined });
    if (isUnavailable(started)) throw new Error(`moto unavailable: ${started.reason}`);
    target = await withFaultProxy(started, faults);
    await target.ensureBucket('faults');
    kmsKeyId = await target.createKmsKey();
    s3 = s3ClientFor(target.s3Endpoint);
    kms = kmsClientFor(target.kmsEndpoint);
  });
  test.after(async () => {
    s3?.destroy();
    kms?.destroy();
    await target?.stop();
  });

  registerFaultScenarios(test, () => ({ s3, kms, faults, bucket: 'faults', kmsKeyId }));
  test.run();
}
