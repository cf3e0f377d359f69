/**
 * The README's examples, as a user pastes them: every ```sh block marked `<!-- example -->` runs,
 * in order, in one bash, in a temporary folder, with `s3cse` on the PATH as `npm link` puts it.
 * A block marked `needs=aws` is skipped (and counted so) where the AWS CLI is not installed.
 * Afterwards every file the examples left must be one the repository's .gitignore covers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, REPO } from './support/bin.js';

interface Example {
  readonly line: number;
  readonly needs: readonly string[];
  readonly code: string;
}

function examples(readme: string): Example[] {
  const found: Example[] = [];
  const pattern = /^<!-- example(?: needs=([\w,]+))? -->\n```sh\n([\s\S]*?)^```$/gm;
  for (const m of readme.matchAll(pattern)) {
    found.push({ line: readme.slice(0, m.index).split('\n').length + 2, needs: m[1]?.split(',') ?? [], code: m[2]! });
  }
  return found;
}

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const all = examples(readFileSync(join(REPO, 'README.md'), 'utf8'));
const runnable = all.filter((e) => e.needs.every(onPath));
for (const e of all.filter((x) => !runnable.includes(x))) test.skip(`README example at line ${e.line} (needs ${e.needs.join(', ')})`, () => undefined);

/** One script: each block announces itself, so a failure names the block it happened in. */
function script(blocks: readonly Example[]): string {
  return ['set -eo pipefail', ...blocks.map((b) => `echo "::example ${b.line}"\n${b.code}`), 'echo "::all examples ran"'].join('\n');
}

function bash(text: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; output: string }> {
  // Its own process group: a server an example left running is stopped with the group.
  const child = spawn('bash', ['-c', text], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  // A guard against a hung example, not a time limit: a loaded 2-core machine takes over 2 minutes.
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 300_000);
  return new Promise((resolve) => {
    child.once('close', (status) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
      resolve({ status, output });
    });
  });
}

/** Files in the folders the examples made with mktemp (tsx keeps its cache beside them, in TMPDIR). */
function exampleFiles(dir: string): string[] {
  const folders = readdirSync(dir).filter((name) => name.startsWith('tmp.'));
  return folders.flatMap((folder) =>
    readdirSync(join(dir, folder), { withFileTypes: true, recursive: true })
      .filter((d) => d.isFile())
      .map((d) => d.name),
  );
}

test('the README has runnable examples: the offline commands, serve with the AWS CLI, and EMRFS', () => {
  assert.ok(all.length >= 3, `found ${all.length}`);
  assert.ok(
    all.some((e) => e.code.includes('s3cse serve')),
    'one example starts s3cse serve',
  );
  assert.ok(
    all.every((e) => !/\bsleep [1-9]/.test(e.code)),
    'examples wait for readiness, not a fixed time',
  );
});

test('the README examples run one after another in a temporary folder and leave only ignored files', async () => {
  const root = mkdtempSync(join(tmpdir(), 's3cse-readme-'));
  try {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    symlinkSync(BIN, join(bin, 's3cse'));
    const examplesDir = join(root, 'tmp');
    mkdirSync(examplesDir);
    // A clean environment: no AWS settings from the machine, only what the examples export.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    const r = await bash(script(runnable), { ...env, PATH: `${bin}:${process.env['PATH']}`, TMPDIR: examplesDir, NODE_V8_COVERAGE: '' });
    const failedAt = [...r.output.matchAll(/^::example (\d+)$/gm)].at(-1)?.[1];
    assert.is(r.status, 0, `the example at README line ${failedAt} failed:\n${r.output}`);
    assert.match(r.output, /::all examples ran/);
    assert.is(r.output.match(/^hello from s3cse$/gm)?.length, runnable.some((e) => e.needs.includes('aws')) ? 3 : 2, r.output);
    assert.match(r.output, /^hello from TypeScript$/m);
    assert.not.match(r.output, /Warning|INTERNAL/);
    const left = exampleFiles(examplesDir).filter((name, i, names) => names.indexOf(name) === i);
    const ignored = spawnSync('git', ['check-ignore', '--no-index', '--stdin'], { cwd: REPO, input: left.map((n) => `${n}\n`).join(''), encoding: 'utf8' });
    assert.ok(left.includes('part-00000') && left.includes('emrfs.json'), `the examples wrote into their folders: ${left.join(' ')}`);
    const notIgnored = left.filter((name) => !ignored.stdout.split('\n').includes(name));
    assert.equal(notIgnored, [], 'every file the examples write is in .gitignore');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
