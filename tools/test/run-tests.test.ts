/** The test runner: plain output when not a terminal, and its own closing line with the counts. */
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const REPO = new URL('../../', import.meta.url);

function runFixtures(pattern: string): { status: number | null; stdout: string } {
  // The child must not report coverage into ours (Node copies NODE_V8_COVERAGE unless it is set).
  const env = { ...process.env, NODE_V8_COVERAGE: '', S3CSE_TEST_COUNTS: '', FORCE_COLOR: undefined, NO_COLOR: undefined };
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'tools/run-tests.ts', pattern], { cwd: REPO, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout };
}

test('counts passed, failed and skipped tests in a closing line, with no colours in a pipe', () => {
  const r = runFixtures('tools/test/fixtures/mixed\\.fixture\\.ts$');
  assert.is(r.status, 1, 'a failure fails the run');
  assert.not.match(r.stdout, /\x1b\[/, 'no ANSI escapes');
  const lines = r.stdout.trimEnd().split('\n');
  assert.is(lines.at(-1), 'tests: 1 passed, 1 failed, 1 skipped');
});

test('a file that cannot be imported is a failure, and the other files still run', () => {
  const r = runFixtures('tools/test/fixtures/(mixed|broken)\\.fixture\\.ts$');
  assert.is(r.status, 1);
  assert.match(r.stdout, /broken\.fixture\.ts: could not be loaded: Error: this file cannot be imported/);
  assert.is(r.stdout.trimEnd().split('\n').at(-1), 'tests: 1 passed, 2 failed, 1 skipped');
});

test.run();
