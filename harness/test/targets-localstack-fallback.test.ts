/**
 * Host-mode fallback when no Docker engine answers (issue 17): the probe gives up within its 2 s
 * deadline on a closed socket and on a socket that accepts but never answers, and `s3cse run
 * --target localstack` with DOCKER_HOST=unix:///tmp/nonexistent.sock says so in exactly one line,
 * `localstack: host mode (no Docker engine answered: …)`, runs in host mode and names it in the
 * report header, within a time bound. The run needs the LocalStack venv (S3CSE_TEST_LOCALSTACK=1
 * or an earlier run made it); without it that test prints one skip line. The probe tests always run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { probeDocker } from '../targets/localstack/docker-probe.js';
import { localStackInstalled } from '../targets/localstack/target.js';
import { runS3cse, type BoundedRun } from './targets-support.js';

const CLOSED = 'unix:///tmp/nonexistent.sock';
const RUN_BOUND_MS = 180_000;

async function withDockerHost<T>(value: string, body: () => Promise<T>): Promise<T> {
  const before = process.env['DOCKER_HOST'];
  process.env['DOCKER_HOST'] = value;
  try {
    return await body();
  } finally {
    if (before === undefined) delete process.env['DOCKER_HOST'];
    else process.env['DOCKER_HOST'] = before;
  }
}

test('the probe answers "not available" at once on a closed socket', async () => {
  const started = Date.now();
  const probe = await withDockerHost(CLOSED, () => probeDocker());
  assert.not.ok(probe.available);
  assert.is(probe.detail, `DOCKER_HOST=${CLOSED}: connect ENOENT /tmp/nonexistent.sock`);
  assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
});

test('the probe gives up within its deadline on a socket that never answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 's3cse-silent-docker-'));
  const path = join(dir, 'docker.sock');
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(path, resolve));
  try {
    const started = Date.now();
    const probe = await withDockerHost(`unix://${path}`, () => probeDocker(500));
    assert.not.ok(probe.available);
    assert.match(probe.detail, /no answer within 500 ms/);
    assert.ok(Date.now() - started < 1500, `${Date.now() - started} ms`);
  } finally {
    silent.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function runHostMode(out: string): Promise<BoundedRun> {
  const args = ['run', '--suite', 'cross', '--impl', 'reference', '--target', 'localstack', '--require-target', '--sizes', '0,17', '--out', out];
  return runS3cse(args, { ...process.env, DOCKER_HOST: CLOSED }, RUN_BOUND_MS);
}

if (!localStackInstalled() && process.env['S3CSE_TEST_LOCALSTACK'] !== '1') {
  console.log('targets-localstack-fallback: the run skipped (no LocalStack venv; S3CSE_TEST_LOCALSTACK=1 installs it)');
  test.skip('s3cse run --target localstack falls back to host mode (no LocalStack venv)', () => undefined);
} else {
  test('s3cse run --target localstack with no engine: one line, host mode, in the report header, no hang', async () => {
    const out = mkdtempSync(join(tmpdir(), 's3cse-fallback-'));
    try {
      const run = await runHostMode(out);
      assert.ok(run.ms < RUN_BOUND_MS, `killed after ${run.ms} ms`);
      assert.is(run.code, 0, run.stderr.slice(-2000));
      const lines = run.stderr.split('\n').filter((l) => l.startsWith('localstack: host mode'));
      assert.equal(lines, [`localstack: host mode (no Docker engine answered: DOCKER_HOST=${CLOSED}: connect ENOENT /tmp/nonexistent.sock)`]);
      console.log(`  ${lines[0]} (run took ${run.ms} ms)`);
      const header = JSON.parse(readFileSync(join(out, 'report.jsonl'), 'utf8').split('\n')[0] ?? '{}') as { targetDescription?: string; target?: string };
      assert.match(JSON.stringify(header), /LocalStack 4\.13\.1 \(host mode: no Docker engine answered\)/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

test.run();
