import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeS3MetadataValue, encodeS3MetadataValue } from '../src/metadata/rfc2047.js';
import { throwsCode as expectCode } from '../../testkit/expect-error.js';

interface DecodeCase {
  readonly id: string;
  readonly kind: string;
  readonly decode: { readonly headerValue: string; readonly expectedDecoded: string; readonly expectedRfc2047Decoded?: string };
}

const kats = (JSON.parse(readFileSync(new URL('../../vectors/public/public-kats.json', import.meta.url), 'utf8')) as { cases: ReadonlyArray<{ readonly kind: string }> }).cases;
const decodeCases = kats.filter((c) => c.kind === 'metadata-decode') as unknown as readonly DecodeCase[];

test('the KAT file has the 30 metadata-decode cases', () => {
  assert.is(decodeCases.length, 30);
});

for (const c of decodeCases) {
  test(`KAT ${c.id}: decodes to the expected value`, () => {
    assert.is(decodeS3MetadataValue(c.decode.headerValue), c.decode.expectedDecoded);
  });
}

// S3 returned these as one B word; our encoder (what the embedded S3 server does) must produce the same text.
const singleBWord = /^=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=$/;
const singleWordCases = decodeCases.filter((c) => singleBWord.test(c.decode.headerValue));

test('there are single-B-word KATs to compare the encoder with', () => {
  assert.ok(singleWordCases.length >= 15, String(singleWordCases.length));
});

for (const c of singleWordCases) {
  test(`KAT ${c.id}: encoding the plain value reproduces S3's header`, () => {
    assert.is(encodeS3MetadataValue(c.decode.expectedDecoded), c.decode.headerValue);
  });
}

test('ASCII values (including the empty string) are left unchanged by both directions', () => {
  for (const v of ['', 'a', '{"kms_cmk_id":"arn:aws:kms:us-east-1:1:key/x"}', 'tab\tand ~ \x7f']) {
    assert.is(encodeS3MetadataValue(v), v);
    assert.is(decodeS3MetadataValue(v), v);
  }
});

const MULTI_BYTE = [
  'é',
  '中文',
  '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding","l1Key":"ååå"}',
  'emoji 😀🔥 and 𝕳 outside the BMP',
  'ÿ'.repeat(40) + '日本語'.repeat(30), // long: several encoded words
  '\u0080\u07ff\u0800\uffff',
];

for (const v of MULTI_BYTE) {
  test(`round trip encode -> decode: ${JSON.stringify(v.slice(0, 20))}`, () => {
    const encoded = encodeS3MetadataValue(v);
    assert.ok(/^[\x20-\x7e]*$/.test(encoded), 'encoded header is printable ASCII');
    assert.is(decodeS3MetadataValue(encoded), v);
  });
}

test('long values are split into RFC 2047 words of at most 75 characters, each valid UTF-8 on its own', () => {
  const encoded = encodeS3MetadataValue('€'.repeat(200));
  const words = encoded.split(' ');
  assert.ok(words.length > 1);
  for (const word of words) {
    assert.ok(word.length <= 75, word);
    const payload = /^=\?UTF-8\?B\?(.*)\?=$/.exec(word)?.[1];
    assert.type(payload, 'string');
    // Independent check with Node's decoder: each word is UTF-8 of Latin-1 characters.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(payload ?? '', 'base64'));
    assert.ok(/^[\x00-\xff]*$/.test(text));
  }
});

test('whitespace between adjacent encoded words is dropped, text around words is kept', () => {
  assert.is(decodeS3MetadataValue('a =?UTF-8?Q?b?=  \t =?UTF-8?B?Yw==?= d'), 'a bc d');
  assert.is(decodeS3MetadataValue('=?UTF-8?Q?b?=x=?UTF-8?Q?c?='), 'bxc');
});

test('adjacent words are joined as bytes: a UTF-8 sequence split across two words decodes', () => {
  // "é" double encoded is C3 83 C2 A9; cut after the first byte.
  const first = Buffer.from([0xc3]).toString('base64');
  const second = Buffer.from([0x83, 0xc2, 0xa9]).toString('base64');
  assert.is(decodeS3MetadataValue(`=?UTF-8?B?${first}?= =?UTF-8?B?${second}?=`), 'é');
});

test('charset and encoding letters are case-insensitive; RFC 2231 language suffix is ignored', () => {
  assert.is(decodeS3MetadataValue('=?utf-8?b?w4PCqQ==?='), 'é');
  assert.is(decodeS3MetadataValue('=?UTF-8*en?q?=C3=83=C2=A9?='), 'é');
  assert.is(decodeS3MetadataValue('=?UTF-8?Q?=c3=83=c2=a9?='), 'é');
});

test('ISO-8859-1 and US-ASCII words are decoded in their charset', () => {
  // ISO-8859-1 word carrying C3 A9 is the Latin-1 string "Ã©", whose reinterpretation is "é".
  assert.is(decodeS3MetadataValue('=?ISO-8859-1?Q?=C3=A9?='), 'é');
  assert.is(decodeS3MetadataValue('=?US-ASCII?Q?plain_text?='), 'plain text');
  // Different charsets are not joined, but the whitespace between them still goes.
  assert.is(decodeS3MetadataValue('=?US-ASCII?Q?a?= =?UTF-8?Q?b?='), 'ab');
});

test('values that are not S3 double encoded are returned as RFC 2047 decoded', () => {
  // A character above U+00FF cannot come from the Latin-1 reinterpretation.
  assert.is(decodeS3MetadataValue('=?UTF-8?B?5Lit?='), '中');
  assert.is(decodeS3MetadataValue('中'), '中');
  // Latin-1 characters whose bytes are not UTF-8 ("é" alone is byte E9) are kept.
  assert.is(decodeS3MetadataValue('=?UTF-8?B?w6k=?='), 'é');
});

test('malformed encoded words are refused', () => {
  expectCode(() => decodeS3MetadataValue('=?UTF-8?B?notvalidbase64?='), 'MALFORMED_METADATA', /base64/);
  expectCode(() => decodeS3MetadataValue('=?UTF-8?Q?bad=ZZescape?='), 'MALFORMED_METADATA', /=XX/);
  expectCode(() => decodeS3MetadataValue('=?UTF-8?Q?trailing=?='), 'MALFORMED_METADATA', /=XX/);
  expectCode(() => decodeS3MetadataValue('=?UTF-8?Q?caf\u00e9?='), 'MALFORMED_METADATA', /non-ASCII/);
  expectCode(() => decodeS3MetadataValue('=?UTF-8?Q?=FF=FE?='), 'MALFORMED_METADATA', /not valid UTF-8/);
  expectCode(() => decodeS3MetadataValue('=?US-ASCII?Q?=E9?='), 'MALFORMED_METADATA', /us-ascii/);
});

test('unknown charsets are refused as UNSUPPORTED', () => {
  expectCode(() => decodeS3MetadataValue('=?KOI8-R?B?w6k=?='), 'UNSUPPORTED', /koi8-r/);
});

test('text that only resembles an encoded word is left alone', () => {
  for (const v of ['=?UTF-8?X?abc?=', '=?UTF-8?B?abc', '=? UTF-8?B?YQ==?=']) {
    assert.is(decodeS3MetadataValue(v), v);
  }
});

test.run();
