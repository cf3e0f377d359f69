/**
 * `s3cse run --jobs N` and `--repeat K` on the corpus suites: two adapters (two reference
 * processes), the same cases with 1 job and with 4, and the same results in the same order
 * (ids and verdicts; only durations differ). The known answers include two cases that register
 * different KMS answers for one ciphertext blob, which must not be in flight together.
 * `--repeat 2` doubles every case with `#2` ids.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { adapterKeys } from '../adapter-keys.js';
import { findAdapter } from '../supervisor/manifest.js';
import { AdapterSession } from '../supervisor/session.js';
import { runSuitesThroughAdapters } from '../run-suites.js';
import { startEmbeddedRunningTarget, type RunningEmbeddedTarget } from '../targets/embedded/target.js';

const SUITES = ['known-answers', 'tamper'];
let target: RunningEmbeddedTarget;
let sessions: AdapterSession[];

test.before(async () => {
  target = await startEmbeddedRunningTarget();
  await target.ensureBucket('jobs');
  const keys = await adapterKeys(target);
  sessions = await Promise.all([0, 1].map(() => AdapterSession.open(findAdapter('reference'), { env: target.childEnv(), keys })));
});
test.after(async () => {
  await Promise.all((sessions ?? []).map((s) => s.close()));
  await target?.stop();
});

const verdicts = (outcomes: Awaited<ReturnType<typeof runSuitesThroughAdapters>>): string[] => outcomes.flatMap((o) => o.results.map((r) => `${r.id} ${r.status} ${r.actual}`));

test('4 jobs give the same results in the same order as 1', async () => {
  const one = await runSuitesThroughAdapters(SUITES, sessions, target, 'jobs', undefined, { jobs: 1 });
  const seen: string[] = [];
  const four = await runSuitesThroughAdapters(SUITES, sessions, target, 'jobs', (_impl, r) => void seen.push(r.id), { jobs: 4 });
  assert.ok(verdicts(one).length > 20, `${verdicts(one).length} results`);
  assert.equal(verdicts(four), verdicts(one));
  assert.is(seen.length, verdicts(one).length, 'every result reported as it came');
  assert.equal(
    [...seen].sort(),
    verdicts(one)
      .map((v) => v.split(' ')[0])
      .sort(),
  );
});

test('--repeat 2 runs every case twice with distinct ids', async () => {
  const once = await runSuitesThroughAdapters(['tamper'], sessions.slice(0, 1), target, 'jobs', undefined, { jobs: 2 });
  const twice = await runSuitesThroughAdapters(['tamper'], sessions.slice(0, 1), target, 'jobs', undefined, { jobs: 2, repeat: 2 });
  const ids = twice[0]!.results.map((r) => r.id);
  assert.is(ids.length, 2 * once[0]!.results.length);
  assert.is(new Set(ids).size, ids.length);
  assert.ok(ids.filter((id) => /#2@reference$/.test(id)).length === once[0]!.results.length);
  assert.ok(twice[0]!.results.every((r) => r.status === 'pass'));
});

test.run();
