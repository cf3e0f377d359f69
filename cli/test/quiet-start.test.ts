/**
 * Issue 11's quiet start: no AWS SDK Node-version warning from any npm script or entry point,
 * and the embedded target's own script answers --help with its usage instead of a stack.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO, childEnv } from './support/bin.js';

const SDK_QUIET = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
const withoutQuiet = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(childEnv()).filter(([k]) => k !== SDK_QUIET));

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

test('npm run conformance prints no warning line, even without the variable .ci/run sets', async () => {
  const r = await run('npm', ['run', '--silent', 'conformance', '--', '--suite', 'known-answers'], withoutQuiet());
  assert.is(r.status, 0, r.stderr);
  assert.not.match(r.stderr, /Warning/);
  assert.match(r.stdout, /known-answers/);
});

test('every npm script that starts Node code silences the SDK warning itself', () => {
  const { scripts } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  for (const [name, line] of Object.entries(scripts)) {
    if (!/\b(tsx|node|c8)\b/.test(line)) continue;
    const quiet = line.includes(`${SDK_QUIET}=true`) || /^node bin\/s3cse\.js\b/.test(line);
    assert.ok(quiet, `npm run ${name} would print the SDK's NodeVersionSupportWarning: ${line}`);
  }
});

test('harness/targets/embedded/main.ts --help prints its usage on stdout and exits 0', async () => {
  const r = await run(process.execPath, ['--import', 'tsx', 'harness/targets/embedded/main.ts', '--help'], withoutQuiet());
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: /);
  assert.is(r.stderr, '');
});

test.run();
