import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeEnvelope } from '../src/metadata/codec.js';
import { throwsCode as expectCode } from '../../testkit/expect-error.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const bytesOf = (base64: string): number[] => [...Buffer.from(base64, 'base64')];

// ---------------------------------------------------------------- decodeEnvelope: hand-built metadata

const IV12 = b64(randomBytes(12));
const IV16 = b64(randomBytes(16));
const EDK = b64(randomBytes(40));
const ID28 = b64(randomBytes(28));
const D28 = b64(randomBytes(28));

const v2Gcm = (extra: Record<string, string | undefined> = {}): Record<string, string> =>
  strip({
    'x-amz-key-v2': EDK,
    'x-amz-iv': IV12,
    'x-amz-matdesc': '{"k":"v"}',
    'x-amz-wrap-alg': 'AES/GCM',
    'x-amz-cek-alg': 'AES/GCM/NoPadding',
    'x-amz-tag-len': '128',
    ...extra,
  });
const v3Meta = (extra: Record<string, string | undefined> = {}): Record<string, string> =>
  strip({ 'x-amz-c': '115', 'x-amz-3': EDK, 'x-amz-w': '02', 'x-amz-m': '{"k":"v"}', 'x-amz-i': ID28, 'x-amz-d': D28, ...extra });
function strip(m: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => e[1] !== undefined));
}

test('V1: x-amz-key + 16-byte IV is CBC with the EncryptionOnly wrap unless x-amz-wrap-alg says otherwise', () => {
  const v1 = { 'x-amz-key': EDK, 'x-amz-iv': IV16, 'x-amz-matdesc': '{}' };
  const env = decodeEnvelope(v1);
  assert.equal([env.format, env.content, env.wrap], ['v1', 'cbc', 'none']);
  assert.equal(env.description, {});
  assert.is(env.plaintextLength, undefined);
  assert.is(decodeEnvelope({ ...v1, 'x-amz-wrap-alg': 'AESWrap' }).wrap, 'AESWrap');
  assert.is(decodeEnvelope({ ...v1, 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding' }).content, 'cbc');
});

test('V1 without x-amz-matdesc is malformed (every V1 writer writes one, {} at least)', () => {
  expectCode(() => decodeEnvelope({ 'x-amz-key': EDK, 'x-amz-iv': IV16 }), 'MALFORMED_METADATA', /x-amz-matdesc/);
});

test('V1 naming a non-CBC content cipher is malformed', () => {
  expectCode(() => decodeEnvelope({ 'x-amz-key': EDK, 'x-amz-iv': IV12, 'x-amz-cek-alg': 'AES/GCM/NoPadding' }), 'MALFORMED_METADATA', /V1/);
});

test('V2: cek-alg absent or either CBC spelling is CBC with a 16-byte IV', () => {
  for (const cek of [undefined, 'AES/CBC/PKCS5Padding', 'AES/CBC/PKCS7Padding']) {
    const env = decodeEnvelope(v2Gcm({ 'x-amz-cek-alg': cek, 'x-amz-iv': IV16, 'x-amz-tag-len': undefined }));
    assert.is(env.content, 'cbc');
    assert.equal([...(env.iv ?? [])], bytesOf(IV16));
  }
});

test('V2 GCM: tag length absent or 128; wrap absent is the EncryptionOnly wrap; every named wrap is kept', () => {
  assert.is(decodeEnvelope(v2Gcm({ 'x-amz-tag-len': undefined })).content, 'gcm');
  assert.is(decodeEnvelope(v2Gcm({ 'x-amz-wrap-alg': undefined })).wrap, 'none');
  const names = ['AES/GCM', 'RSA-OAEP-SHA1', 'kms+context', 'AESWrap', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding', 'kms'];
  for (const name of names) assert.is(decodeEnvelope(v2Gcm({ 'x-amz-wrap-alg': name })).wrap, name);
});

test('V2 errors: unknown cipher or wrap is UNSUPPORTED', () => {
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-cek-alg': 'AES/CTR/NoPadding' })), 'UNSUPPORTED', /AES\/CTR/);
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-wrap-alg': 'rot13' })), 'UNSUPPORTED', /rot13/);
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-wrap-alg': '' })), 'UNSUPPORTED');
});

test('V2 errors: bad tag length, tag length on CBC', () => {
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-tag-len': '96' })), 'MALFORMED_METADATA', /must be 128/);
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-tag-len': '0128' })), 'MALFORMED_METADATA', /must be 128/);
  const cbcWithTag = v2Gcm({ 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding', 'x-amz-iv': IV16 });
  expectCode(() => decodeEnvelope(cbcWithTag), 'MALFORMED_METADATA', /must not be present/);
});

test('V1/V2 errors: IV missing, not base64, wrong length for the cipher, all zero', () => {
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-iv': undefined })), 'MALFORMED_METADATA', /x-amz-iv is missing/);
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-iv': 'notvalidbase64' })), 'MALFORMED_METADATA', /x-amz-iv is not valid base64/);
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-iv': IV16 })), 'MALFORMED_METADATA', /12 bytes, got 16/);
  expectCode(() => decodeEnvelope({ 'x-amz-key': EDK, 'x-amz-iv': IV12 }), 'MALFORMED_METADATA', /16 bytes, got 12/);
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-iv': b64(new Uint8Array(12)) })), 'MALFORMED_METADATA', /all zero/);
});

test('V1/V2 errors: wrapped key empty or not base64', () => {
  expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-key-v2': '' })), 'MALFORMED_METADATA', /x-amz-key-v2 is empty/);
  expectCode(() => decodeEnvelope({ 'x-amz-key': 'a', 'x-amz-iv': IV16 }), 'MALFORMED_METADATA', /x-amz-key is not valid base64/);
});

test('V1/V2 errors: a V3-only key is a format deviation', () => {
  for (const key of ['x-amz-c', 'x-amz-w', 'x-amz-m', 'x-amz-t', 'x-amz-d', 'x-amz-i']) {
    expectCode(() => decodeEnvelope(v2Gcm({ [key]: '1' })), 'MALFORMED_METADATA', new RegExp(`V2 metadata must not contain ${key}`));
  }
});

test('description: absent or empty is {}; JSON with spaces is accepted', () => {
  assert.equal(decodeEnvelope(v2Gcm({ 'x-amz-matdesc': undefined })).description, {});
  assert.equal(decodeEnvelope(v2Gcm({ 'x-amz-matdesc': '' })).description, {});
  assert.equal(decodeEnvelope(v2Gcm({ 'x-amz-matdesc': '{ "a" : "b" }' })).description, { a: 'b' });
});

test('description errors: invalid JSON, not an object, non-string values', () => {
  for (const bad of ['{', 'null', '[]', '"s"', '7', '{"a":1}', '{"a":{"b":"c"}}', '{"a":null}']) {
    expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-matdesc': bad })), 'MALFORMED_METADATA', /x-amz-matdesc/);
  }
});

test('x-amz-unencrypted-content-length is parsed as a non-negative integer', () => {
  assert.is(decodeEnvelope(v2Gcm({ 'x-amz-unencrypted-content-length': '0' })).plaintextLength, 0);
  assert.is(decodeEnvelope(v2Gcm({ 'x-amz-unencrypted-content-length': '68719476704' })).plaintextLength, 2 ** 36 - 32);
  for (const bad of ['-1', '1.5', 'abc', ' 1', '1e3', '99999999999999999999']) {
    expectCode(() => decodeEnvelope(v2Gcm({ 'x-amz-unencrypted-content-length': bad })), 'MALFORMED_METADATA', /non-negative/);
  }
});

test('empty optional values read as absent, as real writers leave them (found by the cross matrix)', () => {
  // Go S3EC v4 writes x-amz-unencrypted-content-length "" on V3 objects.
  assert.is(decodeEnvelope(v3Meta({ 'x-amz-unencrypted-content-length': '' })).plaintextLength, undefined);
  assert.is(decodeEnvelope(v2Gcm({ 'x-amz-unencrypted-content-length': '' })).plaintextLength, undefined);
  // aws-sdk-go v1 s3crypto writes "x-amz-tag-len": "" into CBC instruction files.
  const cbc = decodeEnvelope(v2Gcm({ 'x-amz-cek-alg': 'AES/CBC/PKCS5Padding', 'x-amz-iv': IV16, 'x-amz-wrap-alg': 'kms', 'x-amz-tag-len': '' }));
  assert.is(cbc.content, 'cbc');
  assert.is(decodeEnvelope(v2Gcm({ 'x-amz-tag-len': '' })).content, 'gcm');
});

test('V3: wrap codes decompress; x-amz-t for kms+context, x-amz-m otherwise', () => {
  assert.equal(decodeEnvelope(v3Meta()).description, { k: 'v' });
  assert.is(decodeEnvelope(v3Meta({ 'x-amz-w': '22' })).wrap, 'RSA-OAEP-SHA1');
  const kms = decodeEnvelope(v3Meta({ 'x-amz-w': '12', 'x-amz-m': undefined, 'x-amz-t': '{"aws:x-amz-cek-alg":"115"}' }));
  assert.equal([kms.format, kms.content, kms.wrap], ['v3', 'gcm-committing', 'kms+context']);
  assert.equal(kms.description, { 'aws:x-amz-cek-alg': '115' });
  // GO4 writes the unused key empty (docs/format-notes.md §5.3).
  assert.equal(decodeEnvelope(v3Meta({ 'x-amz-t': '' })).description, { k: 'v' });
  assert.equal(decodeEnvelope(v3Meta({ 'x-amz-m': '' })).description, {});
  assert.is(decodeEnvelope(v3Meta({ 'x-amz-unencrypted-content-length': '5' })).plaintextLength, 5);
});

test('V3 errors: missing required keys', () => {
  for (const key of ['x-amz-c', 'x-amz-w', 'x-amz-i', 'x-amz-d']) {
    expectCode(() => decodeEnvelope(v3Meta({ [key]: undefined })), 'MALFORMED_METADATA', new RegExp(`${key} is missing`));
  }
});

test('V3 errors: unsupported suite or wrap code', () => {
  expectCode(() => decodeEnvelope(v3Meta({ 'x-amz-c': '114' })), 'UNSUPPORTED', /"114"/);
  for (const code of ['99', '2', 'AES/GCM', 'constructor', '__proto__']) {
    expectCode(() => decodeEnvelope(v3Meta({ 'x-amz-w': code })), 'UNSUPPORTED', /wrap algorithm code/);
  }
});

test('V3 errors: lengths, zero message id, the unused description key holding a value, V1/V2 keys', () => {
  expectCode(() => decodeEnvelope(v3Meta({ 'x-amz-i': b64(randomBytes(12)) })), 'MALFORMED_METADATA', /x-amz-i must be 28 bytes/);
  expectCode(() => decodeEnvelope(v3Meta({ 'x-amz-d': b64(randomBytes(32)) })), 'MALFORMED_METADATA', /x-amz-d must be 28 bytes/);
  expectCode(() => decodeEnvelope(v3Meta({ 'x-amz-i': b64(new Uint8Array(28)) })), 'MALFORMED_METADATA', /all zero/);
  expectCode(() => decodeEnvelope(v3Meta({ 'x-amz-t': '{"a":"b"}' })), 'MALFORMED_METADATA', /x-amz-t must be empty/);
  expectCode(() => decodeEnvelope(v3Meta({ 'x-amz-w': '12', 'x-amz-t': '{}' })), 'MALFORMED_METADATA', /x-amz-m must be empty/);
  for (const key of ['x-amz-iv', 'x-amz-matdesc', 'x-amz-wrap-alg', 'x-amz-cek-alg', 'x-amz-tag-len']) {
    expectCode(() => decodeEnvelope(v3Meta({ [key]: 'x' })), 'MALFORMED_METADATA', new RegExp(`V3 metadata must not contain ${key}`));
  }
});

test('decodeEnvelope without an instruction file on metadata that has no envelope', () => {
  expectCode(() => decodeEnvelope({ 'content-type': 'x' }), 'NOT_ENCRYPTED');
  expectCode(() => decodeEnvelope({ 'x-amz-c': '115', 'x-amz-i': ID28, 'x-amz-d': D28 }), 'INSTRUCTION_FILE_MISSING');
});

// ---------------------------------------------------------------- instruction files

test('V1/V2 instruction file: the file holds the envelope; the length may stay on the object', () => {
  const file = v2Gcm();
  const env = decodeEnvelope({ 'x-amz-unencrypted-content-length': '42' }, file);
  assert.equal([env.format, env.content, env.wrap, env.plaintextLength], ['v2', 'gcm', 'AES/GCM', 42]);
  // When both carry a length, the file's wins.
  assert.is(decodeEnvelope({ 'x-amz-unencrypted-content-length': '42' }, { ...file, 'x-amz-unencrypted-content-length': '7' }).plaintextLength, 7);
});

test('an explicitly given instruction file replaces an envelope in object metadata (re-encrypted copy)', () => {
  const objectMeta = v2Gcm({ 'x-amz-wrap-alg': 'kms+context' });
  assert.is(decodeEnvelope(objectMeta, v2Gcm({ 'x-amz-wrap-alg': 'RSA-OAEP-SHA1' })).wrap, 'RSA-OAEP-SHA1');
});

test('an object holding no wrapped key of its own whose metadata contradicts its instruction file is malformed', () => {
  const file = v2Gcm();
  expectCode(() => decodeEnvelope({ 'x-amz-wrap-alg': 'RSA-OAEP-SHA1' }, file), 'MALFORMED_METADATA', /disagree on x-amz-wrap-alg/);
  // The same value on both sides says one thing only.
  assert.is(decodeEnvelope({ 'x-amz-wrap-alg': file['x-amz-wrap-alg']! }, file).wrap, 'AES/GCM');
});

test('V3 instruction file: x-amz-c/d/i come from the object, the rest from the file', () => {
  const objectMeta = { 'x-amz-c': '115', 'x-amz-i': ID28, 'x-amz-d': D28 };
  const env = decodeEnvelope(objectMeta, { 'x-amz-3': EDK, 'x-amz-w': '22', 'x-amz-m': '{"rsa":"key-2"}' });
  assert.equal([env.format, env.wrap], ['v3', 'RSA-OAEP-SHA1']);
  assert.equal([...(env.messageId ?? [])], bytesOf(ID28));
  assert.equal([...(env.commitment ?? [])], bytesOf(D28));
  assert.equal(env.description, { rsa: 'key-2' });
});

for (const key of ['x-amz-c', 'x-amz-d', 'x-amz-i']) {
  test(`V3 instruction file containing ${key} is refused as tampered`, () => {
    const objectMeta = { 'x-amz-c': '115', 'x-amz-i': ID28, 'x-amz-d': D28 };
    const file = { 'x-amz-3': EDK, 'x-amz-w': '02', [key]: objectMeta[key as keyof typeof objectMeta] };
    expectCode(() => decodeEnvelope(objectMeta, file), 'MALFORMED_METADATA', new RegExp(`instruction file is tampered.*${key}`));
  });
}

test('V3 instruction file without the object-side keys, or a V2 file on a V3 object, is malformed', () => {
  expectCode(() => decodeEnvelope({}, { 'x-amz-3': EDK, 'x-amz-w': '02' }), 'MALFORMED_METADATA', /x-amz-c is missing/);
  const objectMeta = { 'x-amz-c': '115', 'x-amz-i': ID28, 'x-amz-d': D28 };
  expectCode(() => decodeEnvelope(objectMeta, v2Gcm()), 'MALFORMED_METADATA', /V2 metadata must not contain x-amz-c/);
});

test('instruction file with no wrapped key, or with two, is malformed', () => {
  expectCode(() => decodeEnvelope({}, { 'x-amz-iv': IV12 }), 'MALFORMED_METADATA', /no wrapped data key/);
  expectCode(() => decodeEnvelope({}, { ...v2Gcm(), 'x-amz-key': EDK }), 'MALFORMED_METADATA', /x-amz-key and x-amz-key-v2/);
});

test.run();
