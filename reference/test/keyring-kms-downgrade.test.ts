/**
 * The legacy `kms` wrap as a downgrade target (issue 10, weakness 1), and the one message every
 * KMS unwrap failure gives (weakness 5). Against the embedded loopback KMS as a test double.
 *
 * The attack: with write access to an object's metadata, change `x-amz-wrap-alg` from
 * `kms+context` to `kms` (and optionally `x-amz-cek-alg` to CBC, CVE-2020-8912). KMS still
 * decrypts the wrapped key, because the stored context is sent verbatim, so the only defence is
 * what the keyring checks before calling KMS.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { KmsKeyring } from '../src/keyrings/kms.js';
import { refusal } from '../../testkit/expect-error.js';
import { DECRYPT_FAILED_MESSAGE } from '../src/content/failure.js';
import type { ContentAlgorithm, WrapAlgorithm } from '../src/algorithms.js';
import type { Description, Envelope } from '../src/metadata/envelope.js';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { kmsClientFor } from '../../harness/targets/embedded/clients.js';

const KEY_ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const OTHER_KEY_ID = 'bbbbbbbb-bbbb-4ccc-8ddd-eeeeeeeeeeee';
let target: EmbeddedTarget;
let client: KMSClient;

test.before(async () => {
  target = await startEmbeddedTarget();
  client = kmsClientFor(target.endpoint, { maxAttempts: 1 });
  target.kms.createKey({ keyId: KEY_ID, material: Buffer.alloc(32, 0x5a) });
  target.kms.createKey({ keyId: OTHER_KEY_ID, material: Buffer.alloc(32, 0x6b) });
});
test.after(async () => {
  client.destroy();
  await target.stop();
});

const keyring = (keyId = KEY_ID, encryptionContext?: Description) => new KmsKeyring({ client, keyId, ...(encryptionContext ? { encryptionContext } : {}) });

function envelope(content: ContentAlgorithm, wrap: WrapAlgorithm, encryptedKey: Uint8Array, description: Description): Envelope {
  return { format: 'v2', content, wrap, encryptedKey, description, iv: new Uint8Array(content === 'cbc' ? 16 : 12) };
}

async function kmsCalls(step: () => Promise<unknown>): Promise<number> {
  const before = target.requestLog.filter((e) => e.service === 'kms').length;
  await step().catch(() => undefined);
  return target.requestLog.filter((e) => e.service === 'kms').length - before;
}

test('kms+context downgraded to kms is refused with the switch on, whatever context the caller states', async () => {
  const wrapped = await keyring().wrap({ content: 'gcm', description: { tenant: 'X' } });
  for (const content of ['gcm', 'cbc'] as const) {
    const downgraded = envelope(content, 'kms', wrapped.encryptedKey, wrapped.description);
    for (const encryptionContext of [{ tenant: 'Y' }, { tenant: 'X' }, undefined]) {
      const attempt = () => keyring().unwrap({ envelope: downgraded, legacyWrapping: true, ...(encryptionContext ? { encryptionContext } : {}) });
      const e = await refusal(attempt());
      assert.is(e.code, 'CONTEXT_MISMATCH', `${content} ${JSON.stringify(encryptionContext)}`);
      assert.match(e.message, /aws:x-amz-cek-alg/);
      assert.is(await kmsCalls(attempt), 0, 'refused before KMS is asked');
    }
  }
});

test('legacy kms: a context the caller states must equal the stored one minus kms_cmk_id', async () => {
  const matdesc = { kms_cmk_id: KEY_ID, tenant: 'X' };
  const enc = await client.send(new EncryptCommand({ KeyId: KEY_ID, Plaintext: Buffer.alloc(32, 7), EncryptionContext: matdesc }));
  const legacy = envelope('gcm', 'kms', enc.CiphertextBlob!, matdesc);
  for (const stated of [{ tenant: 'Y' }, { tenant: 'X', extra: '1' }, { kms_cmk_id: KEY_ID, tenant: 'Y' }]) {
    const attempt = () => keyring().unwrap({ envelope: legacy, legacyWrapping: true, encryptionContext: stated });
    assert.is((await refusal(attempt())).code, 'CONTEXT_MISMATCH', JSON.stringify(stated));
    assert.is(await kmsCalls(attempt), 0);
  }
  assert.is((await refusal(keyring(KEY_ID, { tenant: 'Y' }).unwrap({ envelope: legacy, legacyWrapping: true }))).code, 'CONTEXT_MISMATCH', 'keyring default context counts');
  const ok = await keyring().unwrap({ envelope: legacy, legacyWrapping: true, encryptionContext: { tenant: 'X' } });
  assert.ok(Buffer.from(ok).equals(Buffer.alloc(32, 7)));
});

test('legacy kms: no stated context reads as the legacy clients did (SES objects carry aws:ses:* entries)', async () => {
  const matdesc = { 'aws:ses:message-id': 'm-1', 'aws:ses:rule-name': 'r', kms_cmk_id: KEY_ID };
  const enc = await client.send(new EncryptCommand({ KeyId: KEY_ID, Plaintext: Buffer.alloc(32, 9), EncryptionContext: matdesc }));
  const key = await keyring().unwrap({ envelope: envelope('gcm', 'kms', enc.CiphertextBlob!, matdesc), legacyWrapping: true });
  assert.ok(Buffer.from(key).equals(Buffer.alloc(32, 9)));
});

test('every KMS authentication failure carries the one DECRYPT_FAILED message and no cause', async () => {
  const wrapped = await keyring().wrap({ content: 'gcm', description: {} });
  const tampered = Buffer.from(wrapped.encryptedKey);
  tampered[tampered.length - 3]! ^= 0x01;
  const failures = [
    keyring().unwrap({ envelope: envelope('gcm', 'kms+context', tampered, wrapped.description), legacyWrapping: false }),
    keyring(OTHER_KEY_ID).unwrap({ envelope: envelope('gcm', 'kms+context', wrapped.encryptedKey, wrapped.description), legacyWrapping: false }),
  ];
  for (const failure of failures) {
    const e = await refusal(failure);
    assert.is(e.code, 'DECRYPT_FAILED');
    assert.is(e.message, DECRYPT_FAILED_MESSAGE);
    assert.is(e.cause, undefined, 'the KMS exception name would tell a wrong key from a tampered blob');
  }
});

test.run();
