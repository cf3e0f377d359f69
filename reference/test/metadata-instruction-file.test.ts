import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instructionFileKey, parseInstructionFile, serializeInstructionFile } from '../src/metadata/instruction-file.js';
import { assertMetadataFits, userMetadataBytes } from '../src/metadata/size.js';
import { throwsCode as expectCode } from '../../testkit/expect-error.js';

test('parses a J1-style V2 body: double-encoded matdesc stays a JSON string', () => {
  const body = '{"x-amz-key-v2":"AAAA","x-amz-iv":"BBBB","x-amz-matdesc":"{\\"kms_cmk_id\\":\\"alias/k\\"}",' + '"x-amz-wrap-alg":"kms","x-amz-cek-alg":"AES/GCM/NoPadding","x-amz-tag-len":"128"}';
  const fields = parseInstructionFile(body);
  assert.is(fields['x-amz-matdesc'], '{"kms_cmk_id":"alias/k"}');
  assert.is(fields['x-amz-tag-len'], '128');
  assert.is(Object.keys(fields).length, 6);
});

test('number values (tag length, plaintext length) become decimal strings', () => {
  const fields = parseInstructionFile('{"x-amz-tag-len":128,"x-amz-unencrypted-content-length":0,"big":9007199254740991}');
  assert.equal(fields, { 'x-amz-tag-len': '128', 'x-amz-unencrypted-content-length': '0', big: '9007199254740991' });
});

test('keys are lower-cased; surrounding whitespace is fine', () => {
  assert.equal(parseInstructionFile(' \n{"X-Amz-Key-V2":"AAAA","X-AMZ-IV":"BB=="}\n'), { 'x-amz-key-v2': 'AAAA', 'x-amz-iv': 'BB==' });
  assert.equal(parseInstructionFile('{"X-Amz-Iv":"BB==","x-amz-iv":"BB=="}'), { 'x-amz-iv': 'BB==' });
});

test('malformed bodies are refused', () => {
  const bad = ['', 'not json', '{"a":"b"', '[]', 'null', '"x"', '42', '{"a":"b"} trailing'];
  for (const body of bad) expectCode(() => parseInstructionFile(body), 'MALFORMED_METADATA', /instruction file/);
});

test('values other than strings and integers are refused', () => {
  for (const value of ['true', 'null', '[]', '["a"]', '{"n":"v"}', '1.5', '1e300', '-0.5']) {
    expectCode(() => parseInstructionFile(`{"x-amz-iv":"AA==","x-amz-tag-len":${value}}`), 'MALFORMED_METADATA', /x-amz-tag-len/);
  }
});

test('one key in two cases with different values is refused', () => {
  expectCode(() => parseInstructionFile('{"X-Amz-Iv":"AA==","x-amz-iv":"BB=="}'), 'MALFORMED_METADATA', /x-amz-iv/);
});

test('a name repeated exactly is refused, whichever value comes first; names inside strings and nested values do not count', () => {
  expectCode(() => parseInstructionFile('{"x-amz-key-v2":"AA==","x-amz-iv":"AA==","x-amz-key-v2":"BB=="}'), 'MALFORMED_METADATA', /names x-amz-key-v2 more than once/);
  expectCode(() => parseInstructionFile('{"x-amz-iv":"AA==" , "x-\\u0061mz-iv" :"AA=="}'), 'MALFORMED_METADATA', /x-amz-iv more than once/);
  const fine = parseInstructionFile('{"x-amz-matdesc":"{\\"x-amz-iv\\":\\"a\\",\\"x-amz-iv\\":\\"b\\"}","x-amz-iv":"AA==","note":"x-amz-iv:"}');
  assert.is(fine['x-amz-iv'], 'AA==');
});

test('serializeInstructionFile writes compact JSON that parses back to the same map', () => {
  const fields = { 'x-amz-3': 'AAAA', 'x-amz-w': '22', 'x-amz-m': '{"k":"ü"}' };
  const body = serializeInstructionFile(fields);
  assert.is(body, '{"x-amz-3":"AAAA","x-amz-w":"22","x-amz-m":"{\\"k\\":\\"ü\\"}"}');
  assert.equal(parseInstructionFile(body), fields);
});

test('instructionFileKey appends the suffix verbatim, default .instruction', () => {
  assert.is(instructionFileKey('dir/object.bin'), 'dir/object.bin.instruction');
  assert.is(instructionFileKey('k', '.third-party-access-instruction-file'), 'k.third-party-access-instruction-file');
  assert.is(instructionFileKey('k', 'custom'), 'kcustom');
  expectCode(() => instructionFileKey('k', ''), 'INVALID_ARGUMENT', /suffix/);
});

// ---------------------------------------------------------------- 2 KB limit

test('userMetadataBytes counts UTF-8 bytes of keys (without x-amz-meta-) and values', () => {
  assert.is(userMetadataBytes({}), 0);
  assert.is(userMetadataBytes({ 'x-amz-iv': 'AAAA' }), 8 + 4);
  assert.is(userMetadataBytes({ 'x-amz-meta-x-amz-iv': 'AAAA' }), 8 + 4);
  assert.is(userMetadataBytes({ 'X-Amz-Meta-k': 'é中😀' }), 1 + 2 + 3 + 4);
});

test('exactly 2048 bytes fits; 2049 is METADATA_TOO_LARGE with a hint at instruction files', () => {
  const fits = { 'x-amz-matdesc': 'v'.repeat(2048 - 'x-amz-matdesc'.length) };
  assert.is(userMetadataBytes(fits), 2048);
  assertMetadataFits(fits);
  const over = { 'x-amz-matdesc': 'v'.repeat(2049 - 'x-amz-matdesc'.length) };
  expectCode(() => assertMetadataFits(over), 'METADATA_TOO_LARGE', /2049 bytes.*instruction/);
  // A multi-byte character can tip it over too.
  expectCode(() => assertMetadataFits({ 'x-amz-matdesc': `${'v'.repeat(2047 - 'x-amz-matdesc'.length)}é` }), 'METADATA_TOO_LARGE');
});

test.run();
