/**
 * No oracle in the refusals (issue 10, weakness 5): for V1 CBC, V2 GCM, V3 and KMS-wrapped objects,
 * bad padding, a bad tag, a wrong key and a tampered wrapped key all give the same code, the same
 * message and no cause. The objects: support/oracle-cases.ts. Their timings: `npm run bench:oracle`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { KMSClient } from '@aws-sdk/client-kms';
import { DECRYPT_FAILED_MESSAGE } from '../src/content/failure.js';
import { isS3EncryptionError } from '../src/errors.js';
import { kmsClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { attempt, ORACLE_KMS_KEYS, oracleFamilies, type OracleFamily } from '../../testkit/oracle-cases.js';

let target: EmbeddedTarget;
let kms: KMSClient;
let families: OracleFamily[];

test.before(async () => {
  target = await startEmbeddedTarget();
  for (const keyId of ORACLE_KMS_KEYS) target.kms.createKey({ keyId });
  // Over the loopback HTTP target, as a real client would call KMS.
  kms = kmsClientFor(target.endpoint, { maxAttempts: 1 });
  families = await oracleFamilies(kms);
});
test.after(async () => {
  kms.destroy();
  await target.stop();
});

test('the four families are V1 CBC, V2 GCM, V3 and KMS, each with three refusals', () => {
  assert.equal(
    families.map((f) => f.label),
    ['V1 CBC', 'V2 GCM (AES/GCM wrap)', 'V3 GCM (AES/GCM wrap)', 'V2 kms+context'],
  );
  for (const f of families) assert.is(Object.keys(f.refusals).length, 3, f.label);
});

test('every untouched object reads, so each refusal below is caused by its one change', async () => {
  for (const f of families) {
    const outcome = await attempt(f.good);
    assert.ok('length' in outcome && outcome.length > 0, `${f.label}: ${JSON.stringify(outcome)}`);
  }
});

test('every refusal has the same code, the same message and no cause', async () => {
  for (const f of families) {
    for (const [name, tried] of Object.entries(f.refusals)) {
      const outcome = await attempt(tried);
      assert.ok('error' in outcome, `${f.label} ${name}: decrypted although it must be refused`);
      const e = outcome.error;
      assert.ok(isS3EncryptionError(e), `${f.label} ${name}: ${String(e)}`);
      assert.is(e.code, 'DECRYPT_FAILED', `${f.label} ${name}`);
      assert.is(e.message, DECRYPT_FAILED_MESSAGE, `${f.label} ${name}`);
      assert.is(e.cause, undefined, `${f.label} ${name}: no cause to tell the cases apart`);
    }
  }
});

test.run();
