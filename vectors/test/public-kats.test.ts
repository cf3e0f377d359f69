import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPublicKats, validateAgainst, VectorFileError } from '../load.js';

test('the public known-answer file matches its schema and has unique ids', () => {
  const kats = loadPublicKats();
  assert.is(kats.length, 72);
  assert.is(new Set(kats.map((k) => k.id)).size, kats.length);
  assert.ok(kats.filter((k) => k.verified).length >= 64);
});

test('every expected refusal names its category and phase; none is left to a message', () => {
  const refusals = loadPublicKats().filter((k) => k.expectError !== null);
  assert.ok(refusals.length >= 15);
  for (const k of refusals) assert.ok(k.expectError!.category.length > 0 && k.expectError!.phase.length > 0, k.id);
});

test('every object case carries a body and either a plaintext or an error', () => {
  for (const k of loadPublicKats().filter((c) => c.kind === 'object')) {
    assert.ok(k.ciphertextHex !== undefined || k.ciphertextBase64 !== undefined, k.id);
    assert.ok((k.expectedPlaintext ?? null) !== null || k.expectError !== null, k.id);
  }
});

test('the schema rejects a case without provenance', () => {
  const bad = { type: 's3ec-public-kats', version: 1, description: 'mutated', cases: [{ ...loadPublicKats()[0], source: { repo: 'x' } }] };
  assert.throws(
    () => validateAgainst('public-kats.schema.json', bad, 'mutated'),
    (e: unknown) => e instanceof VectorFileError && /source/.test((e as Error).message),
  );
});

test('the schema rejects an object case with neither hex nor base64 body', () => {
  const { ciphertextHex: _drop, ...rest } = loadPublicKats().find((k) => k.kind === 'object' && k.ciphertextHex)!;
  assert.throws(
    () => validateAgainst('public-kats.schema.json', { type: 's3ec-public-kats', version: 1, description: 'mutated', cases: [rest] }, 'mutated'),
    (e: unknown) => e instanceof VectorFileError && /\/cases\/0 /.test((e as Error).message),
  );
});

test.run();
