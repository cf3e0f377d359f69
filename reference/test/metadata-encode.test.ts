import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { WrapAlgorithm } from '../src/algorithms.js';
import { decodeEnvelope, encodeEnvelope, locateEnvelope, normalizeMetadata } from '../src/metadata/codec.js';
import type { Envelope } from '../src/metadata/envelope.js';
import { parseInstructionFile, serializeInstructionFile } from '../src/metadata/instruction-file.js';
import { encodeS3MetadataValue } from '../src/metadata/rfc2047.js';
import { throwsCode as expectCode } from '../../testkit/expect-error.js';

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function v2Envelope(overrides: Partial<Envelope> = {}): Envelope {
  return {
    format: 'v2',
    content: 'gcm',
    wrap: 'kms+context',
    encryptedKey: randomBytes(184),
    iv: randomBytes(12),
    description: { 'aws:x-amz-cek-alg': 'AES/GCM/NoPadding', 'user key': 'välue 中' },
    plaintextLength: 1234,
    ...overrides,
  };
}

function v3Envelope(wrap: WrapAlgorithm, description: Record<string, string>, overrides: Partial<Envelope> = {}): Envelope {
  return {
    format: 'v3',
    content: 'gcm-committing',
    wrap,
    encryptedKey: randomBytes(60),
    messageId: randomBytes(28),
    commitment: randomBytes(28),
    description,
    ...overrides,
  };
}

function assertSameEnvelope(actual: Envelope, expected: Envelope): void {
  assert.equal(
    {
      ...actual,
      encryptedKey: [...actual.encryptedKey],
      iv: actual.iv && [...actual.iv],
      messageId: actual.messageId && [...actual.messageId],
      commitment: actual.commitment && [...actual.commitment],
    },
    {
      ...expected,
      encryptedKey: [...expected.encryptedKey],
      iv: expected.iv && [...expected.iv],
      messageId: expected.messageId && [...expected.messageId],
      commitment: expected.commitment && [...expected.commitment],
    },
  );
}

/** What a GET returns: S3 prefixes keys and RFC 2047-encodes non-ASCII values. */
function asReturnedByS3(meta: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).map(([k, v]) => [`x-amz-meta-${k}`, encodeS3MetadataValue(v)]));
}

test('V2 metadata mode writes the six V2 keys plus the length, lower case, string values', () => {
  const env = v2Envelope();
  const { metadata, instructionFile } = encodeEnvelope(env, 'metadata');
  assert.is(instructionFile, undefined);
  assert.equal(metadata, {
    'x-amz-key-v2': b64(env.encryptedKey),
    'x-amz-iv': b64(env.iv ?? new Uint8Array()),
    'x-amz-matdesc': '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding","user key":"välue 中"}',
    'x-amz-wrap-alg': 'kms+context',
    'x-amz-cek-alg': 'AES/GCM/NoPadding',
    'x-amz-tag-len': '128',
    'x-amz-unencrypted-content-length': '1234',
  });
});

test('V2 metadata mode round trip, including through S3 prefixing and double encoding', () => {
  const env = v2Envelope();
  const { metadata } = encodeEnvelope(env, 'metadata');
  assertSameEnvelope(decodeEnvelope(metadata), env);
  const returned = normalizeMetadata(asReturnedByS3(metadata));
  assert.equal(locateEnvelope(returned), { kind: 'object' });
  assertSameEnvelope(decodeEnvelope(returned), env);
});

test('V2 writes x-amz-matdesc {} for an empty description and omits an unknown length', () => {
  const { plaintextLength: _, ...noLength } = v2Envelope({ wrap: 'AES/GCM', description: {} });
  const { metadata } = encodeEnvelope(noLength, 'metadata');
  assert.is(metadata['x-amz-matdesc'], '{}');
  assert.not.ok('x-amz-unencrypted-content-length' in metadata);
  assertSameEnvelope(decodeEnvelope(metadata), noLength);
});

test('V2 instruction mode: everything but the length goes in the file', () => {
  const env = v2Envelope({ wrap: 'RSA-OAEP-SHA1', description: { rsa: 'k1' } });
  const { metadata, instructionFile } = encodeEnvelope(env, 'instruction');
  assert.equal(metadata, { 'x-amz-unencrypted-content-length': '1234' });
  assert.equal(Object.keys(instructionFile ?? {}).sort(), ['x-amz-cek-alg', 'x-amz-iv', 'x-amz-key-v2', 'x-amz-matdesc', 'x-amz-tag-len', 'x-amz-wrap-alg']);
  const body = serializeInstructionFile(instructionFile ?? {});
  // matdesc is a JSON string holding JSON inside the file (docs/format-notes.md §5.2).
  assert.is((JSON.parse(body) as Record<string, string>)['x-amz-matdesc'], '{"rsa":"k1"}');
  const returned = normalizeMetadata(asReturnedByS3(metadata));
  assert.equal(locateEnvelope(returned), { kind: 'instruction-file', v3: false });
  assertSameEnvelope(decodeEnvelope(returned, parseInstructionFile(body)), env);
});

test('V3 metadata mode with kms+context writes c/3/w/t/i/d in that order, x-amz-t even when empty', () => {
  const env = v3Envelope('kms+context', { 'aws:x-amz-cek-alg': '115' });
  const { metadata } = encodeEnvelope(env, 'metadata');
  assert.equal(Object.entries(metadata), [
    ['x-amz-c', '115'],
    ['x-amz-3', b64(env.encryptedKey)],
    ['x-amz-w', '12'],
    ['x-amz-t', '{"aws:x-amz-cek-alg":"115"}'],
    ['x-amz-i', b64(env.messageId ?? new Uint8Array())],
    ['x-amz-d', b64(env.commitment ?? new Uint8Array())],
  ]);
  assertSameEnvelope(decodeEnvelope(normalizeMetadata(asReturnedByS3(metadata))), env);
  assert.is(encodeEnvelope(v3Envelope('kms+context', {}), 'metadata').metadata['x-amz-t'], '{}');
});

test('V3 with AES/GCM and RSA-OAEP-SHA1: codes 02/22; x-amz-m only when non-empty', () => {
  const aes = encodeEnvelope(v3Envelope('AES/GCM', {}), 'metadata').metadata;
  assert.is(aes['x-amz-w'], '02');
  assert.not.ok('x-amz-m' in aes || 'x-amz-t' in aes);
  const rsaEnv = v3Envelope('RSA-OAEP-SHA1', { owner: 'Zoë' });
  const rsa = encodeEnvelope(rsaEnv, 'metadata').metadata;
  assert.is(rsa['x-amz-w'], '22');
  assert.is(rsa['x-amz-m'], '{"owner":"Zoë"}');
  assertSameEnvelope(decodeEnvelope(normalizeMetadata(asReturnedByS3(rsa))), rsaEnv);
});

test('V3 instruction mode: x-amz-c/d/i stay on the object, the rest goes in the file', () => {
  const env = v3Envelope('RSA-OAEP-SHA1', { k: 'v' });
  const { metadata, instructionFile } = encodeEnvelope(env, 'instruction');
  assert.equal(Object.keys(metadata), ['x-amz-c', 'x-amz-i', 'x-amz-d']);
  assert.equal(instructionFile, { 'x-amz-3': b64(env.encryptedKey), 'x-amz-w': '22', 'x-amz-m': '{"k":"v"}' });
  const returned = normalizeMetadata(asReturnedByS3(metadata));
  assert.equal(locateEnvelope(returned), { kind: 'instruction-file', v3: true });
  const file = parseInstructionFile(serializeInstructionFile(instructionFile ?? {}));
  assertSameEnvelope(decodeEnvelope(returned, file), env);
});

test('only V2 AES-GCM and V3 are writable', () => {
  const cbc = v2Envelope({ content: 'cbc', iv: randomBytes(16) });
  expectCode(() => encodeEnvelope(cbc, 'metadata'), 'UNSUPPORTED', /cbc/);
  expectCode(() => encodeEnvelope(v2Envelope({ format: 'v1' }), 'metadata'), 'UNSUPPORTED', /v1/);
  expectCode(() => encodeEnvelope(v2Envelope({ content: 'gcm-committing' }), 'metadata'), 'UNSUPPORTED');
  expectCode(() => encodeEnvelope(v3Envelope('AES/GCM', {}, { content: 'gcm' }), 'instruction'), 'UNSUPPORTED', /V3/);
});

test('V2 needs a named wrap; V3 needs a wrap with a V3 code', () => {
  expectCode(() => encodeEnvelope(v2Envelope({ wrap: 'none' }), 'metadata'), 'UNSUPPORTED', /wrap/);
  for (const wrap of ['kms', 'AESWrap', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding', 'none'] as const) {
    expectCode(() => encodeEnvelope(v3Envelope(wrap, {}), 'metadata'), 'UNSUPPORTED', /no V3 code/);
  }
});

test('envelope fields of the wrong size are refused as INVALID_ARGUMENT', () => {
  expectCode(() => encodeEnvelope(v2Envelope({ iv: randomBytes(16) }), 'metadata'), 'INVALID_ARGUMENT', /iv must be 12/);
  const { iv: _, ...noIv } = v2Envelope();
  expectCode(() => encodeEnvelope(noIv, 'metadata'), 'INVALID_ARGUMENT', /iv/);
  expectCode(() => encodeEnvelope(v2Envelope({ encryptedKey: new Uint8Array() }), 'metadata'), 'INVALID_ARGUMENT', /empty/);
  expectCode(() => encodeEnvelope(v3Envelope('AES/GCM', {}, { encryptedKey: new Uint8Array() }), 'metadata'), 'INVALID_ARGUMENT', /empty/);
  expectCode(() => encodeEnvelope(v3Envelope('AES/GCM', {}, { messageId: randomBytes(27) }), 'metadata'), 'INVALID_ARGUMENT', /messageId/);
  const { commitment: __, ...noCommitment } = v3Envelope('AES/GCM', {});
  expectCode(() => encodeEnvelope(noCommitment, 'metadata'), 'INVALID_ARGUMENT', /commitment/);
});

test('plaintextLength must be a non-negative integer; unknown storage modes are refused', () => {
  for (const bad of [-1, 1.5, Number.NaN, 2 ** 60]) {
    expectCode(() => encodeEnvelope(v2Envelope({ plaintextLength: bad }), 'metadata'), 'INVALID_ARGUMENT', /plaintextLength/);
  }
  expectCode(() => encodeEnvelope(v2Envelope(), 'file' as 'metadata'), 'INVALID_ARGUMENT', /storage mode/);
});

test.run();
