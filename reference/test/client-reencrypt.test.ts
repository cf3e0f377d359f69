/**
 * Instruction-file re-encryption on the embedded target: the data key is re-wrapped into a new
 * instruction file, the body is never fetched (checked in the request log) and stays byte for
 * byte the same, and the refusals Java makes (same description, enforceRotation) are made.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kmsClientFor, s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { S3EncryptionClient, type S3EncryptionClientConfig } from '../src/client.js';
import { fail } from '../src/errors.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import type { Keyring, MaterialsProvider } from '../src/keyrings/keyring.js';
import { KmsKeyring } from '../src/keyrings/kms.js';
import { RsaKeyring } from '../src/keyrings/rsa.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const Bucket = 'reencrypt-tests';
const aesKey = randomBytes(32);
const aes = new AesKeyring({ key: aesKey, description: { owner: 'us' } });
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa = new RsaKeyring({ privateKey, publicKey, description: { partner: 'them' } });
const rsaPublicOnly = new RsaKeyring({ publicKey, description: { partner: 'them' } });
const V2 = { format: 'v2', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' } as const;
let target: EmbeddedTarget;
let s3: S3Client;

test.before(async () => {
  target = await startEmbeddedTarget();
  target.s3.createBucket(Bucket);
  s3 = s3ClientFor(target.endpoint);
});
test.after(async () => {
  s3.destroy();
  await target.stop();
});

const clientWith = (keyring: Keyring, config: Partial<S3EncryptionClientConfig> = {}) => new S3EncryptionClient({ client: s3, keyring, ...config } as S3EncryptionClientConfig);

async function raw(Key: string): Promise<{ body: Buffer; etag: string | undefined; metadata: Record<string, string> }> {
  const out = await s3.send(new GetObjectCommand({ Bucket, Key }));
  return { body: Buffer.from(await out.Body!.transformToByteArray()), etag: out.ETag, metadata: out.Metadata ?? {} };
}

async function read(client: S3EncryptionClient, Key: string, InstructionFileSuffix?: string): Promise<string> {
  const got = await client.getObject({ Bucket, Key, ...(InstructionFileSuffix ? { InstructionFileSuffix } : {}) });
  return got.Body!.transformToString();
}

/** The S3 requests since the log was cleared, as "METHOD /bucket/key". */
const s3Requests = () => target.requestLog.filter((r) => r.service === 's3').map((r) => `${r.method} ${r.path}`);

for (const [format, config] of [
  ['v3', {}],
  ['v2', V2],
] as const) {
  test(`${format}, metadata storage: AES -> RSA under a custom suffix; the body is untouched and never fetched`, async () => {
    const Key = `${format}-meta.txt`;
    const owner = clientWith(aes, config);
    await owner.putObject({ Bucket, Key, Body: `shared ${format} data` });
    const before = await raw(Key);

    target.clearRequestLog();
    const out = await owner.reEncryptInstructionFile({ Bucket, Key, newKeyring: rsaPublicOnly, instructionFileSuffix: '.partner' });
    assert.equal(out, { Bucket, Key, instructionFileSuffix: '.partner', enforceRotation: false });
    assert.equal(s3Requests(), [`HEAD /${Bucket}/${Key}`, `PUT /${Bucket}/${Key}.partner`], 'only HEAD and the new file: no GetObject of the body');

    const after = await raw(Key);
    assert.equal(after.body, before.body);
    assert.is(after.etag, before.etag);
    assert.equal(after.metadata, before.metadata);

    const file = await s3.send(new GetObjectCommand({ Bucket, Key: `${Key}.partner` }));
    assert.is(file.Metadata?.['x-amz-crypto-instr-file'], '');
    const fields = JSON.parse(await file.Body!.transformToString()) as Record<string, string>;
    if (format === 'v3') {
      assert.equal(Object.keys(fields).sort(), ['x-amz-3', 'x-amz-m', 'x-amz-w'], 'V3 keeps c/d/i on the object');
      assert.is(fields['x-amz-w'], '22');
      assert.is(fields['x-amz-m'], '{"partner":"them"}');
    } else {
      assert.is(fields['x-amz-wrap-alg'], 'RSA-OAEP-SHA1');
      assert.is(fields['x-amz-iv'], before.metadata['x-amz-iv'], 'the IV is kept');
    }

    const partner = clientWith(rsa, config);
    assert.is(await read(partner, Key, '.partner'), `shared ${format} data`);
    assert.is(await read(owner, Key), `shared ${format} data`, 'the original envelope still opens it');
    await rejectsWith(partner.getObject({ Bucket, Key }), 'KEY_MISMATCH');
  });

  test(`${format}, instruction storage: rotation to RSA replaces <key>.instruction; the old key no longer reads it`, async () => {
    const Key = `${format}-file.txt`;
    const owner = clientWith(aes, { ...config, storage: 'instruction' });
    await owner.putObject({ Bucket, Key, Body: 'rotate me' });
    const before = await raw(Key);

    target.clearRequestLog();
    await owner.reEncryptInstructionFile({ Bucket, Key, newKeyring: rsa, enforceRotation: true });
    assert.equal(s3Requests(), [`HEAD /${Bucket}/${Key}`, `GET /${Bucket}/${Key}.instruction`, `PUT /${Bucket}/${Key}.instruction`]);
    const after = await raw(Key);
    assert.equal(after.body, before.body);
    assert.is(after.etag, before.etag);

    assert.is(await read(clientWith(rsa, config), Key), 'rotate me');
    await rejectsWith(owner.getObject({ Bucket, Key }), 'KEY_MISMATCH');
  });
}

test("every copy of the data key is zeroed: putObject's, the one unwrapped, the new keyring's; after a rotation and after a refusal", async () => {
  const keys: Uint8Array[] = [];
  const spy = (inner: Keyring): Keyring => ({
    kind: inner.kind,
    wrap: async (request) => {
      const wrapped = await inner.wrap(request);
      keys.push(wrapped.dataKey);
      return wrapped;
    },
    unwrap: async (request) => {
      const dataKey = await inner.unwrap(request);
      keys.push(dataKey);
      return dataKey;
    },
  });
  const owner = clientWith(spy(aes));
  await owner.putObject({ Bucket, Key: 'zeroed.txt', Body: 'zero me' });
  await owner.reEncryptInstructionFile({ Bucket, Key: 'zeroed.txt', newKeyring: spy(rsa) });
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'zeroed.txt', newKeyring: spy(aes) }), 'ROTATION_REFUSED');
  assert.is(keys.length, 5);
  assert.ok(keys.every((key) => key.length === 32 && key.every((b) => b === 0)));
  assert.is(await read(owner, 'zeroed.txt'), 'zero me');
});

test('a new keyring with the same description is refused (as Java), and nothing is written', async () => {
  const owner = clientWith(aes);
  await owner.putObject({ Bucket, Key: 'same.txt', Body: 'x' });
  target.clearRequestLog();
  const otherKeySameDescription = new AesKeyring({ key: randomBytes(32), description: { owner: 'us' } });
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'same.txt', newKeyring: otherKeySameDescription }), 'ROTATION_REFUSED', /same material description/);
  assert.not.ok(s3Requests().some((r) => r.startsWith('PUT')));
});

test('enforceRotation refuses when the current keys can still open the new wrapped key', async () => {
  const owner = clientWith(aes);
  await owner.putObject({ Bucket, Key: 'enforce.txt', Body: 'x' });
  const sameKeyNewDescription = new AesKeyring({ key: aesKey, description: { owner: 'us', rotated: 'yes' } });
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'enforce.txt', newKeyring: sameKeyNewDescription, enforceRotation: true }), 'ROTATION_REFUSED', /can still open/);
  // Without enforceRotation a new description is enough, as in Java.
  await owner.reEncryptInstructionFile({ Bucket, Key: 'enforce.txt', newKeyring: sameKeyNewDescription });
  assert.is(await read(clientWith(sameKeyNewDescription), 'enforce.txt', '.instruction'), 'x');
  // A different key passes enforceRotation.
  const newKey = new AesKeyring({ key: randomBytes(32), description: { owner: 'us', rotated: 'twice' } });
  await owner.reEncryptInstructionFile({ Bucket, Key: 'enforce.txt', newKeyring: newKey, enforceRotation: true });
  assert.is(await read(clientWith(newKey), 'enforce.txt', '.instruction'), 'x');
});

test('enforceRotation passes on a service failure of the current keys instead of taking it as proof', async () => {
  const kmsDown: Keyring = { kind: 'kms', wrap: async () => fail('KMS_ERROR', 'down'), unwrap: async () => fail('KMS_ERROR', 'KMS unreachable') };
  const provider: MaterialsProvider = {
    encryptionKeyring: async () => aes,
    decryptionKeyring: async (request) => (request.description['owner'] === 'us' ? aes : kmsDown),
  };
  const owner = new S3EncryptionClient({ client: s3, materialsProvider: provider });
  await owner.putObject({ Bucket, Key: 'kms-down.txt', Body: 'x' });
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'kms-down.txt', newKeyring: rsa, enforceRotation: true }), 'KMS_ERROR', /unreachable/);
});

test('an object under KMS is re-wrapped to AES (its encryption context given); a KMS newKeyring is refused', async () => {
  const keyId = target.kms.createKey({}).keyId;
  const kms = new KmsKeyring({ client: kmsClientFor(target.endpoint), keyId });
  const owner = clientWith(kms);
  await owner.putObject({ Bucket, Key: 'kms.txt', Body: 'from kms', MaterialsDescription: { project: 'p1' } });
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'kms.txt', newKeyring: aes }), 'CONTEXT_MISMATCH');
  await owner.reEncryptInstructionFile({ Bucket, Key: 'kms.txt', newKeyring: aes, encryptionContext: { project: 'p1' }, instructionFileSuffix: '.aes' });
  assert.is(await read(clientWith(aes), 'kms.txt', '.aes'), 'from kms');
  await rejectsWith(clientWith(aes).reEncryptInstructionFile({ Bucket, Key: 'kms.txt', newKeyring: kms }), 'UNSUPPORTED', /raw \(AES or RSA\)/);
});

test('the object must be in the format the client writes (as Java); AES/CBC objects cannot be re-wrapped', async () => {
  await clientWith(aes, V2).putObject({ Bucket, Key: 'is-v2.txt', Body: 'x' });
  await clientWith(aes).putObject({ Bucket, Key: 'is-v3.txt', Body: 'x' });
  await rejectsWith(clientWith(aes).reEncryptInstructionFile({ Bucket, Key: 'is-v2.txt', newKeyring: rsa }), 'INVALID_ARGUMENT', /not key-committing \(V2\)/);
  await rejectsWith(clientWith(aes, V2).reEncryptInstructionFile({ Bucket, Key: 'is-v3.txt', newKeyring: rsa }), 'INVALID_ARGUMENT', /key-committing \(V3\)/);

  const cbcEnvelope = {
    'x-amz-key-v2': randomBytes(60).toString('base64'),
    'x-amz-iv': randomBytes(16).toString('base64'),
    'x-amz-matdesc': '{}',
    'x-amz-wrap-alg': 'AES/GCM',
    'x-amz-cek-alg': 'AES/CBC/PKCS5Padding',
  };
  await s3.send(new PutObjectCommand({ Bucket, Key: 'cbc.bin', Body: randomBytes(32), Metadata: cbcEnvelope }));
  await rejectsWith(clientWith(aes, V2).reEncryptInstructionFile({ Bucket, Key: 'cbc.bin', newKeyring: rsa }), 'UNSUPPORTED', /AES\/CBC/);
});

test('what cannot be re-wrapped: an unencrypted object, a missing instruction file, a broken commitment, a missing object', async () => {
  const owner = clientWith(aes);
  await s3.send(new PutObjectCommand({ Bucket, Key: 'plain.txt', Body: 'plain' }));
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'plain.txt', newKeyring: rsa }), 'NOT_ENCRYPTED');

  const fileMode = clientWith(aes, { storage: 'instruction' });
  await fileMode.putObject({ Bucket, Key: 'lost.txt', Body: 'x' });
  await fileMode.deleteObject({ Bucket, Key: 'lost.txt.instruction' });
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'lost.txt', newKeyring: rsa }), 'INSTRUCTION_FILE_MISSING');

  await owner.putObject({ Bucket, Key: 'committed.txt', Body: 'x' });
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'committed.txt' }));
  const tampered = { ...head.Metadata, 'x-amz-d': randomBytes(28).toString('base64') };
  await s3.send(new PutObjectCommand({ Bucket, Key: 'committed.txt', Body: (await raw('committed.txt')).body, Metadata: tampered }));
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'committed.txt', newKeyring: rsa }), 'COMMITMENT_MISMATCH');

  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'absent.txt', newKeyring: rsa }), 'S3_ERROR');
});

test('arguments: Bucket, Key and newKeyring are required; a keyring that cannot wrap the existing key is refused', async () => {
  const owner = clientWith(aes);
  await owner.putObject({ Bucket, Key: 'args.txt', Body: 'x' });
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: '', newKeyring: rsa }), 'INVALID_ARGUMENT', /Bucket and Key/);
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'args.txt', newKeyring: undefined as unknown as Keyring }), 'INVALID_ARGUMENT', /newKeyring/);
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'args.txt', newKeyring: rsa, instructionFileSuffix: '' }), 'INVALID_ARGUMENT', /suffix/);
  const ignoresDataKey: Keyring = {
    kind: 'aes',
    wrap: async () => ({ dataKey: randomBytes(32), encryptedKey: randomBytes(60), wrap: 'AES/GCM', description: { other: 'x' } }),
    unwrap: async () => randomBytes(32),
  };
  await rejectsWith(owner.reEncryptInstructionFile({ Bucket, Key: 'args.txt', newKeyring: ignoresDataKey }), 'UNSUPPORTED', /its own data key/);
});

test.run();
