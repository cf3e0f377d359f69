/**
 * The harness against adapters that crash, hang, talk garbage, refuse everything or never start,
 * next to a working one (the reference adapter): the run must finish, record each failure as
 * errored (or failed, for refusals of claimed work), restart what died, and keep the good pairs green.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { adapterKeys } from '../adapter-keys.js';
import { isHarnessFault } from '../fault.js';
import { findAdapter } from '../supervisor/manifest.js';
import { AdapterSession } from '../supervisor/session.js';
import { startEmbeddedRunningTarget } from '../targets/embedded/target.js';
import type { RunningTarget } from '../targets/target.js';
import { runCrossSuite } from '../../suites/cross/run.js';
import type { CaseResult } from '../../suites/run.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/adapters/', import.meta.url));
let target: RunningTarget;
let keys: Awaited<ReturnType<typeof adapterKeys>>;

test.before(async () => {
  target = await startEmbeddedRunningTarget();
  await target.ensureBucket('broken-adapters');
  keys = await adapterKeys(target);
});
test.after(async () => {
  await target.stop();
});

async function open(name: string, root?: string): Promise<AdapterSession> {
  return AdapterSession.open(findAdapter(name, root), { env: target.childEnv(), keys, validateProtocol: true });
}

function find(results: readonly CaseResult[], writer: string, reader: string): CaseResult[] {
  return results.filter((r) => r.pair?.writer === writer && r.pair.reader === reader && r.pair.format === 'v2' && r.pair.key === 'aes' && r.pair.storage === 'metadata');
}

test('a matrix with crashing, hanging, garbage and refusing adapters finishes and classifies each', async () => {
  // The crashing adapter goes first: its PUT kills it, so every later call to it (reading the
  // reference's objects) must reach the restarted process on its new port.
  const sessions = [
    await open('broken-crash-on-put', FIXTURES),
    await open('reference'),
    ...(await Promise.all(['broken-hang-on-get', 'broken-garbage', 'broken-refuse-all'].map((n) => open(n, FIXTURES)))),
  ];
  const started = Date.now();
  let results: CaseResult[] = [];
  try {
    results = await runCrossSuite({ implementations: sessions, bucket: 'broken-adapters', sizes: [17] });
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  assert.ok(Date.now() - started < 60_000, 'the run finished in bounded time');

  const good = find(results, 'reference', 'reference');
  assert.equal(
    good.map((r) => r.status),
    ['pass'],
    'the working pair still passes',
  );

  const crashed = find(results, 'broken-crash-on-put', 'reference');
  assert.equal(
    crashed.map((r) => [r.status, r.errorKind]),
    [['errored', 'crash']],
  );
  assert.match(crashed[0]!.detail ?? '', /put/);
  assert.ok(sessions[0]!.restarts >= 1, 'the crashed adapter was restarted');
  assert.equal(
    find(results, 'reference', 'broken-crash-on-put').map((r) => r.status),
    ['fail'],
    'the restarted adapter answered (with garbage bytes)',
  );

  const hung = find(results, 'reference', 'broken-hang-on-get');
  assert.equal(
    hung.map((r) => [r.status, r.errorKind]),
    [['errored', 'timeout']],
    'no headers at all: a hang',
  );
  assert.match(hung[0]!.actual, /timeout/);

  assert.equal(
    find(results, 'broken-garbage', 'reference').map((r) => [r.status, r.errorKind]),
    [['errored', 'protocol-violation:not-json']],
    'a non-JSON answer is a protocol violation',
  );
  assert.equal(
    find(results, 'reference', 'broken-garbage').map((r) => r.status),
    ['fail'],
    'wrong bytes are a failure',
  );
  assert.equal(
    find(results, 'broken-refuse-all', 'reference').map((r) => r.status),
    ['fail'],
    'refusing claimed work is a failure',
  );
  assert.equal(
    find(results, 'reference', 'broken-refuse-all').map((r) => r.status),
    ['fail'],
  );

  // Configurations the broken adapters never claimed are not applicable, never passes.
  const unclaimed = results.filter((r) => r.pair?.writer === 'reference' && r.pair.reader === 'broken-garbage' && r.pair.format === 'v3');
  assert.ok(unclaimed.length > 0 && unclaimed.every((r) => r.status === 'not-applicable'));
  assert.not.ok(
    results.some((r) => r.pair?.writer.startsWith('broken') && r.status === 'pass'),
    'no broken writer ever passes',
  );
});

test('an adapter that exits before it listens is reported with its exit and last output', async () => {
  try {
    await open('broken-exit-at-start', FIXTURES);
    assert.unreachable('open must fail');
  } catch (e) {
    assert.ok(isHarnessFault(e, 'startup-failed'), String(e));
    assert.is((e as { step?: string }).step, 'process');
    assert.match((e as Error).message, /exited \(code 3\)/);
    assert.match((e as Error).message, /exiting at start on purpose/);
  }
});

test.run();
