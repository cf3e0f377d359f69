import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS_ROOT, loadCorpus, plaintextFromSeed, sha256Hex } from '../corpus.js';
import { VectorFileError } from '../load.js';
import { summarizeCorpus } from '../verify.js';

/** A scratch copy of the committed corpus, so each test can break it its own way. */
function scratchCorpus(): string {
  const dir = mkdtempSync(join(tmpdir(), 's3cse-corpus-'));
  cpSync(CORPUS_ROOT, dir, { recursive: true });
  return dir;
}

const KATS = join('known-answers', 'public-kats.json');

test('the committed corpus loads: every file matches its schema, every digest matches, ids are unique', () => {
  const s = summarizeCorpus();
  assert.ok(s.files >= 1 && s.cases >= 30, `${s.files} files, ${s.cases} cases`);
  assert.is(s.positive + s.negative, s.cases);
});

test('plaintextFromSeed is SHA-256(seed || uint32be(i)) concatenated and cut', () => {
  const first = sha256Hex(Buffer.concat([Buffer.from('s'), Buffer.from([0, 0, 0, 0])]));
  assert.is(plaintextFromSeed('s', 32).toString('hex'), first);
  assert.is(plaintextFromSeed('s', 40).subarray(0, 32).toString('hex'), first);
  assert.is(plaintextFromSeed('s', 0).length, 0);
  assert.is.not(plaintextFromSeed('t', 16).toString('hex'), plaintextFromSeed('s', 16).toString('hex'));
});

test('a body whose bytes no longer match its digest is refused, naming the file and the case', () => {
  const dir = scratchCorpus();
  try {
    const path = join(dir, KATS);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    const body = Buffer.from(file.cases[0].inputs.object.body.base64, 'base64');
    body[0] = body[0]! ^ 1;
    file.cases[0].inputs.object.body.base64 = body.toString('base64');
    writeFileSync(path, JSON.stringify(file));
    assert.throws(
      () => loadCorpus(dir),
      (e: unknown) => e instanceof VectorFileError && e.message.includes(file.cases[0].id) && /SHA-256/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a case with an expected message instead of a category, or an unknown feature, fails the schema', () => {
  const dir = scratchCorpus();
  try {
    const path = join(dir, KATS);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    const negative = file.cases.find((c: { expect: object }) => 'error' in c.expect);
    negative.expect = { error: { message: 'decryption failed' } };
    file.cases[0].features = [...file.cases[0].features, 'read:v9'];
    writeFileSync(path, JSON.stringify(file));
    assert.throws(
      () => loadCorpus(dir),
      (e: unknown) => e instanceof VectorFileError && /does not match its schema/.test(e.message) && /features/.test(e.message) && /expect/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same id in two files is refused', () => {
  const dir = scratchCorpus();
  try {
    cpSync(join(dir, KATS), join(dir, 'known-answers', 'copy.json'));
    assert.throws(
      () => loadCorpus(dir),
      (e: unknown) => e instanceof VectorFileError && /is in both/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a derived case whose source is in no file is refused by verify', () => {
  const dir = scratchCorpus();
  try {
    const path = join(dir, KATS);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.cases[0].provenance = { derived: { from: 'recorded/nobody/v2/aes/metadata/17', tampering: [{ op: 'flip-bit', target: 'body', index: -1 }] } };
    writeFileSync(path, JSON.stringify(file));
    assert.throws(
      () => summarizeCorpus(dir),
      (e: unknown) => e instanceof VectorFileError && /which no case file holds/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
