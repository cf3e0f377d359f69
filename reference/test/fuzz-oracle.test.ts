/**
 * The fuzz oracle itself, on made-up outcomes: a property test whose oracle cannot tell an
 * accepted tampering from a refusal would pass whatever the reference did. Each class and each
 * known-bug tag is checked here: none is open, so no outcome carries one.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { S3EncryptionError } from '../src/errors.js';
import { fuzzKeyrings } from '../../testkit/fuzz/keys.js';
import { knownBug } from '../../testkit/fuzz/known-bugs.js';
import { buildCandidate, type ReadConfig, type Step } from '../../testkit/fuzz/mutations.js';
import { authenticatedView, judge, type Result, type Verdict } from '../../testkit/fuzz/oracle.js';
import { buildCorpus, type FuzzSeed } from '../../testkit/fuzz/seeds.js';

const LEGACY: ReadConfig = { policy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', legacyContent: true, legacyWrap: true, delayed: false, giveLength: false };
const corpusReady = buildCorpus(fuzzKeyrings(), { sizes: [17] });

async function verdictFor(id: string, steps: Step[], result: (seed: FuzzSeed) => Result, config = LEGACY): Promise<Verdict & { known?: string }> {
  const corpus = await corpusReady;
  const seedIndex = corpus.findIndex((s) => s.id === id);
  assert.ok(seedIndex >= 0, `no seed ${id}`);
  const { seed, candidate } = buildCandidate(corpus, { seedIndex, config, steps });
  const verdict = judge(seed, candidate, config, result(seed), authenticatedView(seed, seed.metadata, seed.instructionFile));
  const known = knownBug(seed, candidate, verdict);
  return { ...verdict, ...(known ? { known } : {}) };
}

const original = (seed: FuzzSeed): Result => ({ ok: true, plaintext: seed.plaintext, contentLength: seed.plaintext.length });
const other = (): Result => ({ ok: true, plaintext: Buffer.from('not the plaintext'), contentLength: undefined });
const thrown = (error: unknown) => (): Result => ({ ok: false, error });

test('errors: typed ones by code; anything else, or a forged category, is untyped; a valid input refused is flagged', async () => {
  const typed = new S3EncryptionError('DECRYPT_FAILED', 'x');
  assert.equal(await verdictFor('v2-aes-metadata-17', [{ kind: 'flip-tag', a: 0, b: 0 }], thrown(typed)), { cls: 'typed', detail: 'DECRYPT_FAILED' });
  assert.equal(await verdictFor('v2-aes-metadata-17', [], thrown(new TypeError('x'))), { cls: 'untyped', detail: 'TypeError' });
  const forged = Object.assign(new S3EncryptionError('DECRYPT_FAILED', 'x'), { category: 'format' });
  assert.is((await verdictFor('v2-aes-metadata-17', [], thrown(forged))).cls, 'untyped');
  assert.is((await verdictFor('v2-aes-metadata-17', [], thrown('a string'))).cls, 'untyped');
  assert.equal(await verdictFor('v3-aes-instruction-17', [{ kind: 'case-keys', a: 0, b: 0 }], thrown(typed)), { cls: 'valid-refused', detail: 'DECRYPT_FAILED' });
});

test('GCM successes: right plaintext after neutral changes is correct; anything authenticated changed is tampering', async () => {
  assert.is((await verdictFor('v2-kms-metadata-17', [{ kind: 'rfc2047', a: 0, b: 1 }], original)).cls, 'correct');
  assert.is((await verdictFor('v3-aes-metadata-17', [{ kind: 'prefix-keys', a: 0, b: 0 }], original)).cls, 'correct');
  assert.equal(await verdictFor('v2-aes-metadata-17', [{ kind: 'flip-body', a: 3, b: 0 }], other), { cls: 'accepted-tampering', detail: 'plaintext-differs' });
  assert.equal(await verdictFor('v3-aes-metadata-17', [{ kind: 'flip-field', a: 4, b: 0 }], original), { cls: 'accepted-tampering', detail: 'field:x-amz-i' });
  assert.equal(await verdictFor('v2-aes-metadata-17', [{ kind: 'wrong-keyring', a: 0, b: 0 }], original), { cls: 'accepted-tampering', detail: 'input:keyring' });
  // A raw keyring's material description is not authenticated: changing it is not tampering.
  assert.is((await verdictFor('v2-aes-metadata-17', [{ kind: 'json-garbage', a: 0, b: 9 }], original)).cls, 'correct');
});

test('mutations that cancel out, or respell a value as S3 would, are not tampering', async () => {
  // Wrong keyring kind twice round the three kinds: the right keyring again.
  assert.is(
    (
      await verdictFor(
        'v2-aes-metadata-17',
        [
          { kind: 'wrong-keyring', a: 1, b: 0 },
          { kind: 'wrong-keyring', a: 2, b: 0 },
        ],
        original,
      )
    ).cls,
    'correct',
  );
  // Another tenant, then the original context plus a reserved key, which readers ignore.
  const context = [
    { kind: 'caller-context', a: 2, b: 0 },
    { kind: 'caller-context', a: 5, b: 0 },
  ] as const;
  assert.is((await verdictFor('v3-kms-metadata-17', [...context], original)).cls, 'correct');
  const corpus = await corpusReady;
  const seed = corpus.find((s) => s.id === 'v2-kms-metadata-17')!;
  const encoded = `=?UTF-8?B?${Buffer.from(seed.metadata['x-amz-matdesc']!).toString('base64')}?=`;
  const respelled = { ...seed.metadata, 'X-Amz-Meta-X-Amz-Matdesc': encoded };
  assert.equal(authenticatedView(seed, respelled, undefined), authenticatedView(seed, seed.metadata, undefined));
  assert.is.not(authenticatedView(seed, { ...seed.metadata, 'x-amz-matdesc': '{"tenant":"beta"}' }, undefined)['x-amz-matdesc'], authenticatedView(seed, seed.metadata, undefined)['x-amz-matdesc']);
});

test('a reordered JSON value with a second spelling is not neutral: readers refuse duplicates whose text differs', async () => {
  // The 10 M run's only 'valid refused' inputs (603834, 5232711, 5786666 of seed 1): X-Amz-T copied, then x-amz-t reordered.
  const steps: Step[] = [
    { kind: 'duplicate-key', a: 2685762810, b: 1559709520 },
    { kind: 'context-edit', a: 422480870, b: 1058451977 },
  ];
  const corpus = await corpusReady;
  const seedIndex = corpus.findIndex((s) => s.id === 'v3-kms-metadata-17');
  const { candidate } = buildCandidate(corpus, { seedIndex, config: LEGACY, steps });
  assert.equal(candidate.labels, ['duplicate-key:x-amz-t:same', 'context-edit:x-amz-t:reorder']);
  assert.is(candidate.neutral, false);
  const refused = thrown(new S3EncryptionError('MALFORMED_METADATA', 'x'));
  assert.equal(await verdictFor('v3-kms-metadata-17', steps, refused), { cls: 'typed', detail: 'MALFORMED_METADATA' });
});

test('kms+context → kms accepted, with the right plaintext or as CBC, is accepted tampering', async () => {
  const downgraded = await verdictFor('v2-kms-metadata-17', [{ kind: 'wrap-downgrade', a: 0, b: 0 }], original);
  assert.equal(downgraded, { cls: 'accepted-tampering', detail: 'field:x-amz-wrap-alg' });
  const asCbc = await verdictFor('v2-kms-instruction-17', [{ kind: 'kms-cbc-downgrade', a: 0, b: 0 }], other);
  assert.equal(asCbc, { cls: 'accepted-tampering', detail: 'plaintext-differs' });
  const context = await verdictFor('v2-kms-gcm-metadata-17', [{ kind: 'caller-context', a: 2, b: 0 }], original);
  assert.equal(context, { cls: 'accepted-tampering', detail: 'input:encryption-context' });
});

test('CBC: garbling is by design; a returned length that is not the bytes returned is accepted tampering', async () => {
  assert.equal(await verdictFor('v1-ecb-cbc-metadata-17', [{ kind: 'flip-body', a: 0, b: 0 }], other), { cls: 'cbc-unauthenticated', detail: 'other-plaintext' });
  assert.is((await verdictFor('v1-ecb-cbc-instruction-17', [], original)).cls, 'correct');
  const cut = (seed: FuzzSeed): Result => ({ ok: true, plaintext: seed.plaintext.subarray(0, 15), contentLength: 17 });
  assert.equal(await verdictFor('v2-kms-cbc-metadata-17', [{ kind: 'truncate-body', a: 1, b: 0 }], cut), { cls: 'accepted-tampering', detail: 'declared-length(cbc)' });
  // A legacy wrap does not bind the content cipher: GCM relabelled CBC is unauthenticated by design.
  assert.is((await verdictFor('v2-aeswrap-gcm-metadata-17', [{ kind: 'cek-downgrade', a: 0, b: 2 }], other)).cls, 'cbc-unauthenticated');
  // …while a binding wrap (AES/GCM) makes the same relabelling an accepted tampering.
  assert.is((await verdictFor('v2-aes-metadata-17', [{ kind: 'cek-downgrade', a: 0, b: 2 }], other)).cls, 'accepted-tampering');
});

test('a TypeError for null metadata or body is untyped, and no known bug excuses it', async () => {
  const typeError = thrown(new TypeError('Cannot convert undefined or null to object'));
  for (const a of [0, 13, 15]) {
    const verdict = await verdictFor('v2-aes-metadata-17', [{ kind: 'structural', a, b: 0 }], typeError);
    assert.is(verdict.cls, 'untyped');
    assert.is(verdict.known, undefined);
  }
});

test.run();
