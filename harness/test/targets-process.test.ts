/**
 * The child-process plumbing under the moto and LocalStack targets, exercised with tiny Node
 * children so it runs everywhere in well under a second per case: readiness by line and by probe,
 * failed starts as one-line errors (never a hang), stop() killing the whole process group, and a
 * venv install failure surfacing as an UnavailableTarget.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ChildStartError, startChildServer } from '../targets/process/child-server.js';
import { LineTail } from '../targets/process/line-tail.js';
import { ensureVenv, venvReady } from '../targets/process/venv.js';
import { isUnavailable } from '../targets/target.js';
import { startMotoTarget } from '../targets/moto/target.js';

const node = process.execPath;

/** Running or sleeping; a zombie (killed, not yet reaped by init) counts as gone. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(20)) if (!alive(pid)) return true;
  return !alive(pid);
}

async function startError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.instance(e, ChildStartError);
    return (e as Error).message;
  }
  throw new Error('expected a failed start');
}

test('LineTail keeps the last lines and joins them on one line', () => {
  const tail = new LineTail(2);
  assert.equal(tail.push('a\nb\r\nc'), ['a', 'b']);
  assert.equal(tail.push('d\n\n'), ['cd']);
  assert.is(tail.joined(), 'b | cd');
  assert.is(new LineTail(3).joined(), '(no output)');
});

test('ready on an output line; stop kills the child and the grandchild it forked', async () => {
  // The child forks a grandchild that ignores SIGTERM, prints its pid, then reports ready.
  const script = `
    const { spawn } = require('node:child_process');
    const g = spawn(process.execPath, ['-e', "process.on('SIGTERM',()=>{}); setInterval(()=>{},1000)"], { stdio: 'ignore' });
    console.log('GRANDCHILD ' + g.pid);
    setTimeout(() => console.log('READY 4242'), 50);
    setInterval(() => {}, 1000);`;
  let grandchild = 0;
  const { server, ready } = await startChildServer({
    label: 'fake',
    command: node,
    args: ['-e', script],
    env: process.env,
    readyTimeoutMs: 5000,
    readyLine: (line) => {
      const g = /^GRANDCHILD (\d+)/.exec(line);
      if (g) grandchild = Number(g[1]);
      const m = /^READY (\d+)/.exec(line);
      return m ? Number(m[1]) : undefined;
    },
    stopGraceMs: 300,
  });
  assert.is(ready, 4242);
  assert.ok(alive(server.pid) && grandchild > 0 && alive(grandchild));
  await server.stop();
  assert.not.ok(alive(server.pid), 'child gone');
  assert.ok(await goneWithin(grandchild, 1000), 'grandchild gone (SIGKILL to the group)');
  await server.stop(); // twice is harmless
});

test('ready by probe when no line announces it', async () => {
  let calls = 0;
  const { server, ready } = await startChildServer({
    label: 'fake',
    command: node,
    args: ['-e', 'setInterval(() => {}, 1000)'],
    env: process.env,
    readyTimeoutMs: 5000,
    probe: async () => (++calls >= 3 ? 'up' : undefined),
  });
  assert.is(ready, 'up');
  await server.stop();
  assert.not.ok(alive(server.pid));
});

test('a child that exits before ready is a one-line error with its last output', async () => {
  const message = await startError(
    startChildServer({
      label: 'fake',
      command: node,
      args: ['-e', 'console.error("boom: port in use\\nsecond line"); process.exit(3)'],
      env: process.env,
      readyTimeoutMs: 5000,
      readyLine: () => undefined,
    }),
  );
  assert.match(message, /^fake exited \(code 3\) before it was ready: boom: port in use \| second line$/);
});

test('a child that never gets ready is killed at the deadline', async () => {
  const started = Date.now();
  const message = await startError(
    startChildServer({
      label: 'slow',
      command: node,
      args: ['-e', 'console.log("warming up"); setInterval(() => {}, 1000)'],
      env: process.env,
      readyTimeoutMs: 1500,
      readyLine: () => undefined,
    }),
  );
  assert.ok(Date.now() - started < 5000);
  assert.match(message, /^slow was not ready within 1\.5 s: warming up$/);
});

test('a missing command is a failed start, not a throw of another kind', async () => {
  const message = await startError(startChildServer({ label: 'none', command: '/nonexistent/s3cse-server', args: [], env: process.env, readyTimeoutMs: 2000, readyLine: () => undefined }));
  assert.match(message, /^none exited \(error spawn \/nonexistent\/s3cse-server ENOENT\)/);
});

test('a venv that cannot be created makes moto an UnavailableTarget, and nothing is left behind', async () => {
  const cache = mkdtempSync(join(tmpdir(), 's3cse-venv-test-'));
  const saved = { xdg: process.env['XDG_CACHE_HOME'], python: process.env['S3CSE_PYTHON'] };
  process.env['XDG_CACHE_HOME'] = cache;
  process.env['S3CSE_PYTHON'] = '/nonexistent/python3';
  try {
    const spec = { name: 'fake', version: '0', requirements: ['nothing==0'] };
    assert.not.ok(venvReady(spec));
    try {
      await ensureVenv(spec, () => {});
      assert.unreachable();
    } catch (e) {
      assert.match((e as Error).message, /\/nonexistent\/python3 -m venv .*ENOENT/);
    }
    const lines: string[] = [];
    const moto = await startMotoTarget({ log: (l) => lines.push(l) });
    assert.ok(isUnavailable(moto));
    if (isUnavailable(moto)) assert.match(moto.reason, /^cannot install moto: \/nonexistent\/python3 -m venv .*ENOENT/);
    assert.match(lines[0] ?? '', /^moto: creating venv .*moto-5\.2\.5 \(first run only\)$/);
  } finally {
    for (const [name, value] of [
      ['XDG_CACHE_HOME', saved.xdg],
      ['S3CSE_PYTHON', saved.python],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(cache, { recursive: true, force: true });
  }
});

test.run();
