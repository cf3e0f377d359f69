import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ErrorCode } from '../src/errors.js';
import { decodeEnvelope, locateEnvelope, normalizeMetadata } from '../src/metadata/codec.js';
import { throwsCode as expectCode } from '../../testkit/expect-error.js';

const bytesOf = (base64: string): number[] => [...Buffer.from(base64, 'base64')];

interface KatCase {
  readonly id: string;
  readonly kind: string;
  readonly format: string;
  readonly wrap: string;
  readonly metadataLocation?: string;
  readonly metadata: Record<string, string> | null;
}
const kats = (JSON.parse(readFileSync(new URL('../../vectors/public/public-kats.json', import.meta.url), 'utf8')) as { cases: KatCase[] }).cases;

// ---------------------------------------------------------------- normalizeMetadata

test('normalizeMetadata lower-cases keys and strips x-amz-meta- in any case', () => {
  const meta = normalizeMetadata({ 'X-Amz-Meta-X-Amz-Key-V2': 'AA==', 'x-amz-iv': 'BB==', 'Content-Type': 'text/plain' });
  assert.equal(meta, { 'x-amz-key-v2': 'AA==', 'x-amz-iv': 'BB==', 'content-type': 'text/plain' });
});

test('normalizeMetadata RFC 2047-decodes only x-amz-matdesc, x-amz-m and x-amz-t', () => {
  const encoded = '=?UTF-8?B?w4PCpQ==?='; // "å" as S3 returns it (Ruby KAT table #19)
  const meta = normalizeMetadata({
    'x-amz-meta-x-amz-matdesc': encoded,
    'x-amz-m': encoded,
    'x-amz-meta-x-amz-t': encoded,
    'x-amz-meta-x-amz-iv': encoded,
    'x-amz-meta-user-key': encoded,
  });
  assert.is(meta['x-amz-matdesc'], 'å');
  assert.is(meta['x-amz-m'], 'å');
  assert.is(meta['x-amz-t'], 'å');
  assert.is(meta['x-amz-iv'], encoded);
  assert.is(meta['user-key'], encoded);
});

test('normalizeMetadata accepts the same key twice with the same value', () => {
  assert.equal(normalizeMetadata({ 'x-amz-meta-x-amz-iv': 'AA==', 'X-AMZ-IV': 'AA==' }), { 'x-amz-iv': 'AA==' });
});

test('normalizeMetadata refuses two spellings of one key with different values', () => {
  expectCode(() => normalizeMetadata({ 'x-amz-meta-x-amz-iv': 'AA==', 'x-amz-iv': 'BB==' }), 'MALFORMED_METADATA', /x-amz-iv/);
  expectCode(() => normalizeMetadata({ 'X-Amz-Key-V2': 'AA==', 'x-amz-key-v2': 'BB==' }), 'MALFORMED_METADATA');
});

test('normalizeMetadata refuses non-string values', () => {
  expectCode(() => normalizeMetadata({ 'x-amz-tag-len': 128 } as unknown as Record<string, string>), 'MALFORMED_METADATA');
});

test('normalizeMetadata keeps a __proto__ key as data', () => {
  const meta = normalizeMetadata(JSON.parse('{"__proto__":"x","x-amz-iv":"AA=="}') as Record<string, string>);
  assert.ok(Object.hasOwn(meta, '__proto__'));
  assert.is(Object.getPrototypeOf(meta), Object.prototype);
});

// ---------------------------------------------------------------- locateEnvelope

test('locateEnvelope: V1/V2/V3 wrapped-key keys mean the envelope is in object metadata', () => {
  assert.equal(locateEnvelope({ 'x-amz-key': 'AA==' }), { kind: 'object' });
  assert.equal(locateEnvelope({ 'x-amz-key-v2': 'AA==', 'x-amz-iv': 'AA==' }), { kind: 'object' });
  assert.equal(locateEnvelope({ 'x-amz-3': 'AA==' }), { kind: 'object' });
});

test('locateEnvelope: x-amz-c/d/i without x-amz-3 is a V3 instruction file; nothing is a V1/V2 one', () => {
  assert.equal(locateEnvelope({ 'x-amz-c': '115', 'x-amz-d': 'AA==', 'x-amz-i': 'AA==' }), { kind: 'instruction-file', v3: true });
  assert.equal(locateEnvelope({}), { kind: 'instruction-file', v3: false });
  assert.equal(locateEnvelope({ 'x-amz-unencrypted-content-length': '6' }), { kind: 'instruction-file', v3: false });
});

test('locateEnvelope refuses more than one wrapped-key key', () => {
  expectCode(() => locateEnvelope({ 'x-amz-key': 'AA==', 'x-amz-key-v2': 'AA==' }), 'MALFORMED_METADATA', /x-amz-key and x-amz-key-v2/);
  expectCode(() => locateEnvelope({ 'x-amz-key': 'AA==', 'x-amz-key-v2': 'AA==', 'x-amz-3': 'AA==' }), 'MALFORMED_METADATA');
});

test('locateEnvelope refuses a partial V3 key set', () => {
  expectCode(() => locateEnvelope({ 'x-amz-c': '115', 'x-amz-i': 'AA==' }), 'MALFORMED_METADATA', /x-amz-c, x-amz-i/);
});

// ---------------------------------------------------------------- metadata-structure KATs

const structureCases = kats.filter((c) => c.kind === 'metadata-structure');
const expectedStructure: Record<string, { stage: 'locate' | 'decode'; code: ErrorCode; message: RegExp } | 'policy'> = {
  'ruby-v3-metadata-v1-and-v3-keys-both-present': { stage: 'locate', code: 'MALFORMED_METADATA', message: /x-amz-key and x-amz-3/ },
  'ruby-v3-metadata-v2-and-v3-keys-both-present': { stage: 'locate', code: 'MALFORMED_METADATA', message: /x-amz-key-v2 and x-amz-3/ },
  'ruby-v3-metadata-v3-missing-wrap-alg': { stage: 'decode', code: 'MALFORMED_METADATA', message: /x-amz-w/ },
  'ruby-v3-metadata-v3-unknown-content-cipher-999': { stage: 'decode', code: 'UNSUPPORTED', message: /content cipher "999"/ },
  'ruby-v3-metadata-v3-unknown-wrap-alg-99': { stage: 'decode', code: 'UNSUPPORTED', message: /wrap algorithm code "99"/ },
  // Well-formed V2 metadata; the rejection in the source is the SecurityProfile.V2 policy on the legacy `kms` wrap.
  'dotnet-ses-object-metadata-kms-gcm-v2-profile-rejects': 'policy',
};

test('the KAT file has the 6 metadata-structure cases, all known to this test', () => {
  assert.is(structureCases.length, 6);
  assert.equal(structureCases.map((c) => c.id).sort(), Object.keys(expectedStructure).sort());
});

for (const c of structureCases) {
  test(`KAT ${c.id}: rejected at the expected stage`, () => {
    const expected = expectedStructure[c.id];
    const meta = normalizeMetadata(c.metadata ?? {});
    if (expected === 'policy' || expected === undefined) {
      assert.is(expected, 'policy');
      const env = decodeEnvelope(meta);
      assert.is(env.wrap, 'kms');
      assert.is(env.content, 'gcm');
      assert.is(env.plaintextLength, 3946);
      assert.is(env.description['aws:ses:rule-name'], 'encrypt-to-s3');
      return;
    }
    if (expected.stage === 'locate') {
      expectCode(() => locateEnvelope(meta), expected.code, expected.message);
    } else {
      assert.equal(locateEnvelope(meta), { kind: 'object' });
      expectCode(() => decodeEnvelope(meta), expected.code, expected.message);
    }
  });
}

// ---------------------------------------------------------------- object KATs decode

const objectCases = kats.filter((c) => c.kind === 'object' && c.metadataLocation !== 'derived' && c.metadata !== null);

test('object KATs with metadata are present', () => {
  assert.ok(objectCases.length >= 25, String(objectCases.length));
});

for (const c of objectCases) {
  test(`KAT ${c.id}: envelope fields match the stored metadata`, () => {
    const raw = c.metadata ?? {};
    const meta = normalizeMetadata(raw);
    const fromFile = c.metadataLocation === 'instruction-file';
    if (fromFile) assert.equal(locateEnvelope({}), { kind: 'instruction-file', v3: false });
    else assert.equal(locateEnvelope(meta), { kind: 'object' });

    const invalidJson = /invalid-json|malformed-json|incomplete-json/.test(c.id);
    const notBase64 = c.id.endsWith('commitment-not-base64');
    const decode = () => (fromFile ? decodeEnvelope({}, meta) : decodeEnvelope(meta));
    if (invalidJson) {
      expectCode(decode, 'MALFORMED_METADATA', /x-amz-matdesc is not valid JSON/);
      return;
    }
    if (notBase64) {
      expectCode(decode, 'MALFORMED_METADATA', /^x-amz-d is not valid base64$/);
      return;
    }

    const env = decode();
    assert.is(env.format, c.format);
    const expectedWrap = c.wrap === 'AES-ECB' || c.format === 'v1' ? 'none' : c.wrap;
    assert.is(env.wrap, expectedWrap);
    // Expected bytes come straight from the KAT text via Node's Base64 decoder.
    const lower = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase().replace(/^x-amz-meta-/, ''), v]));
    const keyText = lower['x-amz-3'] ?? lower['x-amz-key-v2'] ?? lower['x-amz-key'] ?? '';
    assert.equal([...env.encryptedKey], bytesOf(keyText));
    if (c.format === 'v3') {
      assert.is(env.content, 'gcm-committing');
      assert.equal([...(env.messageId ?? [])], bytesOf(lower['x-amz-i'] ?? ''));
      assert.equal([...(env.commitment ?? [])], bytesOf(lower['x-amz-d'] ?? ''));
      assert.equal(env.description, JSON.parse(lower['x-amz-t'] ?? '{}'));
      assert.is(env.iv, undefined);
    } else {
      assert.is(env.content, lower['x-amz-cek-alg'] === 'AES/GCM/NoPadding' ? 'gcm' : 'cbc');
      assert.equal([...(env.iv ?? [])], bytesOf(lower['x-amz-iv'] ?? ''));
      assert.equal(env.description, JSON.parse(lower['x-amz-matdesc'] ?? '{}'));
    }
    const length = lower['x-amz-unencrypted-content-length'];
    assert.is(env.plaintextLength, length === undefined ? undefined : Number(length));
  });
}

test.run();
