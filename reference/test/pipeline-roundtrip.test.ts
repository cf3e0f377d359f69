import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collect } from '../src/content/body.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { PrefixMaterialsProvider } from '../src/keyrings/provider.js';
import { RsaKeyring } from '../src/keyrings/rsa.js';
import { decryptObject } from '../src/pipeline/decrypt.js';
import { encryptObject } from '../src/pipeline/encrypt.js';
import { rejectsWith } from '../../testkit/expect-error.js';
import { readAll } from './support/streams.js';

const aes = new AesKeyring({ key: randomBytes(32), description: { purpose: 'tests' } });
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa = new RsaKeyring({ privateKey, publicKey });
/** The commitment policy that writes each format (V2 needs FORBID_ENCRYPT_ALLOW_DECRYPT, which also reads it). */
const POLICY = { v2: 'FORBID_ENCRYPT_ALLOW_DECRYPT', v3: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' } as const;
const V2 = { format: 'v2', commitmentPolicy: POLICY.v2 } as const;

async function roundTrip(plaintext: Buffer, options: Parameters<typeof encryptObject>[1], readOptions: Parameters<typeof decryptObject>[1] = { keyring: aes }) {
  const enc = await encryptObject(plaintext, options);
  const body = await collect(enc.body);
  const dec = await decryptObject({ body, metadata: enc.metadata, contentLength: body.length, ...(enc.instructionFile ? { instructionFile: enc.instructionFile } : {}) }, readOptions);
  return { enc, body, dec, plaintext: await readAll(dec.body) };
}

for (const format of ['v2', 'v3'] as const) {
  for (const storage of ['metadata', 'instruction'] as const) {
    test(`${format} ${storage}: AES and RSA round trips keep every byte and report the envelope`, async () => {
      for (const keyring of [aes, rsa]) {
        const plaintext = randomBytes(4099);
        const r = await roundTrip(plaintext, { keyring, format, storage, commitmentPolicy: POLICY[format] }, { keyring, commitmentPolicy: POLICY[format] });
        assert.equal(r.plaintext, plaintext);
        assert.is(r.body.length, plaintext.length + 16);
        assert.is(r.enc.contentLength, plaintext.length + 16);
        assert.is(r.dec.format, format);
        assert.is(r.dec.content, format === 'v3' ? 'gcm-committing' : 'gcm');
        assert.is(r.dec.wrap, keyring === aes ? 'AES/GCM' : 'RSA-OAEP-SHA1');
        assert.is(r.dec.contentLength, plaintext.length);
        assert.is(storage === 'instruction', r.enc.instructionFile !== undefined);
      }
    });
  }
}

test("V2 stores the plaintext length; the stored description is the keyring's", async () => {
  const r = await roundTrip(Buffer.from('hello'), { ...V2, keyring: aes, description: { ignored: 'by raw keys' } }, { keyring: aes, commitmentPolicy: POLICY.v2 });
  assert.is(r.enc.metadata['x-amz-unencrypted-content-length'], '5');
  assert.equal(JSON.parse(r.enc.metadata['x-amz-matdesc']!), { purpose: 'tests' });
  assert.equal(r.dec.description, { purpose: 'tests' });
});

test('a stream body of declared length encrypts in bounded chunks and decrypts with delayed authentication', async () => {
  const chunks = Array.from({ length: 20 }, () => randomBytes(65536));
  const enc = await encryptObject(Readable.from(chunks), { keyring: aes, contentLength: 20 * 65536 });
  const body = await collect(enc.body);
  const dec = await decryptObject({ body: Readable.from([body]), metadata: enc.metadata }, { keyring: aes, delayedAuthentication: true });
  assert.equal(await readAll(dec.body), Buffer.concat(chunks));
  assert.is(dec.contentLength, undefined); // no stored length given: unknown before reading
});

test('a stream body that disagrees with its declared length is refused', async () => {
  const short = await encryptObject(Readable.from([Buffer.alloc(10)]), { keyring: aes, contentLength: 11 });
  await rejectsWith(collect(short.body), 'INVALID_ARGUMENT', /10 bytes/);
  const long = await encryptObject(Readable.from([Buffer.alloc(12)]), { keyring: aes, contentLength: 11 });
  await rejectsWith(collect(long.body), 'INVALID_ARGUMENT', /longer/);
  await rejectsWith(encryptObject(Buffer.alloc(3), { keyring: aes, contentLength: 4 }), 'INVALID_ARGUMENT');
  await rejectsWith(encryptObject(Buffer.alloc(3), { keyring: aes, contentLength: -1 }), 'INVALID_ARGUMENT');
});

test('options are validated before anything is encrypted', async () => {
  await rejectsWith(encryptObject('x', {}), 'INVALID_ARGUMENT', /keyring or a materialsProvider/);
  await rejectsWith(encryptObject('x', { keyring: aes, materialsProvider: new PrefixMaterialsProvider([]) } as never), 'INVALID_ARGUMENT', /not both/);
  await rejectsWith(encryptObject('x', { keyring: aes, format: 'v9' as never }), 'INVALID_ARGUMENT');
  await rejectsWith(encryptObject('x', { keyring: aes, storage: 'disk' as never }), 'INVALID_ARGUMENT');
  await rejectsWith(encryptObject('x', { keyring: aes, description: { n: 1 as unknown as string } }), 'INVALID_ARGUMENT');
  await rejectsWith(encryptObject('x', { keyring: aes, contentLength: 2 ** 36 }), 'INVALID_ARGUMENT');
  await rejectsWith(encryptObject(Readable.from([]), { keyring: aes, contentLength: 2 ** 36 }), 'TOO_LARGE');
});

test('metadata over 2 KB is refused with a pointer to instruction files, and fits there', async () => {
  const big = new AesKeyring({ key: randomBytes(32), description: { note: 'x'.repeat(2100) } });
  await rejectsWith(encryptObject('data', { keyring: big }), 'METADATA_TOO_LARGE', /instruction/);
  const r = await roundTrip(Buffer.from('data'), { keyring: big, storage: 'instruction' }, { keyring: big });
  assert.is(r.plaintext.toString(), 'data');
});

test('a prefix provider picks the write key by object key and the read key the same way', async () => {
  const logs = new AesKeyring({ key: randomBytes(32), description: { tier: 'logs' } });
  const other = new AesKeyring({ key: randomBytes(32), description: { tier: 'other' } });
  const provider = new PrefixMaterialsProvider([{ prefix: 'logs/', keyring: logs }], { fallback: other });
  const enc = await encryptObject('line', { materialsProvider: provider, key: 'logs/2026/11/24.txt', bucket: 'b' });
  assert.equal(JSON.parse(enc.metadata['x-amz-m']!), { tier: 'logs' });
  const body = await collect(enc.body);
  const dec = await decryptObject({ body, metadata: enc.metadata }, { materialsProvider: provider, key: 'logs/2026/11/24.txt' });
  assert.is((await readAll(dec.body)).toString(), 'line');
  // The same object read under a key the provider maps to another keyring fails to unwrap.
  await rejectsWith(decryptObject({ body, metadata: enc.metadata }, { materialsProvider: provider, key: 'data/x' }), 'DECRYPT_FAILED');
});

test('an instruction file handed in wins over an envelope in object metadata (a rotated key)', async () => {
  // The body and instruction file come from one encryption under RSA; the object metadata carries a
  // complete envelope of another object under AES, as a metadata object keeps after re-encryption.
  const plaintext = randomBytes(100);
  const rotated = await encryptObject(plaintext, { ...V2, keyring: rsa, storage: 'instruction' });
  const body = await collect(rotated.body);
  const other = await encryptObject(randomBytes(100), { ...V2, keyring: aes, storage: 'metadata' });
  const stored = { body, metadata: { ...other.metadata, ...rotated.metadata }, instructionFile: rotated.instructionFile! };
  const dec = await decryptObject(stored, { keyring: rsa, commitmentPolicy: POLICY.v2 });
  assert.equal(await readAll(dec.body), plaintext);
  assert.is(dec.wrap, 'RSA-OAEP-SHA1');
  await rejectsWith(decryptObject(stored, { keyring: aes, commitmentPolicy: POLICY.v2 }), 'KEY_MISMATCH');
});

test.run();
