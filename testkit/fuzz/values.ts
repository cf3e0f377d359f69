/**
 * Hostile values the mutations draw from: what a broken writer, a proxy or an attacker with
 * write access to object metadata could leave behind. Indexed by a number, so a fast-check
 * integer and the fuzzer's PRNG pick from the same lists.
 */

/** Cheap to build once: the huge ones are shared, not rebuilt per input. */
const HUGE_ASCII = 'A'.repeat(64 * 1024);
const HUGE_BASE64 = Buffer.alloc(48 * 1024, 7).toString('base64');
const DEEP_JSON = '['.repeat(3000) + ']'.repeat(3000);
const WIDE_JSON = JSON.stringify(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, `v${i}`])));

/** Garbage for any metadata value: empty, whitespace, unicode, non-base64, numbers, encoded words. */
export const GARBAGE_VALUES: readonly string[] = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  '0',
  '-1',
  '1e3',
  '9007199254740993',
  '0x10',
  'NaN',
  '128 ',
  '!!!!',
  'notvalidbase64',
  'QUJD',
  'QUJDRA=',
  'QUJDRA===',
  'QUJ=RA==',
  'QUJDRA==\n',
  ' QUJDRA==',
  'QUJD-_8=',
  '////',
  'AAAAAAAAAAAAAAAAAAAAAA==',
  'é',
  'Ã©',
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '😀😀😀',
  '\uFEFF{}',
  '=?UTF-8?B?e30=?=',
  '=?UTF-8?B?!!!?=',
  '=?UTF-8?Q?=ZZ?=',
  '=?UTF-8?Q?caf=C3=A9?=',
  '=?KOI8-R?B?e30=?=',
  '=?utf-8*en?b?e30=?= =?utf-8?b?e30=?=',
  '=?ISO-8859-1?Q?=E9?=',
  '=?UTF-8?B?w6k=?= =?UTF-8?B?/w==?=',
  '__proto__',
  'constructor',
  'AES/GCM/NoPadding',
  'AES/CBC/PKCS5Padding',
  'AES/CBC/PKCS7Padding',
  'kms',
  'kms+context',
  'AESWrap',
  'AES/GCM',
  'RSA-OAEP-SHA1',
  'RSA/ECB/OAEPWithSHA-256AndMGF1Padding',
  '115',
  '02',
  '12',
  '22',
  '96',
  HUGE_ASCII,
  HUGE_BASE64,
];

/** Garbage for the JSON-valued keys (x-amz-matdesc, x-amz-m, x-amz-t) and instruction files. */
export const JSON_GARBAGE: readonly string[] = [
  '',
  '{',
  '}',
  '{}',
  '[]',
  'null',
  'true',
  '42',
  '"a string"',
  '{"a":1}',
  '{"a":null}',
  '{"a":{"b":"c"}}',
  '{"a":["b"]}',
  '{"a":"b","a":"c"}',
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":"x","toString":"y"}',
  '{"aws:x-amz-cek-alg":"AES/CBC/PKCS5Padding"}',
  '{"aws:x-amz-cek-alg":"AES/GCM/NoPadding"}',
  '{"aws:x-amz-cek-alg":"115","tenant":"alpha","purpose":"fuzz"}',
  '{"kms_cmk_id":"11111111-2222-4333-8444-555555555555"}',
  '{"\u0000":"\uD800"}',
  '{"é":"😀"}',
  '\uFEFF{}',
  '{} trailing',
  '{"a":"b"',
  '{"a":1e999}',
  DEEP_JSON,
  WIDE_JSON,
];

/** Whole instruction-file bodies that are not what any writer produces. */
export const INSTRUCTION_GARBAGE: readonly string[] = [
  ...JSON_GARBAGE,
  '{"x-amz-key-v2":1.5}',
  '{"x-amz-key-v2":null}',
  '{"x-amz-key-v2":{"nested":"object"}}',
  '{"x-amz-key-v2":["array"]}',
  '{"x-amz-tag-len":128,"x-amz-key-v2":true}',
  '{"x-amz-crypto-instr-file":""}',
  HUGE_ASCII,
];

/** Keys worth adding to an envelope where they do not belong. */
export const ENVELOPE_KEYS: readonly string[] = [
  'x-amz-key',
  'x-amz-key-v2',
  'x-amz-3',
  'x-amz-iv',
  'x-amz-matdesc',
  'x-amz-wrap-alg',
  'x-amz-cek-alg',
  'x-amz-tag-len',
  'x-amz-unencrypted-content-length',
  'x-amz-c',
  'x-amz-w',
  'x-amz-m',
  'x-amz-t',
  'x-amz-d',
  'x-amz-i',
  'x-amz-crypto-instr-file',
  'content-type',
  '__proto__',
  'constructor',
  'hasOwnProperty',
];

/** Picks from a list by any non-negative number (fast-check nat or PRNG output). */
export function pick<T>(list: readonly T[], n: number): T {
  if (list.length === 0) throw new Error('pick from an empty list');
  return list[Math.abs(Math.trunc(n)) % list.length] as T;
}
