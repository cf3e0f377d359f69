/**
 * LocalStack through testcontainers leaves no container behind (issue 17): the containers carrying
 * our label (`s3cse.target=localstack`, as `docker ps -a --filter label=…` would list them) are
 * none before and after an ordinary run, after a Ctrl-C (SIGINT) of the harness, and after a
 * SIGKILL of it. Each case is `s3cse run --target localstack` with the reference alone on small
 * objects. Skipped with one line when no Docker engine answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TARGET_LABEL } from '../targets/localstack/cleanup.js';
import { containersLabelled } from '../targets/localstack/docker-api.js';
import { probeDocker } from '../targets/localstack/docker-probe.js';

const BIN = fileURLToPath(new URL('../../bin/s3cse.js', import.meta.url));
const RUN_BOUND_MS = 300_000;
const probe = await probeDocker();
const socketPath = probe.socketPath;

const ours = async (): Promise<string[]> => (socketPath ? (await containersLabelled(socketPath, [`${TARGET_LABEL}=localstack`])).map((c) => `${c.Id.slice(0, 12)} ${c.State}`) : []);

function startRun(): { child: ChildProcess; up: Promise<string>; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const args = [BIN, 'run', '--suite', 'cross', '--impl', 'reference', '--target', 'localstack', '--require-target', '--sizes', '0,17'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let markUp: (line: string) => void = () => undefined;
  const up = new Promise<string>((resolve) => (markUp = resolve));
  child.stdout?.resume();
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
    const line = stderr.split('\n').find((l) => l.startsWith('localstack: testcontainers'));
    if (line) markUp(line);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_BOUND_MS);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      markUp('');
      resolve({ code, signal, stderr });
    }),
  );
  return { child, up, done };
}

/** Polls until none of our containers is left, or the deadline; returns what is left. */
async function leftAfter(ms: number): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = await ours();
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 500));
  }
}

if (!probe.available) {
  console.log(`targets-localstack-docker: skipped (no Docker engine answered: ${probe.detail})`);
  test.skip('LocalStack containers are cleaned up (no Docker engine)', () => undefined);
} else {
  test('an ordinary run: none of our containers before, one while it runs, none after', async () => {
    assert.equal(await ours(), [], 'before');
    const run = startRun();
    const line = await run.up;
    assert.match(line, /^localstack: testcontainers, image \S+, container [0-9a-f]{12}/);
    assert.is((await ours()).length, 1, 'while it runs');
    const { code, stderr } = await run.done;
    assert.is(code, 0, stderr.slice(-2000));
    assert.equal(await ours(), [], 'after');
  });

  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    test(`a ${signal} of the harness while the container runs leaves none`, async () => {
      assert.equal(await ours(), [], 'before');
      const run = startRun();
      assert.ok((await run.up) !== '', 'the container started');
      run.child.kill(signal);
      await run.done;
      const started = Date.now();
      assert.equal(await leftAfter(20_000), [], `after ${signal}`);
      console.log(`  ${signal}: no container left ${Date.now() - started} ms after the harness ended`);
    });
  }
}

test.run();
