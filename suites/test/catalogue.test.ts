import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FEATURES } from '../adapter.js';
import { allSuites } from '../index.js';
import { envelopeViolations } from '../envelope-checks.js';

const requirements = JSON.parse(readFileSync(new URL('../requirements.json', import.meta.url), 'utf8')) as { sections: Record<string, unknown> };
const cases = allSuites().flatMap((s) => s.cases);

test('case ids are unique across suites', () => {
  assert.is(new Set(cases.map((c) => c.id)).size, cases.length);
});

test('every case cites at least one requirement, and every citation exists in the pinned spec', () => {
  for (const c of cases) {
    assert.ok(c.requirements.length > 0, c.id);
    for (const r of c.requirements) assert.ok(r in requirements.sections, `${c.id} cites unknown ${r}`);
  }
});

test('every feature a case needs is in the feature vocabulary', () => {
  for (const c of cases) for (const f of c.features) assert.ok((FEATURES as readonly string[]).includes(f), `${c.id}: ${f}`);
});

test('every verified public object vector is a known-answer case', () => {
  const kat = allSuites().find((s) => s.name === 'known-answers')!;
  assert.is(kat.cases.length, 30);
  assert.ok(kat.cases.every((c) => c.kind === 'decrypt' && c.provenance.includes('@')));
  assert.ok(kat.cases.every((c) => c.flags.includes('PublicSdkTest')));
});

test('envelope checks flag what a sloppy writer gets wrong', () => {
  const good = {
    body: Buffer.alloc(26),
    metadata: {
      'x-amz-key-v2': Buffer.alloc(60, 1).toString('base64'),
      'x-amz-iv': Buffer.alloc(12, 1).toString('base64'),
      'x-amz-matdesc': '{}',
      'x-amz-wrap-alg': 'AES/GCM',
      'x-amz-cek-alg': 'AES/GCM/NoPadding',
      'x-amz-tag-len': '128',
    },
  };
  const w = { format: 'v2', storage: 'metadata', wrap: 'AES/GCM', plaintextBytes: 10 } as const;
  assert.equal(envelopeViolations(good, w), []);
  assert.match(envelopeViolations({ ...good, body: Buffer.alloc(10) }, w).join(), /plaintext \+ 16/);
  assert.match(envelopeViolations({ ...good, metadata: { ...good.metadata, 'x-amz-iv': Buffer.alloc(16).toString('base64') } }, w).join(), /x-amz-iv decodes to 16/);
  assert.match(envelopeViolations({ ...good, metadata: { ...good.metadata, 'x-amz-3': 'AA==' } }, w).join(), /x-amz-3 must not appear/);
  assert.match(envelopeViolations({ ...good, metadata: { ...good.metadata, 'X-Amz-Foo': 'x' } }, w).join(), /lower-case/);
  assert.match(envelopeViolations(good, { ...w, storage: 'instruction' }).join(), /no instruction file/);
  assert.match(envelopeViolations(good, { ...w, format: 'v3' }).join(), /x-amz-c is missing/);
});

test.run();
