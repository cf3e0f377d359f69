/**
 * KmsKeyring against the embedded loopback KMS (harness/targets/embedded, used as a test double).
 * Independent checks: wrapped keys are opened here with node:crypto following LocalStack's blob
 * layout, and the public KMS known-answer objects (kats.md) are replayed through the keyring.
 */
import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { KmsKeyring } from '../src/keyrings/kms.js';
import { S3EncryptionError, type ErrorCode } from '../src/errors.js';
import { refusal } from '../../testkit/expect-error.js';
import type { ContentAlgorithm, WrapAlgorithm } from '../src/algorithms.js';
import type { Description, Envelope } from '../src/metadata/envelope.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { kmsClientFor } from '../../harness/targets/embedded/clients.js';

const KEY_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const MATERIAL = Buffer.alloc(32, 0x5a);
let target: EmbeddedTarget;
let client: KMSClient;

test.before(async () => {
  target = await startEmbeddedTarget();
  client = kmsClientFor(target.endpoint, { maxAttempts: 1 });
  target.kms.createKey({ keyId: KEY_ID, material: MATERIAL });
});
test.after(async () => {
  client.destroy();
  await target.stop();
});

const keyring = (encryptionContext?: Description, keyId = KEY_ID) => new KmsKeyring({ client, keyId, ...(encryptionContext ? { encryptionContext } : {}) });

function envelope(content: ContentAlgorithm, wrap: WrapAlgorithm, encryptedKey: Uint8Array, description: Description): Envelope {
  return content === 'gcm-committing'
    ? { format: 'v3', content, wrap, encryptedKey, description, messageId: new Uint8Array(28), commitment: new Uint8Array(28) }
    : { format: 'v2', content, wrap, encryptedKey, description, iv: new Uint8Array(content === 'cbc' ? 16 : 12) };
}

async function code(p: Promise<unknown>): Promise<ErrorCode> {
  return (await refusal(p)).code;
}
/** Counts the KMS calls a step makes, to prove refusals happen before KMS is asked. */
async function kmsCalls(step: () => Promise<unknown>): Promise<number> {
  const before = target.requestLog.filter((e) => e.service === 'kms').length;
  await step().catch(() => undefined);
  return target.requestLog.filter((e) => e.service === 'kms').length - before;
}

/** LocalStack layout, decoded here without the harness: id 36 ‖ IV 16 ‖ tag 16 ‖ GCM(PKCS#7(pt)). */
function openBlob(blob: Uint8Array, ec: Description): Buffer {
  const b = Buffer.from(blob);
  const d = createDecipheriv('aes-256-gcm', MATERIAL, b.subarray(36, 52));
  d.setAAD(
    Buffer.concat(
      Object.keys(ec)
        .sort()
        .map((k) => Buffer.from(k + ec[k], 'utf8')),
    ),
  );
  d.setAuthTag(b.subarray(52, 68));
  const padded = Buffer.concat([d.update(b.subarray(68)), d.final()]);
  return padded.subarray(0, padded.length - (padded.at(-1) ?? 0));
}

for (const [content, id] of [
  ['gcm', 'AES/GCM/NoPadding'],
  ['gcm-committing', '115'],
] as const) {
  test(`wrap/unwrap round trip for ${content}: EC binds ${id}`, async () => {
    const wrapped = await keyring().wrap({ content, description: { department: 'finance' } });
    assert.is(wrapped.wrap, 'kms+context');
    assert.equal(wrapped.description, { department: 'finance', 'aws:x-amz-cek-alg': id });
    assert.is(wrapped.dataKey.length, 32);
    assert.ok(openBlob(wrapped.encryptedKey, wrapped.description).equals(Buffer.from(wrapped.dataKey)), 'KMS saw the stored EC');
    const env = envelope(content, 'kms+context', wrapped.encryptedKey, wrapped.description);
    const key = await keyring().unwrap({ envelope: env, legacyWrapping: false, encryptionContext: { department: 'finance' } });
    assert.ok(Buffer.from(key).equals(Buffer.from(wrapped.dataKey)));
  });
}

test('keyring EC is merged under the request EC, and kms_cmk_id is dropped', async () => {
  const ring = keyring({ team: 'a', stage: 'keyring', kms_cmk_id: 'ignored' });
  const wrapped = await ring.wrap({ content: 'gcm', description: { stage: 'request', kms_cmk_id: 'also-ignored' } });
  assert.equal(wrapped.description, { team: 'a', stage: 'request', 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' });
  const env = envelope('gcm', 'kms+context', wrapped.encryptedKey, wrapped.description);
  const key = await ring.unwrap({ envelope: env, legacyWrapping: false, encryptionContext: { stage: 'request' } });
  assert.ok(Buffer.from(key).equals(Buffer.from(wrapped.dataKey)));
  const empty = await keyring().wrap({ content: 'gcm', description: {} });
  assert.equal(empty.description, { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' });
  await keyring().unwrap({ envelope: envelope('gcm', 'kms+context', empty.encryptedKey, empty.description), legacyWrapping: false });
});

test('wrap refuses the reserved key and CBC content before calling KMS', async () => {
  const reserved = () => keyring().wrap({ content: 'gcm', description: { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' } });
  assert.is(await code(reserved()), 'INVALID_ARGUMENT');
  assert.is(await kmsCalls(reserved), 0);
  assert.is(await code(keyring({ 'aws:x-amz-cek-alg': '115' }).wrap({ content: 'gcm-committing', description: {} })), 'INVALID_ARGUMENT');
  assert.is(await code(keyring().wrap({ content: 'cbc', description: {} })), 'UNSUPPORTED');
  assert.throws(
    () => keyring(undefined, ''),
    (e: unknown) => e instanceof S3EncryptionError && e.code === 'INVALID_ARGUMENT',
  );
});

test('stored aws:x-amz-cek-alg that disagrees with the content algorithm -> CONTEXT_MISMATCH', async () => {
  const v2 = await keyring().wrap({ content: 'gcm', description: {} });
  const v3 = await keyring().wrap({ content: 'gcm-committing', description: {} });
  const cases: Array<[ContentAlgorithm, Uint8Array, Description]> = [
    ['gcm-committing', v2.encryptedKey, v2.description], // V2 key presented as a V3 object
    ['gcm', v3.encryptedKey, v3.description], // V3 key presented as V2 (commitment stripped)
    ['cbc', v2.encryptedKey, v2.description], // x-amz-cek-alg downgraded to CBC (CVE-2020-8912 style)
    ['gcm', v2.encryptedKey, { 'aws:x-amz-cek-alg': 'AES/CBC/PKCS5Padding' }],
    ['gcm', v2.encryptedKey, {}], // reserved key missing
  ];
  for (const [content, blob, description] of cases) {
    const attempt = () => keyring().unwrap({ envelope: envelope(content, 'kms+context', blob, description), legacyWrapping: true });
    assert.is(await code(attempt()), 'CONTEXT_MISMATCH', `${content} ${JSON.stringify(description)}`);
    assert.is(await kmsCalls(attempt), 0);
  }
});

test('caller EC that differs from the stored one -> CONTEXT_MISMATCH, before KMS', async () => {
  const wrapped = await keyring().wrap({ content: 'gcm', description: { a: '1', b: '2' } });
  const env = envelope('gcm', 'kms+context', wrapped.encryptedKey, wrapped.description);
  for (const ec of [{ a: '1', b: '3' }, { a: '1' }, { a: '1', b: '2', c: '3' }, {}]) {
    const attempt = () => keyring().unwrap({ envelope: env, legacyWrapping: false, encryptionContext: ec });
    assert.is(await code(attempt()), 'CONTEXT_MISMATCH', JSON.stringify(ec));
    assert.is(await kmsCalls(attempt), 0);
  }
  assert.is(await code(keyring().unwrap({ envelope: env, legacyWrapping: false })), 'CONTEXT_MISMATCH', 'no caller EC means {}');
  // Order does not matter, and the keyring's default EC counts as the caller's.
  await keyring().unwrap({ envelope: env, legacyWrapping: false, encryptionContext: { b: '2', a: '1' } });
  await keyring({ a: '1' }).unwrap({ envelope: env, legacyWrapping: false, encryptionContext: { b: '2' } });
});

test('legacy kms: refused unless legacy wrapping is on, then KMS gets the matdesc verbatim', async () => {
  const matdesc = { kms_cmk_id: KEY_ID, extra: 'value' };
  const dataKey = Buffer.alloc(32, 7);
  const enc = await client.send(new EncryptCommand({ KeyId: KEY_ID, Plaintext: dataKey, EncryptionContext: matdesc }));
  for (const content of ['cbc', 'gcm'] as const) {
    const env = envelope(content, 'kms', enc.CiphertextBlob!, matdesc);
    const disabled = () => keyring().unwrap({ envelope: env, legacyWrapping: false });
    assert.is(await code(disabled()), 'LEGACY_DISABLED');
    assert.is(await kmsCalls(disabled), 0);
    const key = await keyring().unwrap({ envelope: env, legacyWrapping: true });
    assert.ok(Buffer.from(key).equals(dataKey), content);
  }
  const altered = envelope('cbc', 'kms', enc.CiphertextBlob!, { kms_cmk_id: KEY_ID });
  assert.is(await code(keyring().unwrap({ envelope: altered, legacyWrapping: true })), 'DECRYPT_FAILED', 'matdesc is bound by KMS');
});

test('non-KMS wraps -> KEY_MISMATCH', async () => {
  for (const wrap of ['AES/GCM', 'RSA-OAEP-SHA1', 'AESWrap', 'none'] as const) {
    const env = envelope('gcm', wrap, new Uint8Array(60), {});
    assert.is(await code(keyring().unwrap({ envelope: env, legacyWrapping: true })), 'KEY_MISMATCH', wrap);
  }
});

test('tampered blob or wrong key -> DECRYPT_FAILED', async () => {
  const wrapped = await keyring().wrap({ content: 'gcm', description: {} });
  const tampered = Buffer.from(wrapped.encryptedKey);
  tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 0x80;
  const err = await refusal(keyring().unwrap({ envelope: envelope('gcm', 'kms+context', tampered, wrapped.description), legacyWrapping: false }));
  assert.is(err.code, 'DECRYPT_FAILED');
  assert.not.match(err.message, /InvalidCiphertextException/, 'one message for every authentication failure');
  const other = target.kms.createKey().keyId;
  const wrongKey = keyring(undefined, other).unwrap({ envelope: envelope('gcm', 'kms+context', wrapped.encryptedKey, wrapped.description), legacyWrapping: false });
  const wrongErr = await refusal(wrongKey);
  assert.is(wrongErr.code, 'DECRYPT_FAILED');
  assert.is(wrongErr.message, err.message);
});

test('KMS service and transport faults -> KMS_ERROR naming the error', async () => {
  const missing = await refusal(keyring(undefined, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb').wrap({ content: 'gcm', description: {} }));
  assert.is(missing.code, 'KMS_ERROR');
  assert.match(missing.message, /GenerateDataKey with key bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb failed: NotFoundException/);
  assert.ok(missing.cause, 'the SDK error is kept as the cause');

  const wrapped = await keyring().wrap({ content: 'gcm', description: {} });
  const down = await startEmbeddedTarget();
  const downClient = kmsClientFor(down.endpoint, { maxAttempts: 1 });
  await down.stop();
  const ring = new KmsKeyring({ client: downClient, keyId: KEY_ID });
  const env = envelope('gcm', 'kms+context', wrapped.encryptedKey, wrapped.description);
  const unwrapErr = await refusal(ring.unwrap({ envelope: env, legacyWrapping: false }));
  assert.is(unwrapErr.code, 'KMS_ERROR');
  assert.match(unwrapErr.message, /Decrypt with key \S+ failed: ECONNREFUSED/);
  assert.is(await code(ring.wrap({ content: 'gcm', description: {} })), 'KMS_ERROR');
  downClient.destroy();
});

test("KMS_ERROR says what went wrong: the SDK's explanation, or that no credentials were found", async () => {
  const missing = await refusal(keyring(undefined, 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb').wrap({ content: 'gcm', description: {} }));
  assert.match(missing.message, /failed: NotFoundException: .*bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb/);
  const noCredentials = kmsClientFor(target.endpoint, {
    credentials: async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    },
  });
  const err = await refusal(new KmsKeyring({ client: noCredentials, keyId: 'alias/team' }).wrap({ content: 'gcm', description: {} }));
  assert.is(err.code, 'KMS_ERROR');
  assert.match(err.message, /^KMS GenerateDataKey with key alias\/team failed: no AWS credentials were found \(set AWS_ACCESS_KEY_ID/);
  noCredentials.destroy();
});

test('odd KMS responses: missing fields and bad data-key lengths', async () => {
  const fake = (response: object | (() => never)) =>
    new KmsKeyring({
      client: { send: async () => (typeof response === 'function' ? response() : response) } as unknown as KMSClient,
      keyId: KEY_ID,
    });
  const env = envelope('gcm', 'kms+context', new Uint8Array(8), { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' });
  const unwrap = (r: object | (() => never)) => code(fake(r).unwrap({ envelope: env, legacyWrapping: false }));
  assert.is(await code(fake({ CiphertextBlob: new Uint8Array(8) }).wrap({ content: 'gcm', description: {} })), 'KMS_ERROR');
  assert.is(await code(fake({ Plaintext: new Uint8Array(16), CiphertextBlob: new Uint8Array(8) }).wrap({ content: 'gcm', description: {} })), 'KMS_ERROR');
  assert.is(await unwrap({}), 'KMS_ERROR');
  assert.is(await unwrap({ Plaintext: new Uint8Array(20) }), 'DECRYPT_FAILED');
  assert.is(await unwrap({ Plaintext: new Uint8Array(0) }), 'DECRYPT_FAILED');
  for (const size of [16, 24, 32]) {
    const key = await fake({ Plaintext: new Uint8Array(size) }).unwrap({ envelope: env, legacyWrapping: false });
    assert.is(key.length, size);
  }
  const thrown = await refusal(
    fake(() => {
      throw 'weird';
    }).unwrap({ envelope: env, legacyWrapping: false }),
  );
  assert.is(thrown.code, 'KMS_ERROR');
  assert.match(thrown.message, /unknown error/);
});

interface Kat {
  id: string;
  wrap: string;
  cekAlg: string;
  metadata: Record<string, string> | null;
  kmsReplay: { ciphertextBlobBase64: string; plaintextDataKeyBase64: string | null; keyId: string; expectedEncryptionContext: Description | null } | null;
  decryptContext?: { providedEncryptionContext?: Description };
  expectError: { stage: string } | null;
}

test('public KMS known-answer objects replay through the keyring', async () => {
  const kats = (JSON.parse(readFileSync(new URL('../../vectors/public/public-kats.json', import.meta.url), 'utf8')) as { cases: Kat[] }).cases;
  let checked = 0;
  for (const kat of kats) {
    const replay = kat.kmsReplay;
    const md = (name: string) => kat.metadata?.[`x-amz-meta-${name}`] ?? kat.metadata?.[name];
    const stored = md('x-amz-matdesc') ?? md('x-amz-t');
    const stage = kat.expectError?.stage ?? '';
    if (!replay?.plaintextDataKeyBase64 || stored === undefined || stage.startsWith('policy') || stage === 'metadata decoding') continue;
    let description: Description;
    try {
      description = JSON.parse(stored) as Description;
    } catch {
      continue; // invalid stored JSON is the metadata codec's refusal, not the keyring's
    }
    const content: ContentAlgorithm = kat.cekAlg.startsWith('115') ? 'gcm-committing' : kat.cekAlg.includes('CBC') ? 'cbc' : 'gcm';
    const blob = Buffer.from(replay.ciphertextBlobBase64, 'base64');
    const local = await startEmbeddedTarget();
    const localClient = kmsClientFor(local.endpoint, { maxAttempts: 1 });
    local.kms.registerReplay({
      ciphertextBlob: blob,
      plaintext: Buffer.from(replay.plaintextDataKeyBase64, 'base64'),
      keyId: replay.keyId,
      ...(replay.expectedEncryptionContext ? { expectedEncryptionContext: replay.expectedEncryptionContext } : {}),
    });
    const ring = new KmsKeyring({ client: localClient, keyId: replay.keyId });
    const provided = kat.decryptContext?.providedEncryptionContext;
    const attempt = ring.unwrap({
      envelope: envelope(content, kat.wrap as WrapAlgorithm, blob, description),
      legacyWrapping: true,
      ...(provided ? { encryptionContext: provided } : {}),
    });
    if (stage.startsWith('encryption-context comparison')) {
      assert.is(await code(attempt), 'CONTEXT_MISMATCH', kat.id);
    } else {
      assert.is(Buffer.from(await attempt).toString('base64'), replay.plaintextDataKeyBase64, kat.id);
    }
    localClient.destroy();
    await local.stop();
    checked++;
  }
  assert.ok(checked >= 15, `checked ${checked} vectors`);
});

test.run();
