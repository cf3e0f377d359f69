/**
 * Adapter manifests and the build cache: every shipped manifest is valid, errors name the file
 * and the problem, and a build runs once until its inputs change.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isHarnessFault, type HarnessFault } from '../fault.js';
import { ensureBuilt } from '../supervisor/build.js';
import { findAdapter, listAdapters, loadAdapter } from '../supervisor/manifest.js';

/** A startup-failed fault at `step`: the implementation could not be brought up. */
const startupFault = (e: unknown, step: HarnessFault['step']): boolean => isHarnessFault(e, 'startup-failed') && e.step === step && e.errorKind === 'did-not-start';

let root: string;
test.before.each(() => {
  root = mkdtempSync(join(tmpdir(), 's3cse-adapters-'));
});
test.after.each(() => rmSync(root, { recursive: true, force: true }));

function writeAdapter(name: string, manifest: unknown): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'adapter.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
}

test('every adapter shipped in implementations/ has a valid manifest named like its folder', () => {
  const names = listAdapters();
  assert.ok(names.includes('reference'));
  for (const name of names) assert.is(findAdapter(name).manifest.name, name);
});

test('an unknown adapter name lists the known ones', () => {
  writeAdapter('alpha', { name: 'alpha', start: { command: ['true'] } });
  assert.throws(
    () => findAdapter('beta', root),
    (e: unknown) => startupFault(e, 'manifest') && /no adapter named beta; known: alpha/.test((e as Error).message),
  );
});

test('a manifest that is not JSON or breaks the schema is refused with the file and the reason', () => {
  const dir = writeAdapter('broken', '{ nope');
  assert.throws(
    () => loadAdapter(dir),
    (e: unknown) => startupFault(e, 'manifest') && (e as Error).message.includes(join(dir, 'adapter.json')) && /not JSON/.test((e as Error).message),
  );
  const dir2 = writeAdapter('nostart', { name: 'nostart' });
  assert.throws(
    () => loadAdapter(dir2),
    (e: unknown) => startupFault(e, 'manifest') && /start/.test((e as Error).message),
  );
  const dir3 = writeAdapter('shell', { name: 'shell', start: { command: 'java -jar x.jar' } });
  assert.throws(() => loadAdapter(dir3), /must be array/);
});

test('a manifest by its own file (any name) resolves its workdir against its folder; state outside implementations/ goes to the cache', () => {
  const dir = writeAdapter('byfile', { name: 'byfile', workdir: 'sub', start: { command: ['true'] } });
  writeFileSync(join(dir, 'other-name.json'), readFileSync(join(dir, 'adapter.json')));
  const adapter = loadAdapter(join(dir, 'other-name.json'));
  assert.is(adapter.workdir, join(dir, 'sub'));
  assert.is(adapter.bundled, false);
  assert.not.ok(adapter.stateDir.startsWith(dir));
  assert.match(adapter.stateDir, /s3cse\/adapters\/byfile-[0-9a-f]{12}$/);
  const bundled = findAdapter('reference');
  assert.ok(bundled.bundled);
  assert.is(bundled.stateDir, bundled.workdir);
});

test('a build runs once, is cached while inputs stay, and runs again when an input changes', async () => {
  const script = "require('fs').appendFileSync('runs.txt', 'x'); require('fs').writeFileSync('out.bin', 'built')";
  const dir = writeAdapter('built', { name: 'built', build: { command: ['node', '-e', script], inputs: ['src'], outputs: ['out.bin'] }, start: { command: ['true'] } });
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'a.txt'), 'one');
  const adapter = loadAdapter(dir);
  assert.is(await ensureBuilt(adapter), 'built');
  assert.is(await ensureBuilt(adapter), 'cached');
  writeFileSync(join(dir, 'src', 'a.txt'), 'two');
  assert.is(await ensureBuilt(adapter), 'built');
  rmSync(join(dir, 'out.bin'));
  assert.is(await ensureBuilt(adapter), 'built', 'a missing output forces a rebuild');
  assert.is(readFileSync(join(dir, 'runs.txt'), 'utf8'), 'xxx');
});

test('a failing build, or one that does not produce its outputs, is a startup-failed fault at the build step, pointing at its log', async () => {
  const dir = writeAdapter('fails', {
    name: 'fails',
    build: { command: ['node', '-e', "console.error('compile error here'); process.exit(4)"], inputs: [], outputs: ['x'] },
    start: { command: ['true'] },
  });
  const adapter = loadAdapter(dir);
  try {
    await ensureBuilt(adapter);
    assert.unreachable();
  } catch (e) {
    assert.ok(startupFault(e, 'build'));
    assert.match((e as Error).message, /build failed \(4\)/);
    // An adapter outside implementations/ keeps its log in the cache folder, not beside its sources.
    assert.match(readFileSync(join(adapter.stateDir, '.s3cse-build.fails.log'), 'utf8'), /compile error here/);
    assert.ok((e as Error).message.includes(adapter.stateDir));
  }
  const dir2 = writeAdapter('nothing', { name: 'nothing', build: { command: ['true'], inputs: [], outputs: ['never.jar'] }, start: { command: ['true'] } });
  await ensureBuilt(loadAdapter(dir2)).then(
    () => assert.unreachable(),
    (e: unknown) => {
      assert.ok(startupFault(e, 'build'));
      assert.match((e as Error).message, /did not produce never\.jar/);
    },
  );
});

test.run();
