/** The offline ranged decryption, without S3: a slice of a body as a ranged GET would return it. */
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collect } from '../src/content/body.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { decryptObjectRange as decryptRange } from '../src/pipeline/decrypt-range.js';
import { encryptObject } from '../src/pipeline/encrypt.js';
import { providerFor, resolvePolicy, type DecryptPolicy } from '../src/pipeline/options.js';
import type { PlaintextRange } from '../src/range.js';
import { ciphertextRange, parsePlaintextRange } from '../src/range.js';
import { rejectsWith } from '../../testkit/expect-error.js';
import { readAll } from './support/streams.js';

const keyring = new AesKeyring({ key: randomBytes(32) });

/** decryptObjectRange takes the settings the client resolved once; these are the ones a client of `options` holds. */
function decryptObjectRange(stored: Parameters<typeof decryptRange>[0], range: PlaintextRange, options: DecryptPolicy & { keyring: AesKeyring }) {
  return decryptRange(stored, range, { provider: providerFor(options), policy: resolvePolicy(options) }, { encryptionContext: {} });
}
const plaintext = randomBytes(300);

/** The slice S3 would send for `header`, with its Content-Range. */
async function slice(format: 'v2' | 'v3', header: string) {
  const commitmentPolicy = format === 'v2' ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  const enc = await encryptObject(plaintext, { keyring, format, commitmentPolicy });
  const body = await collect(enc.body);
  const range = parsePlaintextRange(header)!;
  const [from, to] = ciphertextRange(range)
    .slice('bytes='.length)
    .split('-')
    .map((n) => (n === '' ? undefined : Number(n)));
  const start = from ?? body.length - to!;
  const end = Math.min(from === undefined || to === undefined ? body.length - 1 : to, body.length - 1);
  const stored = { body: body.subarray(start, end + 1), metadata: enc.metadata, contentRange: `bytes ${start}-${end}/${body.length}` };
  return { stored, range };
}

test('V2 and V3 slices decrypt to the plaintext range and report it as S3 would', async () => {
  for (const format of ['v2', 'v3'] as const) {
    for (const [header, first, last] of [
      ['bytes=37-90', 37, 90],
      ['bytes=290-', 290, 299],
      ['bytes=-5', 295, 299],
    ] as const) {
      const { stored, range } = await slice(format, header);
      const out = await decryptObjectRange(stored, range, { keyring, commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', legacyUnauthenticatedModes: true });
      assert.equal(await readAll(out.body), plaintext.subarray(first, last + 1), `${format} ${header}`);
      assert.is(out.contentRange, `bytes ${first}-${last}/300`);
      assert.is(out.contentLength, last - first + 1);
      assert.is(out.format, format);
    }
  }
});

test('offline ranged reads are refused without legacyUnauthenticatedModes and follow the commitment policy', async () => {
  const v3 = await slice('v3', 'bytes=0-9');
  await rejectsWith(decryptObjectRange(v3.stored, v3.range, { keyring }), 'LEGACY_DISABLED', /unauthenticated/);
  const v2 = await slice('v2', 'bytes=0-9');
  await rejectsWith(decryptObjectRange(v2.stored, v2.range, { keyring, legacyUnauthenticatedModes: true }), 'COMMITMENT_POLICY');
  await rejectsWith(decryptObjectRange(v2.stored, { kind: 'span', first: 300 }, { keyring, commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', legacyUnauthenticatedModes: true }), 'INVALID_RANGE');
});

test.run();
