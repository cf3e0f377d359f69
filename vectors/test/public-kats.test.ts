import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadPublicKats, validateAgainst, VectorFileError } from '../load.js';

test('the public known-answer file matches its schema and has unique ids', () => {
  const kats = loadPublicKats();
  assert.is(kats.length, 72);
  assert.is(new Set(kats.map((k) => k.id)).size, kats.length);
  assert.ok(kats.filter((k) => k.verified).length >= 64);
});

test('every object case carries a body and either a plaintext or an error', () => {
  for (const k of loadPublicKats().filter((c) => c.kind === 'object')) {
    assert.ok(k.ciphertextHex !== undefined || k.ciphertextBase64 !== undefined, k.id);
    assert.ok((k.expectedPlaintext ?? null) !== null || k.expectError !== null, k.id);
  }
});

test('the schema rejects a case without provenance', () => {
  const bad = [{ ...loadPublicKats()[0], source: { repo: 'x' } }];
  assert.throws(
    () => validateAgainst('public-kats.schema.json', bad, 'mutated'),
    (e: unknown) => e instanceof VectorFileError && /source/.test((e as Error).message),
  );
});

test('the schema rejects an object case with neither hex nor base64 body', () => {
  const { ciphertextHex: _drop, ...rest } = loadPublicKats().find((k) => k.kind === 'object' && k.ciphertextHex)!;
  assert.throws(
    () => validateAgainst('public-kats.schema.json', [rest], 'mutated'),
    (e: unknown) => e instanceof VectorFileError,
  );
});

test.run();
