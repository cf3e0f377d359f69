import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { ERROR_CODES } from '@s3cse/reference';
import * as vocabulary from '../vocabulary.js';
import { PROTOCOL_VERSION } from '../version.js';

const SCHEMAS = new URL('../schemas/', import.meta.url);

/** Every `enum` and `const` a schema holds, by file and JSON pointer. */
function enumsAndConsts(): Map<string, readonly unknown[]> {
  const found = new Map<string, readonly unknown[]>();
  const walk = (node: unknown, at: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['enum'])) found.set(at, o['enum']);
    if ('const' in o) found.set(at, [o['const']]);
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
  };
  for (const file of readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json'))) walk(JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8')), file);
  return found;
}

/** Where each vocabulary list shows up in the schemas. A schema enum missing here fails the sweep below. */
const SOURCES: Readonly<Record<string, readonly string[]>> = {
  'capabilities.schema.json/definitions/claim/properties/format': vocabulary.WRITE_FORMATS,
  'capabilities.schema.json/definitions/claim/properties/keys/items': vocabulary.KEY_KINDS,
  'capabilities.schema.json/definitions/claim/properties/storage/items': vocabulary.STORAGES,
  'capabilities.schema.json/properties/features/items': vocabulary.IMPLEMENTATION_FEATURES,
  'capabilities.schema.json/properties/protocol': [PROTOCOL_VERSION],
  'client-request.schema.json/properties/config/properties/commitmentPolicy': vocabulary.COMMITMENT_POLICIES,
  'client-request.schema.json/properties/config/properties/encryptionAlgorithm': vocabulary.ENCRYPTION_ALGORITHMS,
  'client-request.schema.json/properties/config/properties/s3cse/properties/writeFormat': vocabulary.WRITE_FORMATS,
  'error.schema.json/properties/category': vocabulary.REFUSAL_CATEGORIES,
  'vocabulary.schema.json/definitions/feature': vocabulary.CASE_FEATURES,
  'vocabulary.schema.json/definitions/errorCategory': vocabulary.ERROR_CATEGORIES,
  'vocabulary.schema.json/definitions/errorStage': vocabulary.ERROR_STAGES,
  'vocabulary.schema.json/definitions/commitmentPolicy': vocabulary.COMMITMENT_POLICIES,
  'vocabulary.schema.json/definitions/storage': vocabulary.STORAGES,
};

test('every schema enum equals the vocabulary list it comes from, in order', () => {
  const found = enumsAndConsts();
  for (const [at, list] of Object.entries(SOURCES)) {
    assert.ok(found.has(at), `${at}: no enum there any more; update SOURCES`);
    assert.equal(found.get(at), list, at);
  }
});

test('no schema has an enum or const that the vocabulary does not own', () => {
  const unowned = [...enumsAndConsts().keys()].filter((at) => !(at in SOURCES));
  assert.equal(unowned, []);
});

test('the reference refuses with exactly the protocol error categories', () => {
  assert.equal([...new Set(Object.values(ERROR_CODES))].sort(), [...vocabulary.ERROR_CATEGORIES].sort());
});

test('isOneOf narrows only members of the list', () => {
  assert.ok(vocabulary.isOneOf(vocabulary.KEY_KINDS, 'kms'));
  assert.not.ok(vocabulary.isOneOf(vocabulary.KEY_KINDS, 'KMS'));
  assert.not.ok(vocabulary.isOneOf(vocabulary.KEY_KINDS, 3));
});

test.run();
