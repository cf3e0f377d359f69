/**
 * The committed corpus: every file validates, the generators reproduce it byte for byte in a
 * child process that cannot import the reference (so no expected outcome comes from the code
 * under test), every description is a statement, and the negative catalogue covers the issue's
 * list with cases from every recorded producer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { caseFilePaths, CORPUS_ROOT, loadCorpus, type DecryptCaseData } from '../../vectors/corpus.js';
import { uncovered } from './negative-coverage.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOOKS = ['--import', 'tsx', '--import', './suites/test/fixtures/no-reference-register.mjs'];
/** Modal verbs, as JSON-Schema-Test-Suite lints them: a description states what is, not what ought to be. */
const MODAL = /\b(must|should|may|might|can|cannot|could|will|would|shall)\b/i;

const run = (args: readonly string[]) => spawnSync(process.execPath, [...HOOKS, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

test('the generators, unable to import the reference, write exactly the committed files', () => {
  const r = run(['suites/generate/main.ts', '--check']);
  assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /generate --check: (\d+) of \1 generated files up to date, 0 stale/);
});

test('the hook that guards the generator refuses the reference by package name and by path', () => {
  const dir = mkdtempSync(join(tmpdir(), 's3cse-no-reference-'));
  try {
    const byName = join(dir, 'by-name.mjs');
    const byPath = join(dir, 'by-path.mjs');
    writeFileSync(byName, `import ${JSON.stringify(pathToFileURL(join(ROOT, 'suites/generate/main.ts')).href)};\nawait import('@s3cse/reference');\n`);
    writeFileSync(byPath, `await import(${JSON.stringify(pathToFileURL(join(ROOT, 'reference/src/index.ts')).href)});\n`);
    for (const file of [byName, byPath]) {
      const r = run([file]);
      assert.is.not(r.status, 0, file);
      assert.match(r.stderr, /no-reference-hooks: import of/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const files = loadCorpus();
const decrypt = files.flatMap((f) => (f.type === 's3ec-decrypt-cases' ? f.cases : []));
const negatives = decrypt.filter((c) => c.id.startsWith('negative/'));

test('every case description in vectors/corpus is a statement (no modal verbs)', () => {
  const offenders: string[] = [];
  for (const path of caseFilePaths(CORPUS_ROOT)) {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { cases: { id: string; description: string }[] };
    for (const c of data.cases) if (MODAL.test(c.description)) offenders.push(`${c.id}: ${c.description}`);
  }
  assert.equal(offenders, []);
});

test('the lint catches a modal verb', () => {
  assert.ok(MODAL.test('The reader must refuse it.'));
  assert.not.ok(MODAL.test('The reader refuses it (Cannonball).'));
});

test('the committed negative catalogue covers every item of the negative list, with at least 300 cases', () => {
  assert.equal(uncovered(negatives as DecryptCaseData[]), []);
  assert.ok(negatives.length >= 300, `${negatives.length} negative cases`);
});

test('negative cases expect a category and a stage, never a plaintext or a message', () => {
  for (const c of negatives) {
    assert.ok('error' in c.expect, c.id);
    if ('error' in c.expect) assert.equal(Object.keys(c.expect.error).sort(), ['category', 'stage'], c.id);
    assert.ok('derived' in c.provenance, c.id);
  }
});

test("no negative object has more user metadata than S3's 2 KB, so each one can be stored", () => {
  for (const c of negatives) {
    const bytes = Object.entries(c.inputs.object.metadata).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    assert.ok(bytes <= 2048, `${c.id}: ${bytes} bytes of metadata`);
  }
});

test('every recorded producer contributes negative cases', () => {
  const producers = new Set(decrypt.filter((c) => c.id.startsWith('recorded/') && 'producer' in c.provenance).map((c) => c.id.split('/')[1]));
  const used = new Set(negatives.map((c) => ('derived' in c.provenance ? c.provenance.derived.from.split('/')[1] : '')));
  for (const p of producers) assert.ok(used.has(p), `no negative case derives from ${p}`);
});

test.run();
