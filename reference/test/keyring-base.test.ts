/**
 * KeyringBase (src/keyrings/base.ts): the ownership, legacy-switch and postcondition rules every
 * keyring gets, checked on a probe keyring that records what reaches its own wrap, and on the
 * three real keyrings across every row of the wrap table.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { KMSClient } from '@aws-sdk/client-kms';
import { WRAP, WRAPS, type ContentAlgorithm, type KeyringKind, type WrapAlgorithm } from '../src/algorithms.js';
import { DECRYPT_FAILED_MESSAGE } from '../src/content/failure.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { KeyringBase, RawKeyring } from '../src/keyrings/base.js';
import type { Keyring, UnwrapRequest, WrapRequest, WrappedKey } from '../src/keyrings/keyring.js';
import { KmsKeyring } from '../src/keyrings/kms.js';
import { RsaKeyring } from '../src/keyrings/rsa.js';
import type { Envelope } from '../src/metadata/envelope.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const ALL_WRAPS = Object.keys(WRAPS) as WrapAlgorithm[];

function envelope(wrap: WrapAlgorithm, encryptedKey: Uint8Array = randomBytes(60)): Envelope {
  return { format: 'v2', content: 'gcm', wrap, encryptedKey, iv: randomBytes(12), description: { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding' } };
}

/** A keyring whose own wrap hands back what the test says, and counts how often it was reached. */
class Probe extends KeyringBase {
  readonly kind: KeyringKind;
  protected readonly writes = WRAP.AES_GCM;
  unwrapCalls = 0;
  wrapCalls = 0;
  returned: Uint8Array | undefined;

  constructor(kind: KeyringKind, returned: Uint8Array | undefined) {
    super();
    this.kind = kind;
    this.returned = returned;
  }

  protected async wrapKey(_request: WrapRequest): Promise<Omit<WrappedKey, 'wrap'>> {
    this.wrapCalls += 1;
    return { dataKey: randomBytes(32), encryptedKey: randomBytes(60), description: {} };
  }

  protected async unwrapKey(_request: UnwrapRequest): Promise<Uint8Array | undefined> {
    this.unwrapCalls += 1;
    return this.returned;
  }
}

test('ownership: a wrap another kind of keyring opens is KEY_MISMATCH before the keyring is reached', async () => {
  for (const wrap of ALL_WRAPS.filter((w) => WRAPS[w].keyring !== undefined && WRAPS[w].keyring !== 'kms')) {
    const probe = new Probe('kms', randomBytes(32));
    await rejectsWith(probe.unwrap({ envelope: envelope(wrap), legacyWrapping: true }), 'KEY_MISMATCH', /a KMS keyring cannot unwrap/);
    assert.is(probe.unwrapCalls, 0, wrap);
  }
  // A name outside the table belongs to nobody.
  const probe = new Probe('aes', randomBytes(32));
  await rejectsWith(probe.unwrap({ envelope: envelope('rot13' as WrapAlgorithm), legacyWrapping: true }), 'KEY_MISMATCH');
  assert.is(probe.unwrapCalls, 0);
});

test('ownership: EncryptionOnly goes to RSA from 128 wrapped bytes on, to AES below', async () => {
  for (const [bytes, owner] of [
    [48, 'aes'],
    [127, 'aes'],
    [128, 'rsa'],
    [256, 'rsa'],
  ] as const) {
    for (const kind of ['aes', 'rsa', 'kms'] as const) {
      const probe = new Probe(kind, randomBytes(16));
      const run = probe.unwrap({ envelope: envelope('none', randomBytes(bytes)), legacyWrapping: true });
      if (kind === owner) assert.is((await run).length, 16);
      else await rejectsWith(run, 'KEY_MISMATCH', new RegExp(`EncryptionOnly \\(no x-amz-wrap-alg, ${bytes}-byte key\\)`));
      assert.is(probe.unwrapCalls, kind === owner ? 1 : 0, `${bytes} bytes, ${kind}`);
    }
  }
});

test('legacy switch: every legacy row of the table is LEGACY_DISABLED before the keyring is reached, and read with the switch', async () => {
  for (const wrap of ALL_WRAPS) {
    const encryptedKey = randomBytes(60);
    const owner = WRAPS[wrap].keyring ?? 'aes';
    const refused = new Probe(owner, randomBytes(32));
    const run = refused.unwrap({ envelope: envelope(wrap, encryptedKey), legacyWrapping: false });
    if (WRAPS[wrap].legacy) {
      await rejectsWith(run, 'LEGACY_DISABLED', /enable legacy wrapping/);
      assert.is(refused.unwrapCalls, 0, wrap);
    } else {
      assert.is((await run).length, 32);
    }
    const allowed = new Probe(owner, randomBytes(32));
    assert.is((await allowed.unwrap({ envelope: envelope(wrap, encryptedKey), legacyWrapping: true })).length, 32, wrap);
  }
});

test('postcondition: no key or a key of another size is DECRYPT_FAILED with the shared message, no cause, and zeroed', async () => {
  for (const size of [0, 1, 15, 20, 31, 33, 64]) {
    const odd = Buffer.alloc(size, 0xa5);
    const probe = new Probe('aes', odd);
    const e = await rejectsWith(probe.unwrap({ envelope: envelope('AES/GCM'), legacyWrapping: false }), 'DECRYPT_FAILED');
    assert.is(e.message, DECRYPT_FAILED_MESSAGE);
    assert.is(e.cause, undefined);
    assert.ok(
      odd.every((b) => b === 0),
      `${size}-byte key zeroed`,
    );
  }
  const nothing = await rejectsWith(new Probe('aes', undefined).unwrap({ envelope: envelope('AES/GCM'), legacyWrapping: false }), 'DECRYPT_FAILED');
  assert.is(nothing.message, DECRYPT_FAILED_MESSAGE);
  for (const size of [16, 24, 32]) {
    assert.is((await new Probe('aes', randomBytes(size)).unwrap({ envelope: envelope('AES/GCM'), legacyWrapping: false })).length, size);
  }
});

test('wrap: CBC content is refused before the keyring is reached; the result names the wrap the keyring writes', async () => {
  const probe = new Probe('aes', undefined);
  await rejectsWith(probe.wrap({ content: 'cbc', description: {} }), 'UNSUPPORTED', /AES\/GCM wrapping is not defined for AES\/CBC/);
  assert.is(probe.wrapCalls, 0);
  const wrapped = await probe.wrap({ content: 'gcm-committing', description: {} });
  assert.is(wrapped.wrap, 'AES/GCM');
  assert.is(probe.wrapCalls, 1);
});

/** A raw keyring whose wrap fails after it chose the data key, keeping the key it was given. */
class FailingRaw extends RawKeyring {
  readonly kind = 'aes';
  protected readonly writes = WRAP.AES_GCM;
  seen: Buffer | undefined;

  protected encryptKey(dataKey: Buffer, _content: ContentAlgorithm): Uint8Array {
    this.seen = dataKey;
    throw new Error('wrap failed');
  }

  protected async unwrapKey(): Promise<undefined> {
    return undefined;
  }
}

test('RawKeyring: the data key it chose is zeroed when its wrap fails; a key handed in is copied, never touched', async () => {
  const fresh = new FailingRaw({ who: 'raw' });
  assert.match(String(await fresh.wrap({ content: 'gcm', description: { ignored: 'yes' } }).catch((e: unknown) => e)), /wrap failed/);
  assert.is(fresh.seen!.length, 32);
  assert.ok(fresh.seen!.every((b) => b === 0));
  const given = randomBytes(16);
  const copy = Buffer.from(given);
  const rewrap = new FailingRaw(undefined);
  assert.match(String(await rewrap.wrap({ content: 'gcm', description: {}, dataKey: given }).catch((e: unknown) => e)), /wrap failed/);
  assert.equal(given, copy, "the caller's key is left as it was");
  assert.ok(
    rewrap.seen!.every((b) => b === 0),
    'the copy is zeroed',
  );
  await rejectsWith(new FailingRaw(undefined).wrap({ content: 'gcm', description: {}, dataKey: randomBytes(20) }), 'INVALID_ARGUMENT', /16, 24 or 32/);
  assert.equal(fresh.description, { who: 'raw' }, "the stored description is the keyring's own");
});

test('the real keyrings follow the table: each refuses every row it does not own, and every legacy row it owns without the switch', async () => {
  let kmsSends = 0;
  const kmsClient = {
    send: async () => {
      kmsSends += 1;
      throw new Error('KMS must not be called');
    },
  } as unknown as KMSClient;
  const rsaKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyrings: Record<KeyringKind, Keyring> = {
    aes: new AesKeyring({ key: randomBytes(32) }),
    rsa: new RsaKeyring({ privateKey: rsaKeys.privateKey }),
    kms: new KmsKeyring({ client: kmsClient, keyId: 'k' }),
  };
  for (const [kind, keyring] of Object.entries(keyrings) as [KeyringKind, Keyring][]) {
    for (const wrap of ALL_WRAPS) {
      for (const encryptedKey of wrap === 'none' ? [randomBytes(48), randomBytes(256)] : [randomBytes(256)]) {
        const owner = WRAPS[wrap].keyring ?? (encryptedKey.length >= 128 ? 'rsa' : 'aes');
        const run = keyring.unwrap({ envelope: envelope(wrap, encryptedKey), legacyWrapping: false });
        if (owner !== kind) await rejectsWith(run, 'KEY_MISMATCH', /keyring cannot unwrap/);
        else if (WRAPS[wrap].legacy) await rejectsWith(run, 'LEGACY_DISABLED');
        else await run.catch(() => undefined); // the owner's own wrap: not about the base rules
      }
    }
    await rejectsWith(keyring.wrap({ content: 'cbc', description: {} }), 'UNSUPPORTED', /wrapping is not defined for AES\/CBC content/);
  }
  // Only the one kms+context read (owned, current) got as far as KMS.
  assert.is(kmsSends, 1);
});

test.run();
