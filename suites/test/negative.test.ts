/**
 * The negative generator on recorded-like fixtures: every item of the list is covered,
 * every file validates, and each case's recorded ops, reapplied to its source, give exactly the
 * stored object (the provenance is the whole truth).
 */
import { constants, privateDecrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bodyOf, loadCaseFile, sha256Hex, type DecryptCaseData } from '../../vectors/corpus.js';
import { writeGenerated } from '../generate/output.js';
import { negativeFiles } from '../generate/negative.js';
import { loadSources } from '../generate/sources.js';
import { applyTampering } from '../tamperings.js';
import { writeRecordedLike } from './fixtures/recorded-like.js';
import { uncovered } from './negative-coverage.js';

const dir = mkdtempSync(join(tmpdir(), 's3cse-negative-'));
const sourcesFiles = writeRecordedLike(join(dir, 'recorded'));
const out = negativeFiles(sourcesFiles, join(dir, 'corpus'));
writeGenerated(out);
const files = out.filter((f) => f.path.endsWith('.json')).map((f) => loadCaseFile(f.path));
const cases = files.flatMap((f) => f.cases as readonly DecryptCaseData[]);
const sources = new Map(loadSources(sourcesFiles).map((s) => [s.case.id, s]));
const keys = JSON.parse(readFileSync(new URL('../../vectors/keys/keys.json', import.meta.url), 'utf8')) as { keys: Record<string, { private?: string }> };

test('every item of the negative list has at least one case', () => {
  assert.equal(uncovered(cases), []);
});

test('every negative case expects a categorized refusal, derives from a positive source and cites known requirements', () => {
  const sections = (JSON.parse(readFileSync(new URL('../requirements.json', import.meta.url), 'utf8')) as { sections: Record<string, unknown> }).sections;
  assert.ok(cases.length > 300, `${cases.length} cases`);
  for (const c of cases) {
    assert.ok('error' in c.expect, c.id);
    assert.ok('derived' in c.provenance && sources.has(c.provenance.derived.from), c.id);
    for (const r of c.requirements) assert.ok(r in sections, `${c.id}: ${r}`);
  }
});

test('both producers contribute, and every tampering reaches more than one of them where it applies to both', () => {
  const producers = new Set(cases.map((c) => ('derived' in c.provenance ? c.provenance.derived.from.split('/')[1] : '')));
  assert.equal([...producers].sort(), ['fixture-a', 'fixture-b']);
});

test("each case's ops, reapplied to its source by the interpreter, give exactly the stored object", () => {
  for (const f of files) {
    for (const c of f.cases as readonly DecryptCaseData[]) {
      if (!('derived' in c.provenance)) continue;
      const s = sources.get(c.provenance.derived.from)!;
      const o = s.case.inputs.object;
      const r = applyTampering({ body: s.body, metadata: o.metadata, ...(o.instructionFile === undefined ? {} : { instructionFile: o.instructionFile }) }, c.provenance.derived.tampering, {
        instructionFileOf: (id) => sources.get(id)?.case.inputs.object.instructionFile,
      });
      assert.is(sha256Hex(r.object.body), sha256Hex(bodyOf(c, dirname(f.path))), c.id);
      assert.equal(r.object.metadata, c.inputs.object.metadata, c.id);
      assert.is(r.object.instructionFile, c.inputs.object.instructionFile, c.id);
      assert.equal(r.request.legacy ?? s.case.inputs.legacy, c.inputs.legacy, c.id);
    }
  }
});

function wrappedKey(c: DecryptCaseData): Buffer {
  const m = { ...c.inputs.object.metadata, ...(c.inputs.object.instructionFile ? (JSON.parse(c.inputs.object.instructionFile) as Record<string, string>) : {}) };
  return Buffer.from(m['x-amz-key'] ?? m['x-amz-key-v2'] ?? m['x-amz-3']!, 'base64');
}

test('Bleichenbacher pairs: the valid-padding key unpads under the private test key, the invalid one does not', () => {
  const pairs = cases.filter((c) => c.id.includes('/rsa-padding-pair/'));
  assert.ok(pairs.length >= 4);
  for (const c of pairs) {
    const pem = keys.keys[(c.inputs.key as { name: string }).name]!.private!;
    const valid = !c.id.includes('invalid-padding');
    if (c.id.includes('oaep')) {
      const open = (): Buffer => privateDecrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, wrappedKey(c));
      if (valid) assert.ok([32].includes(open()[0]!), c.id);
      else assert.throws(open, undefined, c.id);
    } else {
      const em = privateDecrypt({ key: pem, padding: constants.RSA_NO_PADDING }, wrappedKey(c));
      const separator = em.indexOf(0, 2);
      assert.is(em[0] === 0 && em[1] === 2 && separator >= 10 && em.length - separator - 1 === 32, valid, c.id);
    }
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
