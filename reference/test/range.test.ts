/**
 * Range planning against S3's own semantics. The oracle is the embedded S3's range parser (what S3
 * does for a plain object, RFC 9110 §14.1.2): for every header and plaintext length, the reference
 * must return the bytes S3 would return for an unencrypted object of that length, while S3 only
 * ever sees requests for the (16 bytes longer) ciphertext.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRange } from '../../harness/targets/embedded/s3.js';
import { isS3EncryptionError } from '../src/errors.js';
import { ciphertextRange, fetchingRange, parsePlaintextRange, planRangedGet, plaintextContentRange, windowFor } from '../src/range.js';
import { rejectsWith, throwsCode } from '../../testkit/expect-error.js';

type Outcome = { start: number; end: number } | 'unsatisfiable' | undefined;

/** What the reference returns for `header` on an object of `length` plaintext bytes, with S3 simulated. */
function referenceOutcome(header: string, length: number): { outcome: Outcome; fetched: number } {
  const plan = parsePlaintextRange(header);
  if (plan === undefined) return { outcome: undefined, fetched: length + 16 };
  const total = length + 16;
  const s3 = parseRange(ciphertextRange(plan), total);
  if (s3 === 'unsatisfiable') return { outcome: 'unsatisfiable', fetched: 0 };
  assert.ok(s3 !== undefined, `S3 would ignore ${ciphertextRange(plan)}`);
  const fetched = s3.end - s3.start + 1;
  try {
    const w = windowFor(plan, `bytes ${s3.start}-${s3.end}/${total}`);
    assert.is(plaintextContentRange(w), `bytes ${w.first}-${w.last}/${length}`);
    return { outcome: { start: w.first, end: w.last }, fetched };
  } catch (e) {
    if (isS3EncryptionError(e) && e.code === 'INVALID_RANGE') return { outcome: 'unsatisfiable', fetched };
    throw e;
  }
}

function headersFor(length: number): string[] {
  const points = [
    ...new Set([0, 1, 14, 15, 16, 17, 31, 32, 33, length - 17, length - 16, length - 15, length - 2, length - 1, length, length + 1, length + 15, length + 16, length + 17, length + 40]),
  ].filter((n) => n >= 0);
  const headers: string[] = [];
  for (const a of points) {
    headers.push(`bytes=${a}-`, `bytes=-${a}`);
    for (const b of points) headers.push(`bytes=${a}-${b}`);
  }
  headers.push('bytes=-', 'bytes=0-1,3-4', 'items=0-1', 'bytes= 0-1', ' bytes=2-5 ', 'bytes=99999999999999999999-', 'bytes=0-99999999999999999999', 'bytes=-99999999999999999999');
  return headers;
}

test('every range on objects of 0 to 100 bytes gives what S3 gives for the plaintext, fetching at most 31 extra bytes', () => {
  let cases = 0;
  for (const length of [0, 1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 49, 100]) {
    for (const header of headersFor(length)) {
      const expected = parseRange(header, length);
      const { outcome, fetched } = referenceOutcome(header, length);
      assert.equal(outcome, expected, `${header} on ${length} bytes`);
      if (outcome !== undefined && outcome !== 'unsatisfiable') {
        assert.ok(fetched <= outcome.end - outcome.start + 1 + 31, `${header} on ${length} bytes fetched ${fetched}`);
      }
      cases += 1;
    }
  }
  assert.ok(cases > 3000, String(cases));
});

test("parsePlaintextRange keeps S3's forms and drops what S3 ignores", () => {
  assert.equal(parsePlaintextRange('bytes=5-10'), { kind: 'span', first: 5, last: 10 });
  assert.equal(parsePlaintextRange('bytes=5-'), { kind: 'span', first: 5 });
  assert.equal(parsePlaintextRange('bytes=-7'), { kind: 'suffix', length: 7 });
  for (const ignored of ['bytes=10-5', 'bytes=-', 'bytes=1-2,4-5', 'pages=1-2', 'bytes=a-b', '']) assert.is(parsePlaintextRange(ignored), undefined, ignored);
});

test('ciphertextRange starts at the block boundary and leaves the end alone (CTR needs no whole last block)', () => {
  assert.is(ciphertextRange({ kind: 'span', first: 0, last: 0 }), 'bytes=0-0');
  assert.is(ciphertextRange({ kind: 'span', first: 37, last: 40 }), 'bytes=32-40');
  assert.is(ciphertextRange({ kind: 'span', first: 48 }), 'bytes=48-');
  assert.is(ciphertextRange({ kind: 'suffix', length: 10 }), 'bytes=-41');
  assert.is(ciphertextRange({ kind: 'suffix', length: 0 }), 'bytes=-0');
});

test("windowFor refuses answers that are not S3's, bodies shorter than a tag, and unsatisfiable ranges", () => {
  throwsCode(() => windowFor({ kind: 'span', first: 0 }, undefined), 'S3_ERROR', /Content-Range null/);
  throwsCode(() => windowFor({ kind: 'span', first: 0 }, 'bytes */100'), 'S3_ERROR');
  throwsCode(() => windowFor({ kind: 'span', first: 0 }, 'bytes 0-9/10'), 'DECRYPT_FAILED');
  throwsCode(() => windowFor({ kind: 'span', first: 40, last: 50 }, 'bytes 48-50/116'), 'S3_ERROR', /do not cover 32-50/);
  throwsCode(() => windowFor({ kind: 'span', first: 40, last: 50 }, 'bytes 32-45/116'), 'S3_ERROR');
  throwsCode(() => windowFor({ kind: 'span', first: 100 }, 'bytes 96-115/116'), 'INVALID_RANGE', /bytes from 100 of an object of 100 bytes/);
  throwsCode(() => windowFor({ kind: 'suffix', length: 3 }, 'bytes 0-15/16'), 'INVALID_RANGE', /last 3 bytes/);
  assert.equal(windowFor({ kind: 'suffix', length: 3 }, 'bytes 70-115/116'), { fetchedFrom: 70, decryptFrom: 96, first: 97, last: 99, plaintextLength: 100 });
});

test("ranges need legacyUnauthenticatedModes; S3's 416 becomes INVALID_RANGE, other failures pass through", async () => {
  throwsCode(() => planRangedGet('bytes=0-1', undefined), 'LEGACY_DISABLED', /legacyUnauthenticatedModes/);
  throwsCode(() => planRangedGet('items=0-1', false), 'LEGACY_DISABLED');
  assert.equal(planRangedGet('bytes=0-1', true), { kind: 'span', first: 0, last: 1 });
  assert.is(planRangedGet('bytes=1-0', true), undefined);
  const s3Error = (status: number) => Object.assign(new Error('x'), { $metadata: { httpStatusCode: status } });
  await rejectsWith(
    fetchingRange(() => Promise.reject(s3Error(416))),
    'INVALID_RANGE',
  );
  const other = s3Error(404);
  try {
    await fetchingRange(() => Promise.reject(other));
    assert.unreachable();
  } catch (e) {
    assert.is(e, other);
  }
  assert.is(await fetchingRange(async () => 7), 7);
});

test.run();
