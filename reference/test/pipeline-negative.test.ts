/** One test per refusal the offline API can make, each checking the stable error code. */
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collect } from '../src/content/body.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { KmsKeyring } from '../src/keyrings/kms.js';
import { PrefixMaterialsProvider } from '../src/keyrings/provider.js';
import { decryptObject, type StoredObject } from '../src/pipeline/decrypt.js';
import { encryptObject } from '../src/pipeline/encrypt.js';
import { kmsClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { rejectsWith } from '../../testkit/expect-error.js';
import { readAll } from './support/streams.js';

const keyring = new AesKeyring({ key: randomBytes(32) });
/** Most objects here are V2: read them under the policy that allows objects without commitment. */
const ALLOW = { commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' } as const;
const plaintext = randomBytes(1000);

async function written(format: 'v2' | 'v3' = 'v2', k = keyring as AesKeyring | KmsKeyring): Promise<{ body: Buffer; metadata: Record<string, string> }> {
  const enc = await encryptObject(plaintext, { keyring: k, format, commitmentPolicy: format === 'v2' ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' });
  return { body: await collect(enc.body), metadata: enc.metadata };
}

function flip(b64: string, index: number): string {
  const bytes = Buffer.from(b64, 'base64');
  const i = index < 0 ? bytes.length + index : index;
  bytes[i] = bytes[i]! ^ 1;
  return bytes.toString('base64');
}

const withMeta = (o: StoredObject, patch: Record<string, string | undefined>): StoredObject => {
  const metadata: Record<string, string> = { ...o.metadata };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete metadata[k];
    else metadata[k] = v;
  }
  return { ...o, metadata };
};

test('DECRYPT_FAILED: tampered tag, ciphertext, IV and wrapped key all fail alike', async () => {
  const o = await written();
  const tag = Buffer.from(o.body);
  tag[tag.length - 1]! ^= 1;
  const ct = Buffer.from(o.body);
  ct[0]! ^= 1;
  const failures = [
    await rejectsWith(decryptObject({ ...o, body: tag }, { ...ALLOW, keyring }), 'DECRYPT_FAILED'),
    await rejectsWith(decryptObject({ ...o, body: ct }, { ...ALLOW, keyring }), 'DECRYPT_FAILED'),
    await rejectsWith(decryptObject(withMeta(o, { 'x-amz-iv': flip(o.metadata['x-amz-iv']!, 3) }), { ...ALLOW, keyring }), 'DECRYPT_FAILED'),
    await rejectsWith(decryptObject(withMeta(o, { 'x-amz-key-v2': flip(o.metadata['x-amz-key-v2']!, 20) }), { ...ALLOW, keyring }), 'DECRYPT_FAILED'),
    await rejectsWith(decryptObject(o, { ...ALLOW, keyring: new AesKeyring({ key: randomBytes(32) }) }), 'DECRYPT_FAILED'),
  ];
  // A bad tag and a wrong key must be indistinguishable to the caller.
  assert.is(new Set(failures.map((f) => f.message)).size, 1);
});

test('CVE-2020-8912: x-amz-cek-alg swapped to CBC is refused by policy, and by the wrap with legacy on', async () => {
  const o = await written();
  const iv16 = Buffer.concat([Buffer.from(o.metadata['x-amz-iv']!, 'base64'), Buffer.alloc(4)]).toString('base64');
  const downgraded = withMeta(o, { 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding', 'x-amz-tag-len': undefined, 'x-amz-iv': iv16 });
  await rejectsWith(decryptObject(downgraded, { ...ALLOW, keyring }), 'LEGACY_DISABLED');
  await rejectsWith(decryptObject(downgraded, { ...ALLOW, keyring, legacyUnauthenticatedModes: true, legacyWrappingAlgorithms: true }), 'DECRYPT_FAILED');
});

test('COMMITMENT_MISMATCH: a V3 object whose x-amz-d was altered is refused before any decryption', async () => {
  const o = await written('v3');
  await rejectsWith(decryptObject(withMeta(o, { 'x-amz-d': flip(o.metadata['x-amz-d']!, 0) }), { ...ALLOW, keyring }), 'COMMITMENT_MISMATCH');
  await rejectsWith(decryptObject(withMeta(o, { 'x-amz-i': flip(o.metadata['x-amz-i']!, 0) }), { ...ALLOW, keyring }), 'COMMITMENT_MISMATCH');
});

test('MALFORMED_METADATA / UNSUPPORTED: damaged or unknown metadata', async () => {
  const o = await written();
  await rejectsWith(decryptObject(withMeta(o, { 'x-amz-iv': 'notvalidbase64' }), { ...ALLOW, keyring }), 'MALFORMED_METADATA');
  await rejectsWith(decryptObject(withMeta(o, { 'x-amz-key': o.metadata['x-amz-key-v2'] }), { ...ALLOW, keyring }), 'MALFORMED_METADATA');
  await rejectsWith(decryptObject(withMeta(o, { 'x-amz-cek-alg': 'AES/XTS/NoPadding' }), { ...ALLOW, keyring }), 'UNSUPPORTED');
  await rejectsWith(decryptObject(withMeta(o, { 'x-amz-wrap-alg': 'ROT13' }), { ...ALLOW, keyring }), 'UNSUPPORTED');
});

test('NOT_ENCRYPTED and INSTRUCTION_FILE_MISSING: no envelope anywhere', async () => {
  await rejectsWith(decryptObject({ body: 'plain', metadata: { color: 'blue' } }, { ...ALLOW, keyring }), 'NOT_ENCRYPTED');
  const v3 = await written('v3');
  const onlyCdi = Object.fromEntries(Object.entries(v3.metadata).filter(([k]) => ['x-amz-c', 'x-amz-d', 'x-amz-i'].includes(k)));
  // The message says what the object does carry, so the reader knows an instruction file is missing, not the envelope.
  await rejectsWith(decryptObject({ body: v3.body, metadata: onlyCdi }, { ...ALLOW, keyring }), 'INSTRUCTION_FILE_MISSING', /carries the V3 keys x-amz-c, x-amz-d, x-amz-i .*instruction file/);
  await rejectsWith(
    decryptObject({ body: 'x', metadata: { 'x-amz-unencrypted-content-length': '1' } }, { ...ALLOW, keyring }),
    'INSTRUCTION_FILE_MISSING',
    /keeps its envelope in an instruction file/,
  );
});

test('TOO_LARGE: an object over the buffer fails before reading, and while reading when its length is unknown', async () => {
  const o = await written();
  await rejectsWith(decryptObject({ ...o, contentLength: o.body.length }, { ...ALLOW, keyring, bufferSize: 512 }), 'TOO_LARGE', /delayed authentication/);
  await rejectsWith(decryptObject(o, { ...ALLOW, keyring, bufferSize: 512 }), 'TOO_LARGE');
  const ok = await decryptObject({ ...o, contentLength: o.body.length }, { ...ALLOW, keyring, bufferSize: o.body.length });
  assert.equal(await readAll(ok.body), plaintext);
});

test('delayed authentication streams plaintext and errors the stream at its end on a bad tag', async () => {
  const o = await written();
  const body = Buffer.from(o.body);
  body[body.length - 1]! ^= 1;
  const dec = await decryptObject({ ...o, body }, { ...ALLOW, keyring, delayedAuthentication: true });
  await rejectsWith(readAll(dec.body), 'DECRYPT_FAILED');
});

test('INVALID_ARGUMENT: conflicting or impossible reader settings', async () => {
  const o = await written();
  await rejectsWith(decryptObject(o, { ...ALLOW, keyring, delayedAuthentication: true, bufferSize: 1024 }), 'INVALID_ARGUMENT');
  await rejectsWith(decryptObject(o, { ...ALLOW, keyring, bufferSize: 8 }), 'INVALID_ARGUMENT');
  await rejectsWith(decryptObject(o, {}), 'INVALID_ARGUMENT');
});

test('KEY_MISMATCH: a provider with no key for the object', async () => {
  const o = await written();
  await rejectsWith(decryptObject(o, { ...ALLOW, materialsProvider: new PrefixMaterialsProvider([{ prefix: 'a/', keyring }]), key: 'b/x' }), 'KEY_MISMATCH');
});

test('kms+context: the CONTEXT_MISMATCH cases and KMS_ERROR when KMS is unreachable', async () => {
  const target = await startEmbeddedTarget();
  try {
    const { keyId } = target.kms.createKey();
    const kms = new KmsKeyring({ client: kmsClientFor(target.endpoint), keyId });
    for (const format of ['v2', 'v3'] as const) {
      const o = await written(format, kms);
      const field = format === 'v3' ? 'x-amz-t' : 'x-amz-matdesc';
      const altered = JSON.stringify({ 'aws:x-amz-cek-alg': 'AES/CBC/PKCS5Padding' });
      await rejectsWith(decryptObject(withMeta(o, { [field]: altered }), { ...ALLOW, keyring: kms }), 'CONTEXT_MISMATCH');
      await rejectsWith(decryptObject(o, { ...ALLOW, keyring: kms, encryptionContext: { team: 'unexpected' } }), 'CONTEXT_MISMATCH');
      assert.equal(await readAll((await decryptObject(o, { ...ALLOW, keyring: kms })).body), plaintext);
    }
    // The CBC swap on a kms+context object is caught by the stored context even with legacy on.
    const o = await written('v2', kms);
    const iv16 = Buffer.concat([Buffer.from(o.metadata['x-amz-iv']!, 'base64'), Buffer.alloc(4)]).toString('base64');
    const downgraded = withMeta(o, { 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding', 'x-amz-tag-len': undefined, 'x-amz-iv': iv16 });
    await rejectsWith(decryptObject(downgraded, { ...ALLOW, keyring: kms, legacyUnauthenticatedModes: true }), 'CONTEXT_MISMATCH');
    await target.stop();
    await rejectsWith(decryptObject(o, { ...ALLOW, keyring: kms }), 'KMS_ERROR');
  } finally {
    await target.stop().catch(() => undefined);
  }
});

test.run();
