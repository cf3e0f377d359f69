/**
 * DataKeyMaterials (src/materials.ts): the data key is set once, readable only while set, and
 * zeroed with every key derived from it; and the pipeline zeroes the key a keyring hands over once
 * the operation ends, whether it succeeded or failed, while the ciphers started from it still work.
 */
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collect } from '../src/content/body.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import type { Keyring } from '../src/keyrings/keyring.js';
import { DataKeyMaterials } from '../src/materials.js';
import { decryptObject } from '../src/pipeline/decrypt.js';
import { decryptObjectRange } from '../src/pipeline/decrypt-range.js';
import { encryptObject } from '../src/pipeline/encrypt.js';
import { providerFor, resolvePolicy, type DecryptPolicy } from '../src/pipeline/options.js';
import { rejectsWith } from '../../testkit/expect-error.js';
import { readAll } from './support/streams.js';

const zeroed = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);
const V2 = { format: 'v2', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' } as const;

test('set once: a second set throws, and so does a set after zeroing', () => {
  const materials = new DataKeyMaterials().setDataKey(randomBytes(32));
  assert.throws(() => materials.setDataKey(randomBytes(32)), /set once/);
  materials.zero();
  assert.throws(() => materials.setDataKey(randomBytes(32)), /set once/);
});

test('reading: only while set and not zeroed', () => {
  const materials = new DataKeyMaterials();
  assert.is(materials.hasDataKey, false);
  assert.throws(() => materials.dataKey, /no data key/);
  const key = randomBytes(32);
  materials.setDataKey(key);
  assert.is(materials.hasDataKey, true);
  assert.is(materials.dataKey, key, 'the key handed over is the one kept: no copy lingers elsewhere');
  materials.zero();
  assert.is(materials.hasDataKey, false);
  assert.throws(() => materials.dataKey, /zeroed after use/);
});

test('zero: the data key and every adopted key are all zeros; zeroing twice or before a set is harmless', () => {
  const key = randomBytes(32);
  const derived = randomBytes(32);
  const materials = new DataKeyMaterials().setDataKey(key);
  assert.is(materials.adopt(derived), derived);
  materials.zero();
  materials.zero();
  assert.ok(zeroed(key) && zeroed(derived));
  const late = randomBytes(32);
  assert.throws(() => materials.adopt(late), /zeroed after use/);
  assert.ok(zeroed(late), 'a key adopted too late is zeroed, not left behind');
  new DataKeyMaterials().zero();
});

/** An AES keyring that keeps the data keys it hands out, to look at them afterwards. */
function spying(inner: Keyring = new AesKeyring({ key: randomBytes(32) })) {
  const wrapped: Uint8Array[] = [];
  const unwrapped: Uint8Array[] = [];
  const keyring: Keyring = {
    kind: inner.kind,
    wrap: async (request) => {
      const result = await inner.wrap(request);
      assert.not.ok(zeroed(result.dataKey));
      wrapped.push(result.dataKey);
      return result;
    },
    unwrap: async (request) => {
      const dataKey = await inner.unwrap(request);
      assert.not.ok(zeroed(dataKey));
      unwrapped.push(dataKey);
      return dataKey;
    },
  };
  return { keyring, wrapped, unwrapped };
}

test('encryption: the data key is zeroed when encryptObject returns, and the body still encrypts under it', async () => {
  for (const options of [{}, V2]) {
    const { keyring, wrapped } = spying();
    const plaintext = randomBytes(1000);
    const encrypted = await encryptObject(plaintext, { keyring, ...options });
    assert.is(wrapped.length, 1);
    assert.ok(zeroed(wrapped[0]!), 'zeroed before a byte of the body was read');
    const body = await collect(encrypted.body);
    const decrypted = await decryptObject({ body, metadata: encrypted.metadata }, { keyring, ...options });
    assert.equal(await readAll(decrypted.body), plaintext);
  }
});

test('encryption that fails after the wrap zeroes the data key too', async () => {
  const { keyring, wrapped } = spying();
  const emptyEdk: Keyring = { ...keyring, wrap: async (request) => ({ ...(await keyring.wrap(request)), encryptedKey: new Uint8Array(0) }) };
  await rejectsWith(encryptObject('x', { keyring: emptyEdk }), 'INVALID_ARGUMENT', /empty/);
  const big = spying(new AesKeyring({ key: randomBytes(32), description: { note: 'x'.repeat(2100) } }));
  await rejectsWith(encryptObject('x', { keyring: big.keyring }), 'METADATA_TOO_LARGE');
  assert.is(wrapped.length + big.wrapped.length, 2);
  assert.ok([...wrapped, ...big.wrapped].every(zeroed));
});

test('decryption: the data key is zeroed when decryptObject returns (buffered and streaming), and on every failure', async () => {
  const { keyring, unwrapped } = spying();
  const plaintext = randomBytes(500);
  for (const [format, policy] of [
    ['v3', {}],
    ['v2', V2],
  ] as const) {
    const encrypted = await encryptObject(plaintext, { keyring, ...policy });
    const body = await collect(encrypted.body);
    for (const options of [{}, { delayedAuthentication: true }] as DecryptPolicy[]) {
      const out = await decryptObject({ body, metadata: encrypted.metadata }, { keyring, ...policy, ...options });
      assert.ok(zeroed(unwrapped.at(-1)!), `${format} zeroed before the plaintext was read`);
      assert.equal(await readAll(out.body), plaintext);
    }
    const tampered = Buffer.from(body);
    tampered[tampered.length - 1]! ^= 1;
    await rejectsWith(decryptObject({ body: tampered, metadata: encrypted.metadata }, { keyring, ...policy }), 'DECRYPT_FAILED');
    assert.ok(zeroed(unwrapped.at(-1)!), `${format} zeroed after a bad tag`);
  }
  const v3 = await encryptObject(plaintext, { keyring });
  const forged = { ...v3.metadata, 'x-amz-d': Buffer.from(randomBytes(28)).toString('base64') };
  await rejectsWith(decryptObject({ body: await collect(v3.body), metadata: forged }, { keyring }), 'COMMITMENT_MISMATCH');
  assert.ok(zeroed(unwrapped.at(-1)!), 'zeroed after a commitment mismatch');
  assert.is(unwrapped.length, 7);
});

test('ranged decryption zeroes the data key too', async () => {
  const { keyring, unwrapped } = spying();
  const plaintext = randomBytes(100);
  const encrypted = await encryptObject(plaintext, { keyring });
  const body = await collect(encrypted.body);
  const options = { keyring, legacyUnauthenticatedModes: true };
  const settings = { provider: providerFor(options), policy: resolvePolicy(options) };
  const stored = { body, metadata: encrypted.metadata, contentRange: `bytes 0-${body.length - 1}/${body.length}` };
  const out = await decryptObjectRange(stored, { kind: 'span', first: 10, last: 19 }, settings, { encryptionContext: {} });
  assert.ok(zeroed(unwrapped[0]!));
  assert.equal(await readAll(out.body), plaintext.subarray(10, 20));
});

test.run();
