import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeBase64Strict, encodeBase64 } from '../src/base64.js';
import { throwsCode as expectCode } from '../../testkit/expect-error.js';

// RFC 4648 §10 test vectors.
const RFC4648: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  ['f', 'Zg=='],
  ['fo', 'Zm8='],
  ['foo', 'Zm9v'],
  ['foob', 'Zm9vYg=='],
  ['fooba', 'Zm9vYmE='],
  ['foobar', 'Zm9vYmFy'],
];

test('RFC 4648 §10 vectors decode and encode', () => {
  for (const [plain, encoded] of RFC4648) {
    assert.equal(Buffer.from(decodeBase64Strict(encoded, 'f')).toString('latin1'), plain, encoded);
    assert.is(encodeBase64(Buffer.from(plain, 'latin1')), encoded);
  }
});

test('both non-alphanumeric standard characters are accepted', () => {
  assert.equal([...decodeBase64Strict('+/+/', 'f')], [0xfb, 0xff, 0xbf]);
});

test('encodeBase64 respects the view of a Uint8Array into a larger buffer', () => {
  const backing = Uint8Array.from([1, 2, 3, 4, 5]);
  assert.is(encodeBase64(backing.subarray(1, 4)), Buffer.from([2, 3, 4]).toString('base64'));
});

const NEGATIVES = [
  'notvalidbase64', // the Go S3EC negative (kats.md finding 3): 14 chars, no padding
  'Zg', // missing padding
  'Zg=', // short padding
  'Zm9=v', // padding in the middle
  'Zg===', // too much padding
  'Zm9v====',
  'Zm9vYg=', // wrong padding count
  '-_-_', // URL-safe alphabet
  'Zm9v\n', // whitespace
  ' Zm9v',
  'Zm 9v',
  'Zm9v!',
  '=',
  'Zh==', // non-zero bits in the last group (non-canonical 'f')
  'Zm9=', // non-canonical 'fo'
];

for (const bad of NEGATIVES) {
  test(`rejects ${JSON.stringify(bad)} with MALFORMED_METADATA naming the field`, () => {
    expectCode(() => decodeBase64Strict(bad, 'x-amz-d'), 'MALFORMED_METADATA', /^x-amz-d is not valid base64$/);
  });
}

test.run();
