/**
 * Every case of the corpus cites requirement lines of the pinned specification, by duvet's ids,
 * and suites/requirements.json (duvet's extraction) is the vendored specification's text.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCorpus, type DecryptCaseData } from '../../vectors/corpus.js';
import { L, L2 } from '../lines.js';
import { lineKey, pinnedLines, sectionsOf, specLine, specSections, unknownLines } from '../spec-lines.js';

const cases = loadCorpus().flatMap((f) => f.cases as readonly DecryptCaseData[]);

test('every case cites at least one line, each a line of the pinned specification', () => {
  assert.ok(cases.length > 1000);
  const bad = cases.filter((c) => c.specLines.length === 0 || unknownLines(c.specLines).length > 0).map((c) => c.id);
  assert.equal(bad, []);
});

test("every case's requirements are the sections of its lines", () => {
  const bad = cases.filter((c) => JSON.stringify(c.requirements) !== JSON.stringify(sectionsOf(c.specLines))).map((c) => c.id);
  assert.equal(bad, []);
});

test('a line the specification does not have is found out', () => {
  const made = { section: 's3-encryption/client.md#enable-legacy-unauthenticated-modes', quote: 'The option MUST be set to true by default.' };
  assert.equal(unknownLines([L.legacyContentOn, made]), [made]);
  assert.equal(unknownLines([{ ...L.legacyContentOn, section: 's3-encryption/client.md#kmscontext' }]).length, 1);
  assert.throws(() => specLine('client.md#enable-legacy-unauthenticated-modes', 'no such words'), /0 lines/);
  assert.throws(() => specLine('client.md#enable-legacy-unauthenticated-modes', 'MUST'), /4 lines/);
  assert.throws(() => specLine('materials/s3-kms-keyring.md#kmscontext', 'MUST'), /no section/);
});

test('the named lines are distinct lines', () => {
  const named = [...Object.values(L), ...Object.values(L2)];
  assert.equal(new Set(named.map(lineKey)).size, named.length);
});

const normalize = (s: string): string => s.replace(/\s+/g, ' ');

test("requirements.json is duvet's extraction of the vendored specification: its counts, its sections, its text", () => {
  const lines = pinnedLines();
  const count = (level: string): number => lines.filter((l) => l.level === level).length;
  assert.equal([count('MUST'), count('SHOULD'), count('MAY')], [197, 30, 24]);
  assert.equal(specSections().length, 123);
  for (const l of lines) {
    const [file] = l.section.split('#');
    const text = normalize(readFileSync(new URL(`../../vectors/spec/${file}`, import.meta.url), 'utf8'));
    assert.ok(text.includes(l.quote), `${l.section}: "${l.quote}" is not in the vendored ${file}`);
  }
});

test('the section ids are the ones duvet and AWS use', () => {
  const ids = specSections();
  for (const id of ['s3-encryption/materials/s3-kms-keyring.md#kms-context', 's3-encryption/data-format/content-metadata.md#v1-v2-shared', 's3-encryption/client.md#wrapped-s3-client-s']) {
    assert.ok(ids.includes(id), id);
  }
  assert.not.ok(ids.some((id) => /kmscontext|v1v2|v2v3|_/.test(id.split('#')[1]!)));
});

test.run();
