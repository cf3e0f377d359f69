import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { S3EncryptionError } from '../src/errors.js';
import type { Keyring } from '../src/keyrings/keyring.js';
import { DescriptionMaterialsProvider, PrefixMaterialsProvider, StaticMaterialsProvider, sameDescription } from '../src/keyrings/provider.js';
import { rejectsWith as rejects } from '../../testkit/expect-error.js';

/** Stand-in keyrings: the providers only hand them out, never call them. */
function fakeKeyring(name: string): Keyring {
  const never = async (): Promise<never> => {
    throw new Error(`${name} must not be called by a provider`);
  };
  return { kind: 'aes', wrap: never, unwrap: never };
}

const a = fakeKeyring('a');
const ab = fakeKeyring('ab');
const abc = fakeKeyring('abc');
const fallback = fakeKeyring('fallback');

test('StaticMaterialsProvider returns its keyring in both directions', async () => {
  const provider = new StaticMaterialsProvider(a);
  assert.is(await provider.encryptionKeyring({ key: 'x', description: {} }), a);
  assert.is(await provider.decryptionKeyring({ key: 'y', description: { any: 'thing' }, wrap: 'kms' }), a);
});

test('PrefixMaterialsProvider: longest matching prefix wins, whatever the rule order', async () => {
  for (const rules of [
    [
      { prefix: 'a/', keyring: a },
      { prefix: 'a/b/', keyring: ab },
      { prefix: 'a/b/c/', keyring: abc },
    ],
    [
      { prefix: 'a/b/c/', keyring: abc },
      { prefix: 'a/', keyring: a },
      { prefix: 'a/b/', keyring: ab },
    ],
  ]) {
    const provider = new PrefixMaterialsProvider(rules);
    const pick = (key: string) => provider.encryptionKeyring({ key, description: {} });
    const pickRead = (key: string) => provider.decryptionKeyring({ key, description: {}, wrap: 'AES/GCM' });
    assert.is(await pick('a/file'), a);
    assert.is(await pick('a/b/file'), ab);
    assert.is(await pick('a/b/c/d/file'), abc);
    assert.is(await pick('a/bc'), a); // 'a/b/' is not a prefix of 'a/bc'
    assert.is(await pickRead('a/b/c/x'), abc);
    assert.is(await pickRead('a/b/x'), ab);
  }
});

test('PrefixMaterialsProvider: fallback for unmatched keys and for a missing key', async () => {
  const provider = new PrefixMaterialsProvider([{ prefix: 'secure/', keyring: a }], { fallback });
  assert.is(await provider.encryptionKeyring({ key: 'public/x', description: {} }), fallback);
  assert.is(await provider.decryptionKeyring({ description: {}, wrap: 'AES/GCM' }), fallback);
  assert.is(await provider.decryptionKeyring({ key: 'secure/x', description: {}, wrap: 'AES/GCM' }), a);
});

test('PrefixMaterialsProvider: an empty prefix matches everything but loses to longer prefixes', async () => {
  const provider = new PrefixMaterialsProvider([
    { prefix: '', keyring: fallback },
    { prefix: 'a', keyring: a },
  ]);
  assert.is(await provider.encryptionKeyring({ key: 'zzz', description: {} }), fallback);
  assert.is(await provider.encryptionKeyring({ key: 'abc', description: {} }), a);
});

test('PrefixMaterialsProvider: no match and no fallback -> KEY_MISMATCH naming the key', async () => {
  const provider = new PrefixMaterialsProvider([{ prefix: 'secure/', keyring: a }]);
  const error = await rejects(provider.encryptionKeyring({ key: 'other/obj', description: {} }), 'KEY_MISMATCH');
  assert.ok(error.message.includes('other/obj'));
  await rejects(provider.decryptionKeyring({ key: 'secure', description: {}, wrap: 'AES/GCM' }), 'KEY_MISMATCH');
  await rejects(provider.decryptionKeyring({ description: {}, wrap: 'AES/GCM' }), 'KEY_MISMATCH');
  await rejects(new PrefixMaterialsProvider([]).encryptionKeyring({ key: 'x', description: {} }), 'KEY_MISMATCH');
});

test('PrefixMaterialsProvider: duplicate or non-string prefixes -> INVALID_ARGUMENT', () => {
  const invalid = (e: unknown) => e instanceof S3EncryptionError && e.code === 'INVALID_ARGUMENT';
  assert.throws(
    () =>
      new PrefixMaterialsProvider([
        { prefix: 'p/', keyring: a },
        { prefix: 'p/', keyring: ab },
      ]),
    invalid,
  );
  assert.throws(() => new PrefixMaterialsProvider([{ prefix: undefined as unknown as string, keyring: a }]), invalid);
});

test('DescriptionMaterialsProvider: exact description match on read, primary otherwise', async () => {
  const entryDescription = { team: 'blue', env: 'prod' };
  const provider = new DescriptionMaterialsProvider(a, [
    { description: entryDescription, keyring: ab },
    { description: {}, keyring: abc },
  ]);
  entryDescription.team = 'changed'; // copied at construction
  const read = (description: Record<string, string>) => provider.decryptionKeyring({ description, wrap: 'AES/GCM' });
  assert.is(await provider.encryptionKeyring({ key: 'k', description: { team: 'blue', env: 'prod' } }), a);
  assert.is(await read({ env: 'prod', team: 'blue' }), ab); // order irrelevant
  assert.is(await read({}), abc);
  assert.is(await read({ team: 'blue' }), a); // subset is not a match
  assert.is(await read({ team: 'blue', env: 'prod', extra: 'x' }), a); // superset is not a match
  assert.is(await read({ team: 'blue', env: 'dev' }), a);
  assert.is(await new DescriptionMaterialsProvider(a).decryptionKeyring({ description: {}, wrap: 'AES/GCM' }), a);
});

test('sameDescription compares as maps', () => {
  assert.ok(sameDescription({ a: '1', b: '2' }, { b: '2', a: '1' }));
  assert.not.ok(sameDescription({ a: '1' }, { a: '2' }));
  assert.not.ok(sameDescription({ a: '1' }, { b: '1' }));
  assert.not.ok(sameDescription({ a: '1' }, {}));
});

test.run();
