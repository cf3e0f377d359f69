/** The recorder's pure parts: which jobs a claim gives, and the check that a KMS envelope carries the context its data key is bound to. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { contextMismatch, sentValue } from '../record/bound-context.js';
import { LARGE_SIZE, planJobs, RECORD_SIZES } from '../record/plan.js';
import { encodeMetadataResponseValue } from '../targets/embedded/s3-metadata.js';

const ANSWER = { keyId: 'k', ciphertextBlob: 'AA==', plaintext: 'AA==', encryptionContext: { purpose: 'zürich-東京' } };

test('a claim gives every size per key and storage, one large object per format, one non-ASCII object per key', () => {
  const { jobs, skipped } = planJobs('x', [{ format: 'v2', keys: ['aes', 'kms'], storage: ['metadata', 'instruction'] }], ['encryption-context']);
  assert.equal(jobs.filter((j) => j.variant === 'size').length, 2 * 2 * RECORD_SIZES.length);
  assert.equal(
    jobs.filter((j) => j.variant === 'large').map((j) => [j.id, j.size]),
    [['recorded/x/v2/aes/metadata/1mib', LARGE_SIZE]],
  );
  assert.equal(
    jobs.filter((j) => j.variant === 'non-ascii').map((j) => j.id),
    ['recorded/x/v2/aes/metadata/non-ascii', 'recorded/x/v2/kms/metadata/non-ascii'],
  );
  assert.equal(skipped, []);
});

test('without the encryption-context claim the KMS non-ASCII job is skipped, with the reason', () => {
  const { jobs, skipped } = planJobs('x', [{ format: 'v2', keys: ['kms'], storage: ['metadata'] }], []);
  assert.not.ok(jobs.some((j) => j.variant === 'non-ascii'));
  assert.equal(skipped, [{ id: 'recorded/x/v2/kms/metadata/non-ascii', reason: 'the adapter does not claim encryption-context' }]);
});

test('RFC 2047 words as S3 returns them give back the bytes the client sent', () => {
  const sent = JSON.stringify(ANSWER.encryptionContext);
  const returned = encodeMetadataResponseValue(Buffer.from(sent, 'utf8'));
  assert.ok(returned.startsWith('=?UTF-8?B?'));
  assert.is(sentValue(returned), sent);
  assert.is(sentValue('{"a":"b"}'), '{"a":"b"}');
});

test('an envelope whose context differs from the one KMS bound is unreadable; an equal one is fine', () => {
  const good = { 'x-amz-matdesc': encodeMetadataResponseValue(Buffer.from(JSON.stringify(ANSWER.encryptionContext), 'utf8')) };
  assert.is(contextMismatch(good, undefined, [ANSWER]), undefined);
  // What the Java clients send: ISO-8859-1, with '?' for what it cannot hold.
  const mangled = { 'x-amz-matdesc': encodeMetadataResponseValue(Buffer.from('{"purpose":"zürich-??"}', 'latin1')) };
  assert.match(contextMismatch(mangled, undefined, [ANSWER]) ?? '', /no reader can unwrap it/);
  assert.is(contextMismatch({}, JSON.stringify({ 'x-amz-matdesc': JSON.stringify(ANSWER.encryptionContext) }), [ANSWER]), undefined);
});

test.run();
