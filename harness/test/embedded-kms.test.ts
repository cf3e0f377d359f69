/**
 * The embedded target's KMS through the real AWS SDK v3 KMSClient. The blob layout is checked
 * against an independent node:crypto implementation of LocalStack's format (key id 36 ‖ IV 16 ‖
 * tag 16 ‖ AES-256-GCM of the PKCS#7-padded plaintext, AAD = sorted key‖value concatenation).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { startEmbeddedTarget, type EmbeddedTarget } from '../targets/embedded/server.js';
import { kmsClientFor } from '../targets/embedded/clients.js';

let target: EmbeddedTarget;
let kms: KMSClient;
const material = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const keyId = '11111111-2222-3333-4444-555555555555';
let otherKeyId: string;

test.before(async () => {
  target = await startEmbeddedTarget();
  kms = kmsClientFor(target.endpoint);
  target.kms.createKey({ keyId, material });
  otherKeyId = target.kms.createKey().keyId;
});
test.after(async () => {
  kms.destroy();
  await target.stop();
});

async function kmsError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    assert.is(err.$metadata?.httpStatusCode, 400, `${err.name} is HTTP 400`);
    return err.name;
  }
  throw new Error('expected a KMS error');
}
async function rawKms(operation: string, body: string): Promise<{ status: number; json: { __type?: string } }> {
  const res = await fetch(target.endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': `TrentService.${operation}`, 'content-type': 'application/x-amz-json-1.1' },
    body,
  });
  return { status: res.status, json: (await res.json()) as { __type?: string } };
}

/** Independent LocalStack-layout codec, written from the format description only. */
function aad(ec: Record<string, string>): Buffer {
  return Buffer.concat(
    Object.keys(ec)
      .sort()
      .map((k) => Buffer.from(k + ec[k], 'utf8')),
  );
}
function openBlob(blob: Uint8Array, ec: Record<string, string>): { keyId: string; plaintext: Buffer } {
  const b = Buffer.from(blob);
  const d = createDecipheriv('aes-256-gcm', material, b.subarray(36, 52));
  d.setAAD(aad(ec));
  d.setAuthTag(b.subarray(52, 68));
  const padded = Buffer.concat([d.update(b.subarray(68)), d.final()]);
  return { keyId: b.subarray(0, 36).toString('ascii'), plaintext: padded.subarray(0, padded.length - (padded.at(-1) ?? 0)) };
}
function sealBlob(plaintext: Buffer, ec: Record<string, string>): Buffer {
  const iv = randomBytes(16);
  const c = createCipheriv('aes-256-gcm', material, iv);
  c.setAAD(aad(ec));
  const pad = 16 - (plaintext.length % 16);
  const ct = Buffer.concat([c.update(Buffer.concat([plaintext, Buffer.alloc(pad, pad)])), c.final()]);
  return Buffer.concat([Buffer.from(keyId, 'ascii'), iv, c.getAuthTag(), ct]);
}

test('GenerateDataKey + Decrypt round trip, with the LocalStack blob layout', async () => {
  const ec = { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', zeta: 'z', alpha: 'ä' };
  const gen = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: ec }));
  assert.is(gen.Plaintext?.length, 32);
  assert.is(gen.KeyId, `arn:aws:kms:us-east-1:000000000000:key/${keyId}`);
  assert.is(gen.CiphertextBlob?.length, 36 + 16 + 16 + 48, '32-byte key PKCS#7-padded to 48');
  const opened = openBlob(gen.CiphertextBlob!, ec);
  assert.is(opened.keyId, keyId);
  assert.ok(opened.plaintext.equals(Buffer.from(gen.Plaintext!)));
  const reordered = { zeta: 'z', alpha: 'ä', 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' };
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob, EncryptionContext: reordered }));
  assert.ok(Buffer.from(dec.Plaintext!).equals(Buffer.from(gen.Plaintext!)));
  assert.is(dec.KeyId, gen.KeyId);
});

test('Decrypt opens a blob built independently in the LocalStack layout', async () => {
  const secret = Buffer.from('sixteen byte key');
  const blob = sealBlob(secret, { a: 'b' });
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { a: 'b' }, KeyId: keyId }));
  assert.ok(Buffer.from(dec.Plaintext!).equals(secret));
});

test('data key sizes: AES_128, NumberOfBytes; Encrypt of arbitrary plaintext', async () => {
  const g128 = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_128' }));
  assert.is(g128.Plaintext?.length, 16);
  const g7 = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 7 }));
  assert.is(g7.Plaintext?.length, 7);
  assert.ok(openBlob(g7.CiphertextBlob!, {}).plaintext.equals(Buffer.from(g7.Plaintext!)));
  const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('hello'), EncryptionContext: { k: 'v' } }));
  assert.is(openBlob(enc.CiphertextBlob!, { k: 'v' }).plaintext.toString(), 'hello');
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { k: 'v' } }));
  assert.is(Buffer.from(dec.Plaintext!).toString(), 'hello');
});

test('the encryption context is enforced: changed, missing or extra entries fail', async () => {
  const gen = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { a: '1', b: '2' } }));
  for (const ec of [{ a: '1', b: '3' }, { a: '1' }, { a: '1', b: '2', c: '3' }, undefined]) {
    const input = { CiphertextBlob: gen.CiphertextBlob, ...(ec ? { EncryptionContext: ec } : {}) };
    assert.is(await kmsError(kms.send(new DecryptCommand(input))), 'InvalidCiphertextException', JSON.stringify(ec));
  }
});

test('KeyId on Decrypt must name the key in the blob', async () => {
  const gen = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
  const arn = `arn:aws:kms:us-east-1:000000000000:key/${keyId}`;
  assert.ok((await kms.send(new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob, KeyId: arn }))).Plaintext);
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob, KeyId: otherKeyId }))), 'IncorrectKeyException');
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: gen.CiphertextBlob, KeyId: 'alias/none' }))), 'NotFoundException');
});

test('tampered, truncated or foreign blobs fail with InvalidCiphertextException', async () => {
  const gen = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
  const blob = Buffer.from(gen.CiphertextBlob!);
  for (const offset of [40, 60, 70, blob.length - 1]) {
    const bad = Buffer.from(blob);
    bad[offset] = (bad[offset] ?? 0) ^ 0x01;
    assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: bad }))), 'InvalidCiphertextException', `byte ${offset}`);
  }
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: blob.subarray(0, 70) }))), 'InvalidCiphertextException');
  const foreign = Buffer.concat([Buffer.from('99999999-2222-3333-4444-555555555555'), blob.subarray(36)]);
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: foreign }))), 'InvalidCiphertextException');
  // Authenticates but the padding is not PKCS#7: still an invalid ciphertext.
  const c = createCipheriv('aes-256-gcm', material, Buffer.alloc(16, 9));
  const ct = Buffer.concat([c.update(Buffer.alloc(16, 0)), c.final()]);
  const badPad = Buffer.concat([Buffer.from(keyId), Buffer.alloc(16, 9), c.getAuthTag(), ct]);
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: badPad }))), 'InvalidCiphertextException');
});

test('replayed answers for recorded objects: exact blob, optional key id and context checks', async () => {
  const blob = Buffer.from('SpFRES0JyU8BLZSKo51SrwILK4lhtZsWiMNjgO4WmoK+joMwZPG7Hw==', 'base64');
  const plaintext = Buffer.from('31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22', 'hex');
  const ec = { kms_cmk_id: 'arn:aws:kms:us-east-1:172259396726:key/a22a4b30-79f4-4b3d-bab4-a26d327a231b' };
  target.kms.registerReplay({ ciphertextBlob: blob, plaintext, keyId: 'test-key-id', expectedEncryptionContext: ec });
  const dec = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ec, KeyId: 'test-key-id' }));
  assert.ok(Buffer.from(dec.Plaintext!).equals(plaintext));
  assert.is(dec.KeyId, 'test-key-id');
  assert.ok((await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ec }))).Plaintext);
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { kms_cmk_id: 'x' } }))), 'InvalidCiphertextException');
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: blob }))), 'InvalidCiphertextException');
  assert.is(await kmsError(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ec, KeyId: 'other' }))), 'IncorrectKeyException');

  const loose = Buffer.from('any recorded blob');
  target.kms.registerReplay({ ciphertextBlob: loose, plaintext: Buffer.alloc(16, 3), keyId: 'arn:aws:kms:us-east-1:1:key/abc' });
  const any = await kms.send(new DecryptCommand({ CiphertextBlob: loose, EncryptionContext: { whatever: '1' }, KeyId: 'abc' }));
  assert.ok(Buffer.from(any.Plaintext!).equals(Buffer.alloc(16, 3)), 'no context check when none was recorded; id matches ARN');
  const anon = Buffer.from('anonymous blob');
  target.kms.registerReplay({ ciphertextBlob: anon, plaintext: Buffer.alloc(32, 4) });
  assert.is((await kms.send(new DecryptCommand({ CiphertextBlob: anon, KeyId: 'k' }))).KeyId, 'k');
  assert.is((await kms.send(new DecryptCommand({ CiphertextBlob: anon }))).KeyId, 'replay');
});

test('CreateKey and DescribeKey over the SDK, including LocalStack custom id/material tags', async () => {
  const created = await kms.send(new CreateKeyCommand({ Description: 'plain' }));
  assert.match(created.KeyMetadata?.KeyId ?? '', /^[0-9a-f-]{36}$/);
  assert.is(created.KeyMetadata?.Description, 'plain');
  assert.ok(created.KeyMetadata?.CreationDate instanceof Date);
  const custom = '00000000-0000-4000-8000-000000000001';
  const other = Buffer.alloc(32, 0x42);
  await kms.send(
    new CreateKeyCommand({
      Tags: [
        { TagKey: '_custom_id_', TagValue: custom },
        { TagKey: '_custom_key_material_', TagValue: other.toString('base64') },
      ],
    }),
  );
  const described = await kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:000000000000:key/${custom}` }));
  assert.is(described.KeyMetadata?.KeyId, custom);
  assert.is(described.KeyMetadata?.KeyState, 'Enabled');
  const enc = await kms.send(new EncryptCommand({ KeyId: custom, Plaintext: Buffer.from('m') }));
  const b = Buffer.from(enc.CiphertextBlob!);
  const d = createDecipheriv('aes-256-gcm', other, b.subarray(36, 52));
  d.setAuthTag(b.subarray(52, 68));
  assert.is(
    Buffer.concat([d.update(b.subarray(68)), d.final()])
      .subarray(0, 1)
      .toString(),
    'm',
    'custom material used',
  );
  assert.is(await kmsError(kms.send(new DescribeKeyCommand({ KeyId: 'arn:aws:kms:us-east-1:000000000000:alias/x' }))), 'NotFoundException');
  assert.is(await kmsError(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: '_custom_id_', TagValue: custom }] }))), 'AlreadyExistsException');
});

test('harness-side createKey validates id and material', () => {
  assert.throws(() => target.kms.createKey({ keyId: 'short' }), /36 ASCII/);
  assert.throws(() => target.kms.createKey({ material: Buffer.alloc(16) }), /32 bytes/);
  assert.throws(() => target.kms.createKey({ keyId }), /exists/);
});

test('malformed requests get KMS JSON errors', async () => {
  const cases: Array<[string, string, string]> = [
    ['ListKeys', '{}', 'UnsupportedOperationException'],
    ['Decrypt', 'not json', 'SerializationException'],
    ['Decrypt', '[1]', 'SerializationException'],
    ['Decrypt', '', 'ValidationException'],
    ['GenerateDataKey', JSON.stringify({ KeyId: keyId }), 'ValidationException'],
    ['GenerateDataKey', JSON.stringify({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException'],
    ['GenerateDataKey', JSON.stringify({ KeyId: keyId, NumberOfBytes: 2000 }), 'ValidationException'],
    ['Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: '' }), 'ValidationException'],
    ['Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: Buffer.alloc(4097).toString('base64') }), 'ValidationException'],
    ['Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: 'AA==', EncryptionContext: { a: 1 } }), 'ValidationException'],
    ['Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: 'AA==', EncryptionContext: [] }), 'ValidationException'],
    ['DescribeKey', JSON.stringify({ KeyId: 5 }), 'ValidationException'],
  ];
  for (const [op, body, type] of cases) {
    const res = await rawKms(op, body);
    assert.is(res.status, 400, `${op} ${body}`);
    assert.is(res.json.__type, type, `${op} ${body}`);
  }
  const nullEc = await rawKms('Encrypt', JSON.stringify({ KeyId: keyId, Plaintext: 'AA==', EncryptionContext: null }));
  assert.is(nullEc.status, 200);
  const log = target.requestLog.filter((e) => e.service === 'kms');
  assert.ok(log.some((e) => e.operation === 'ListKeys' && e.status === 400));
});

test.run();
