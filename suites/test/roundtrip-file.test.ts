/**
 * vectors/corpus/roundtrip/write-combinations.json: every write combination once, and every
 * tamper case's ops apply, through the interpreter the runner uses, to an envelope of the shape
 * an implementation writes (metadata storage, V2 or V3).
 */
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORPUS_ROOT, loadCaseFile, type RoundTripCaseData } from '../../vectors/corpus.js';
import { applyTampering } from '../tamperings.js';

const file = loadCaseFile(join(CORPUS_ROOT, 'roundtrip', 'write-combinations.json'));
const cases = file.cases as readonly RoundTripCaseData[];
const b64 = (n: number): string => Buffer.alloc(n, 7).toString('base64');

function written(c: RoundTripCaseData): Record<string, string> {
  const wrap = c.id.split('/').slice(2, -1).join('/');
  const kms = wrap === 'kms+context';
  if (c.inputs.format === 'v3') {
    const code = { 'AES/GCM': '02', 'RSA-OAEP-SHA1': '22', 'kms+context': '12' }[wrap]!;
    return { 'x-amz-c': '115', 'x-amz-3': b64(60), 'x-amz-w': code, 'x-amz-i': b64(28), 'x-amz-d': b64(28), ...(kms ? { 'x-amz-t': '{"aws:x-amz-cek-alg":"115"}' } : {}) };
  }
  const matdesc = kms ? '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding"}' : '{}';
  return { 'x-amz-key-v2': b64(60), 'x-amz-iv': b64(12), 'x-amz-matdesc': matdesc, 'x-amz-wrap-alg': wrap, 'x-amz-cek-alg': 'AES/GCM/NoPadding', 'x-amz-tag-len': '128' };
}

test('the round trips cover every format × wrap × storage × size once, each plaintext seeded by its id', () => {
  const trips = cases.filter((c) => c.id.startsWith('roundtrip/'));
  assert.is(trips.length, 2 * 3 * 2 * 7);
  assert.is(new Set(trips.map((c) => `${c.inputs.format}|${c.id.split('/').slice(2, -2).join('/')}|${c.inputs.storage}|${c.inputs.plaintext.length}`)).size, trips.length);
  for (const c of trips) {
    assert.is(c.inputs.plaintext.seed, c.id);
    assert.ok('plaintext' in c.expect && c.expect.plaintext.length === c.inputs.plaintext.length, c.id);
  }
});

test('every tamper case expects a refusal and its ops apply to what an implementation writes', () => {
  const tampers = cases.filter((c) => c.id.startsWith('tamper/'));
  assert.ok(tampers.length >= 100, `${tampers.length} tamper cases`);
  for (const c of tampers) {
    assert.ok('error' in c.expect, c.id);
    assert.ok((c.inputs.tampering?.length ?? 0) > 0, c.id);
    const r = applyTampering({ body: new Uint8Array(c.inputs.plaintext.length + 16), metadata: written(c) }, c.inputs.tampering!);
    assert.ok(r.object.body.length > 0, c.id);
  }
});

test('a V3 downgrade leaves no V3 key behind', () => {
  for (const c of cases.filter((x) => x.id.startsWith('tamper/v3/') && x.id.includes('/downgrade-v3-to-v2'))) {
    const m = applyTampering({ body: new Uint8Array(116), metadata: written(c) }, c.inputs.tampering!).object.metadata;
    for (const k of ['x-amz-3', 'x-amz-w', 'x-amz-c', 'x-amz-d', 'x-amz-i', 'x-amz-m', 'x-amz-t']) assert.not.ok(k in m, `${c.id} keeps ${k}`);
    assert.ok('x-amz-key-v2' in m && 'x-amz-matdesc' in m, c.id);
  }
});

test.run();
