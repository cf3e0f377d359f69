/** The runner must turn any misbehaviour of an implementation into a recorded result and go on. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Implementation, KeySpec } from '../adapter.js';
import type { DecryptCase, RoundTripCase, Suite } from '../case.js';
import { runSuite, type Environment } from '../run.js';
import { plaintextFromSeed, sha256Hex } from '../../vectors/corpus.js';

const env: Environment = {
  resolveKey: async (): Promise<KeySpec> => ({ type: 'aes', keyHex: '11'.repeat(32) }),
  completeKey: (k) => k,
  registerKmsReplay: async () => undefined,
};

const info = { name: 'fake', version: '0', language: 'none', features: ['write:v2', 'read:v2', 'wrap:aes-gcm', 'key:aes', 'store:metadata'] as const };
function roundTrip(size: number): RoundTripCase {
  const seed = `runner-test/${size}`;
  return {
    kind: 'roundtrip',
    id: `roundtrip/v2/aes/metadata/${size}`,
    description: `A ${size}-byte object round trip.`,
    requirements: ['s3-encryption/encryption.md#alg-aes-256-gcm-iv12-tag16-no-kdf'],
    specLines: [],
    features: ['write:v2', 'read:v2', 'wrap:aes-gcm', 'key:aes', 'store:metadata'],
    flags: [],
    provenance: 'runner test',
    key: { name: 'aes-256-a' },
    format: 'v2',
    storage: 'metadata',
    plaintext: { seed, length: size, sha256: sha256Hex(plaintextFromSeed(seed, size)) },
    legacyOnRead: false,
    expect: { kind: 'plaintext', sha256: sha256Hex(plaintextFromSeed(seed, size)), length: size },
  };
}
const small: Suite = { name: 'roundtrip', description: 'three round trips', cases: [0, 1, 15].map(roundTrip) };

/** A tampered object that must be refused as a security failure, and a V3 one this implementation does not claim. */
function refusalCase(id: string, features: readonly string[]): DecryptCase {
  return {
    kind: 'decrypt',
    id,
    description: 'A tampered object is refused.',
    requirements: ['s3-encryption/decryption.md#content-decryption'],
    specLines: [],
    features,
    flags: ['BitFlip'],
    provenance: 'runner test',
    object: { body: Buffer.alloc(32, 1), metadata: { 'x-amz-wrap-alg': 'AES/GCM' } },
    key: { name: 'aes-256-a' },
    legacy: { wraps: false, content: false },
    kmsReplay: [],
    expect: { kind: 'refusal', category: 'security', stage: 'content' },
  };
}
const refusals: Suite = { name: 'negative', description: 'refusals', cases: [refusalCase('negative/a', ['read:v2']), refusalCase('negative/b', ['read:v2']), refusalCase('negative/v3', ['read:v3'])] };

test('a crashing implementation: every case errored, the run finishes', async () => {
  const impl: Implementation = {
    info,
    encrypt: async () => {
      throw new TypeError('segfault-ish');
    },
    decrypt: async () => {
      throw new Error('x');
    },
  };
  const results = await runSuite(small, impl, env);
  assert.is(results.length, 3);
  assert.ok(results.every((r) => r.status === 'errored' && /segfault/.test(r.detail ?? '')));
  assert.ok(
    results.every((r) => r.errorKind === 'exception'),
    "an untyped throw is the implementation's exception",
  );
});

test('a hanging implementation is cut off by the timeout and recorded as errored', async () => {
  const impl: Implementation = { info, encrypt: () => new Promise(() => undefined), decrypt: () => new Promise(() => undefined) };
  const started = Date.now();
  const results = await runSuite(small, impl, env, { timeoutMs: 50 });
  assert.ok(Date.now() - started < 2000);
  assert.ok(results.every((r) => r.status === 'errored' && /no answer within 50 ms/.test(r.detail ?? '')));
  assert.ok(results.every((r) => r.errorKind === 'timeout'));
});

test('an error kind given by the implementation (an adapter session) reaches the result; a made-up one does not', async () => {
  const throwing = (errorKind: string): Implementation => ({
    info,
    encrypt: async () => {
      throw Object.assign(new Error('adapter died'), { category: errorKind, errorKind });
    },
    decrypt: async () => new Uint8Array(),
  });
  const [crashed] = await runSuite(small, throwing('crash'), env);
  assert.equal([crashed!.status, crashed!.errorKind], ['errored', 'crash']);
  const [violated] = await runSuite(small, throwing('protocol-violation:response-too-large'), env);
  assert.is(violated!.errorKind, 'protocol-violation:response-too-large');
  const [unknown] = await runSuite(small, throwing('gremlins'), env);
  assert.is(unknown!.errorKind, 'exception');
});

test('an implementation returning garbage fails the envelope checks', async () => {
  const impl: Implementation = {
    info,
    encrypt: async (req) => ({ body: Buffer.from(req.plaintext), metadata: { 'x-amz-key-v2': 'not base64!' } }),
    decrypt: async (req) => req.object.body,
  };
  const results = await runSuite(small, impl, env);
  assert.ok(results.every((r) => r.status === 'fail' && r.actual === 'malformed envelope' && r.errorKind === undefined));
  assert.match(results[0]!.detail ?? '', /x-amz-key-v2 is not standard base64/);
});

test('an implementation that ignores tampering fails the refusal cases; unclaimed features are not applicable', async () => {
  const impl: Implementation = { info, encrypt: async () => ({ body: new Uint8Array(), metadata: {} }), decrypt: async (req) => req.object.body };
  const results = await runSuite(refusals, impl, env);
  assert.equal(
    results.map((r) => [r.status, r.actual]),
    [
      ['fail', 'decrypted'],
      ['fail', 'decrypted'],
      ['not-applicable', 'not run'],
    ],
  );
  assert.match(results[2]!.detail ?? '', /not claimed: read:v3/);
  assert.equal(results[0]!.flags, ['BitFlip']);
});

test('a refusal without a category is refused-unclassified, never a pass; the right category passes', async () => {
  const refusing = (category: string): Implementation => ({
    info,
    encrypt: async () => ({ body: new Uint8Array(), metadata: {} }),
    decrypt: async () => {
      throw Object.assign(new Error('refused'), { category, code: 'GenericServerError' });
    },
  });
  const unclassified = await runSuite(refusals, refusing('unclassified'), env);
  assert.equal(
    unclassified.slice(0, 2).map((r) => r.status),
    ['refused-unclassified', 'refused-unclassified'],
  );
  const right = await runSuite(refusals, refusing('security'), env);
  assert.equal(
    right.slice(0, 2).map((r) => r.status),
    ['pass', 'pass'],
  );
  const wrong = await runSuite(refusals, refusing('format'), env);
  assert.equal(
    wrong.slice(0, 2).map((r) => [r.status, r.actual]),
    [
      ['fail', 'error:format (GenericServerError)'],
      ['fail', 'error:format (GenericServerError)'],
    ],
  );
});

test('a refusal with the wrong category fails; a thrown non-category error is errored', async () => {
  const refuses = (category: string): Implementation => ({
    info,
    encrypt: async () => {
      throw Object.assign(new Error('no'), { category, code: 'X' });
    },
    decrypt: async () => new Uint8Array(),
  });
  const [r1] = await runSuite(small, refuses('security'), env);
  assert.is(r1!.status, 'fail');
  const [r2] = await runSuite(small, refuses('made-up'), env);
  assert.is(r2!.status, 'errored');
});

test.run();
