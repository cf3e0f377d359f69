/**
 * Commitment policies (spec s3-encryption/key-commitment.md, client.md, decryption.md): what each
 * policy writes and reads, conflicting settings refused up front, and the tampering cases key
 * commitment exists to catch.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collect } from '../src/content/body.js';
import { isS3EncryptionError, type ErrorCode } from '../src/errors.js';
import { AesKeyring } from '../src/keyrings/aes.js';
import { decryptObject, type DecryptOptions, type StoredObject } from '../src/pipeline/decrypt.js';
import { encryptObject } from '../src/pipeline/encrypt.js';
import { COMMITMENT_POLICIES, checkReadCommitment, resolveWriteFormat, type CommitmentPolicy, type WriteFormat } from '../src/pipeline/policy.js';
import { rejectsWith, throwsCode } from '../../testkit/expect-error.js';
import { readAll } from './support/streams.js';

const master = randomBytes(32);
const keyring = new AesKeyring({ key: master });
const plaintext = randomBytes(777);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

async function written(format: WriteFormat, storage: 'metadata' | 'instruction' = 'metadata'): Promise<StoredObject & { body: Buffer; metadata: Record<string, string> }> {
  const commitmentPolicy = format === 'v2' ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  const enc = await encryptObject(plaintext, { keyring, format, storage, commitmentPolicy });
  return { body: await collect(enc.body), metadata: enc.metadata, ...(enc.instructionFile === undefined ? {} : { instructionFile: enc.instructionFile }) };
}

/** A V1 object as the Java v1 client's EncryptionOnly mode left it: AES-ECB-wrapped key, CBC body. */
function v1CbcObject(): StoredObject {
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const ecb = createCipheriv('aes-256-ecb', master, null);
  const cbc = createCipheriv('aes-256-cbc', dataKey, iv);
  return {
    body: Buffer.concat([cbc.update(plaintext), cbc.final()]),
    metadata: { 'x-amz-key': b64(Buffer.concat([ecb.update(dataKey), ecb.final()])), 'x-amz-iv': b64(iv), 'x-amz-matdesc': '{}' },
  };
}

/** Reads an object and reduces the outcome to "ok" or the error code. */
async function outcome(stored: StoredObject, options: DecryptOptions): Promise<'ok' | ErrorCode> {
  try {
    const dec = await decryptObject(stored, options);
    assert.equal(await readAll(dec.body), plaintext);
    return 'ok';
  } catch (e) {
    if (isS3EncryptionError(e)) return e.code;
    throw e;
  }
}

// ------------------------------------------------------------------ the spec's table

/** key-commitment.md "Commitment Policy": only REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses non-committing reads. */
const READS: Record<CommitmentPolicy, Record<'v1' | 'v2' | 'v3', 'ok' | ErrorCode>> = {
  FORBID_ENCRYPT_ALLOW_DECRYPT: { v1: 'ok', v2: 'ok', v3: 'ok' },
  REQUIRE_ENCRYPT_ALLOW_DECRYPT: { v1: 'ok', v2: 'ok', v3: 'ok' },
  REQUIRE_ENCRYPT_REQUIRE_DECRYPT: { v1: 'COMMITMENT_POLICY', v2: 'COMMITMENT_POLICY', v3: 'ok' },
};

test('reads: V1, V2 and V3 objects (both storage modes) under each policy give the outcomes the spec lists', async () => {
  const objects = {
    v1: [v1CbcObject()],
    v2: [await written('v2'), await written('v2', 'instruction')],
    v3: [await written('v3'), await written('v3', 'instruction')],
  };
  for (const policy of COMMITMENT_POLICIES) {
    for (const format of ['v1', 'v2', 'v3'] as const) {
      for (const stored of objects[format]) {
        const got = await outcome(stored, { keyring, commitmentPolicy: policy, legacyUnauthenticatedModes: true, legacyWrappingAlgorithms: true });
        assert.is(got, READS[policy][format], `${policy} reading ${format}`);
      }
    }
  }
  // Omitting the policy means REQUIRE_ENCRYPT_REQUIRE_DECRYPT.
  assert.is(await outcome(objects.v2[0]!, { keyring }), 'COMMITMENT_POLICY');
  assert.is(await outcome(objects.v3[0]!, { keyring }), 'ok');
});

/** client.md "Key Commitment": the configured algorithm must agree with the policy. */
const WRITES: Record<CommitmentPolicy, Record<WriteFormat, 'ok' | ErrorCode>> = {
  FORBID_ENCRYPT_ALLOW_DECRYPT: { v2: 'ok', v3: 'INVALID_ARGUMENT' },
  REQUIRE_ENCRYPT_ALLOW_DECRYPT: { v2: 'INVALID_ARGUMENT', v3: 'ok' },
  REQUIRE_ENCRYPT_REQUIRE_DECRYPT: { v2: 'INVALID_ARGUMENT', v3: 'ok' },
};

test('writes: each policy writes exactly its format; a conflicting pair is refused before any key is used', async () => {
  for (const policy of COMMITMENT_POLICIES) {
    for (const format of ['v2', 'v3'] as const) {
      let got: 'ok' | ErrorCode = 'ok';
      try {
        const enc = await encryptObject(plaintext, { keyring, format, commitmentPolicy: policy });
        assert.is(format === 'v3', 'x-amz-c' in enc.metadata);
      } catch (e) {
        got = isS3EncryptionError(e) ? e.code : 'S3_ERROR';
      }
      assert.is(got, WRITES[policy][format], `${policy} writing ${format}`);
    }
  }
});

test('defaults: REQUIRE_ENCRYPT_REQUIRE_DECRYPT and v3, each checked against the other when only one is given', async () => {
  assert.is(resolveWriteFormat(undefined, undefined), 'v3');
  assert.is(resolveWriteFormat('REQUIRE_ENCRYPT_ALLOW_DECRYPT', undefined), 'v3');
  assert.is(resolveWriteFormat(undefined, 'v3'), 'v3');
  assert.is(resolveWriteFormat('FORBID_ENCRYPT_ALLOW_DECRYPT', 'v2'), 'v2');
  // As in Java, where the algorithm defaults to the committing suite: FORBID alone conflicts with it.
  throwsCode(() => resolveWriteFormat('FORBID_ENCRYPT_ALLOW_DECRYPT', undefined), 'INVALID_ARGUMENT', /the default format/);
  throwsCode(() => resolveWriteFormat(undefined, 'v2'), 'INVALID_ARGUMENT', /the default policy/);
  throwsCode(() => resolveWriteFormat('SOMETIMES' as CommitmentPolicy, 'v3'), 'INVALID_ARGUMENT', /unknown commitmentPolicy/);
  throwsCode(() => resolveWriteFormat(undefined, 'v9' as WriteFormat), 'INVALID_ARGUMENT', /unknown format/);
  const enc = await encryptObject(plaintext, { keyring });
  assert.is(enc.metadata['x-amz-c'], '115');
  await rejectsWith(decryptObject({ body: 'x', metadata: {} }, { keyring, commitmentPolicy: 'NEVER' as CommitmentPolicy }), 'INVALID_ARGUMENT');
});

test('the read rule runs before any key is unwrapped or byte decrypted, and after the CBC switch (Java order)', async () => {
  let unwraps = 0;
  const counting = new AesKeyring({ key: master });
  const unwrap = counting.unwrap.bind(counting);
  counting.unwrap = async (request) => {
    unwraps += 1;
    return unwrap(request);
  };
  await rejectsWith(decryptObject(await written('v2'), { keyring: counting }), 'COMMITMENT_POLICY');
  assert.is(unwraps, 0);
  // CBC without legacyUnauthenticatedModes is refused for that reason first, whatever the policy.
  await rejectsWith(decryptObject(v1CbcObject(), { keyring }), 'LEGACY_DISABLED');
  await rejectsWith(decryptObject(v1CbcObject(), { keyring, legacyUnauthenticatedModes: true }), 'COMMITMENT_POLICY');
  throwsCode(() => checkReadCommitment('REQUIRE_ENCRYPT_REQUIRE_DECRYPT', 'gcm'), 'COMMITMENT_POLICY', /AES\/GCM/);
  checkReadCommitment('REQUIRE_ENCRYPT_REQUIRE_DECRYPT', 'gcm-committing');
});

// ------------------------------------------------------------------ tampering key commitment catches

const withMeta = (o: StoredObject, patch: Record<string, string | undefined>): StoredObject => {
  const metadata: Record<string, string> = { ...(o.metadata as Record<string, string>) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete metadata[k];
    else metadata[k] = v;
  }
  return { ...o, metadata };
};

test('COMMITMENT_MISMATCH: a flipped byte anywhere in x-amz-d, under every policy', async () => {
  const o = await written('v3');
  const d = Buffer.from(o.metadata['x-amz-d']!, 'base64');
  for (const index of [0, 13, d.length - 1]) {
    const flipped = Buffer.from(d);
    flipped[index]! ^= 0x80;
    for (const commitmentPolicy of COMMITMENT_POLICIES) {
      await rejectsWith(decryptObject(withMeta(o, { 'x-amz-d': b64(flipped) }), { keyring, commitmentPolicy }), 'COMMITMENT_MISMATCH');
    }
  }
});

test('COMMITMENT_MISMATCH: a message id, or a whole id and commitment pair, swapped in from another object', async () => {
  const a = await written('v3');
  const b = await written('v3');
  await rejectsWith(decryptObject(withMeta(a, { 'x-amz-i': b.metadata['x-amz-i'] }), { keyring }), 'COMMITMENT_MISMATCH');
  // b's pair is self-consistent, but for b's data key, not the one a's x-amz-3 unwraps to.
  await rejectsWith(decryptObject(withMeta(a, { 'x-amz-i': b.metadata['x-amz-i'], 'x-amz-d': b.metadata['x-amz-d'] }), { keyring }), 'COMMITMENT_MISMATCH');
  // b's wrapped key on a's body: the key-substitution attack commitment exists to stop.
  await rejectsWith(decryptObject(withMeta(a, { 'x-amz-3': b.metadata['x-amz-3'] }), { keyring }), 'COMMITMENT_MISMATCH');
});

test('MALFORMED_METADATA: V3 keys mixed with V2 keys, in either direction, whatever the policy', async () => {
  const v2 = await written('v2');
  const v3 = await written('v3');
  const mixes = [
    withMeta(v3, { 'x-amz-key-v2': v2.metadata['x-amz-key-v2'] }),
    withMeta(v3, { 'x-amz-iv': v2.metadata['x-amz-iv'] }),
    withMeta(v3, { 'x-amz-cek-alg': 'AES/GCM/NoPadding' }),
    withMeta(v2, { 'x-amz-c': '115' }),
    withMeta(v2, { 'x-amz-d': v3.metadata['x-amz-d'], 'x-amz-i': v3.metadata['x-amz-i'] }),
  ];
  for (const mixed of mixes) {
    for (const commitmentPolicy of COMMITMENT_POLICIES) {
      await rejectsWith(decryptObject(mixed, { keyring, commitmentPolicy }), 'MALFORMED_METADATA');
    }
  }
});

test('MALFORMED_METADATA: a V3 instruction file that carries x-amz-c, x-amz-d or x-amz-i is tampered', async () => {
  const o = await written('v3', 'instruction');
  assert.equal(Object.keys(o.metadata).sort(), ['x-amz-c', 'x-amz-d', 'x-amz-i']);
  const file = JSON.parse(o.instructionFile!) as Record<string, string>;
  for (const key of ['x-amz-c', 'x-amz-d', 'x-amz-i']) {
    // Even the object's own, correct value: the file must not speak for the body.
    const tampered = JSON.stringify({ ...file, [key]: o.metadata[key] });
    await rejectsWith(decryptObject({ ...o, instructionFile: tampered }, { keyring }), 'MALFORMED_METADATA', /tampered/);
  }
  assert.equal(await readAll((await decryptObject(o, { keyring })).body), plaintext);
});

test('COMMITMENT_POLICY: no object without commitment is read under REQUIRE_ENCRYPT_REQUIRE_DECRYPT, whatever its wrap or storage', async () => {
  const everythingOn = { keyring, commitmentPolicy: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT', legacyUnauthenticatedModes: true, legacyWrappingAlgorithms: true } as const;
  for (const stored of [v1CbcObject(), await written('v2'), await written('v2', 'instruction')]) {
    await rejectsWith(decryptObject(stored, everythingOn), 'COMMITMENT_POLICY', /REQUIRE_ENCRYPT_ALLOW_DECRYPT/);
  }
  // A V3 object stripped down to look like V2 is not "V3 without commitment": it is malformed.
  const v3 = await written('v3');
  await rejectsWith(decryptObject(withMeta(v3, { 'x-amz-d': undefined }), everythingOn), 'MALFORMED_METADATA');
});

test.run();
