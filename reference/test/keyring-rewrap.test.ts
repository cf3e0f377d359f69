/**
 * Raw keyrings wrap a caller's data key when asked (re-encryption): the unwrapped key is the same
 * bytes, for either content algorithm; a key of a size no wrap allows is refused.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContentAlgorithm } from '../src/algorithms.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import type { Keyring } from '../src/keyrings/keyring.js';
import { RsaKeyring } from '../src/keyrings/rsa.js';
import type { Envelope } from '../src/metadata/envelope.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyrings: Array<[string, Keyring]> = [
  ['aes', new AesKeyring({ key: randomBytes(32) })],
  ['rsa', new RsaKeyring({ privateKey, publicKey })],
];

for (const [name, keyring] of keyrings) {
  for (const content of ['gcm', 'gcm-committing'] as ContentAlgorithm[]) {
    test(`${name} keyring wraps a given ${content} data key and unwraps the same bytes`, async () => {
      for (const size of [16, 24, 32]) {
        const dataKey = randomBytes(size);
        const wrapped = await keyring.wrap({ content, description: {}, dataKey });
        assert.equal(Buffer.from(wrapped.dataKey), dataKey);
        const envelope: Envelope = { format: content === 'gcm' ? 'v2' : 'v3', content, wrap: wrapped.wrap, encryptedKey: wrapped.encryptedKey, description: {} };
        assert.equal(Buffer.from(await keyring.unwrap({ envelope, legacyWrapping: false })), dataKey);
      }
    });
  }
  test(`${name} keyring refuses a given data key of another size`, async () => {
    await rejectsWith(keyring.wrap({ content: 'gcm', description: {}, dataKey: randomBytes(20) }), 'INVALID_ARGUMENT', /16, 24 or 32/);
  });
}

test.run();
