/**
 * The reference client against the embedded target with its built-in fault injection
 * (harness/targets/faults): every fault of issue 10 ends retried or typed (fault-scenarios.ts).
 * The same scenarios run through the fault proxy against moto in client-faults-moto.test.ts.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import { test } from 'uvu';
import { kmsClientFor, s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { registerFaultScenarios } from './support/fault-scenarios.js';

const KMS_KEY_ID = '0f0f0f0f-1111-4222-8333-444444444444';
let target: EmbeddedTarget;
let s3: S3Client;
let kms: KMSClient;

test.before(async () => {
  target = await startEmbeddedTarget();
  target.s3.createBucket('faults');
  target.kms.createKey({ keyId: KMS_KEY_ID });
  s3 = s3ClientFor(target.endpoint);
  kms = kmsClientFor(target.endpoint);
});
test.after(async () => {
  s3.destroy();
  kms.destroy();
  await target.stop();
});

registerFaultScenarios(test, () => ({ s3, kms, faults: target.faults, bucket: 'faults', kmsKeyId: KMS_KEY_ID }));

test.run();
