/**
 * The in-process suites carried over the adapter protocol: the reference adapter must give exactly
 * what the in-process reference gives (every case passes), and capability claims map onto the
 * suites' feature names without over-claiming.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adapterKeys } from '../adapter-keys.js';
import { findAdapter } from '../supervisor/manifest.js';
import { AdapterSession } from '../supervisor/session.js';
import { featuresFromClaims } from '../supervisor/suite-bridge.js';
import { runSuitesThroughAdapters } from '../run-suites.js';
import { startEmbeddedRunningTarget } from '../targets/embedded/target.js';
import { totals } from '../../reports/summary.js';
import { allSuites } from '../../suites/index.js';

test('every in-process suite passes for the reference served over the protocol', async () => {
  const target = await startEmbeddedRunningTarget();
  await target.ensureBucket('bridge');
  const session = await AdapterSession.open(findAdapter('reference'), { env: target.childEnv(), keys: await adapterKeys(target), validateProtocol: true });
  try {
    const [outcome] = await runSuitesThroughAdapters(['known-answers', 'roundtrip', 'tamper'], [session], target, 'bridge');
    const t = totals(outcome!.results);
    const expected = allSuites()
      .filter((s) => ['known-answers', 'roundtrip', 'tamper'].includes(s.name))
      .reduce((n, s) => n + s.cases.length, 0);
    assert.ok(expected >= 200, `${expected} cases`);
    assert.equal(t, { pass: expected, fail: 0, 'refused-unclassified': 0, errored: 0, 'not-applicable': 0 }, JSON.stringify(outcome!.results.filter((r) => r.status !== 'pass').slice(0, 3)));
    assert.ok(outcome!.results.every((r) => r.suite.endsWith('@reference')));
  } finally {
    await session.close();
    await target.stop();
  }
});

test('claims map to features: a KMS-only metadata writer earns no raw-key or instruction-file write features', () => {
  const kmsOnly = featuresFromClaims(
    [
      { format: 'v2', keys: ['kms'], storage: ['metadata'] },
      { format: 'v3', keys: ['kms'], storage: ['metadata'] },
    ],
    [
      { format: 'v1-eo', keys: ['kms'], storage: ['metadata', 'instruction'] },
      { format: 'v2', keys: ['kms'], storage: ['metadata'] },
    ],
    ['encryption-context'],
  );
  assert.equal(
    kmsOnly.sort(),
    ['key:kms', 'kms:encryption-context-check', 'legacy-content:cbc', 'legacy-wrap:kms', 'read:v2', 'store:instruction-file', 'store:metadata', 'wrap:kms-context', 'write:v2', 'write:v3'].sort(),
  );
  const v1Reader = featuresFromClaims(
    [],
    [
      { format: 'v1-eo', keys: ['aes', 'rsa'], storage: ['metadata'] },
      { format: 'v1-ae', keys: ['aes', 'rsa'], storage: ['metadata'] },
    ],
    [],
  );
  assert.ok(['read:v1', 'legacy-wrap:encryption-only', 'legacy-wrap:aeswrap', 'legacy-wrap:rsa-oaep-sha256'].every((f) => v1Reader.includes(f as never)));
  assert.not.ok(v1Reader.includes('wrap:aes-gcm'));
});

test.run();
