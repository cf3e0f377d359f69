/** The runner must turn any misbehaviour of an implementation into a recorded result and go on. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Implementation, KeySpec } from '../adapter.js';
import type { Suite } from '../case.js';
import { runSuite, type Environment } from '../run.js';
import { roundTripSuite, tamperSuite } from '../write-combinations.js';

const env: Environment = {
  resolveKey: async (): Promise<KeySpec> => ({ type: 'aes', keyHex: '11'.repeat(32) }),
  completeKey: (k) => k,
  registerKmsReplay: async () => undefined,
};

const info = { name: 'fake', version: '0', language: 'none', features: ['write:v2', 'read:v2', 'wrap:aes-gcm', 'key:aes', 'store:metadata'] as const };
const small: Suite = {
  ...roundTripSuite(),
  cases: roundTripSuite()
    .cases.filter((c) => c.id.startsWith('roundtrip/v2/AES/GCM/metadata/'))
    .slice(0, 3),
};

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

test('an implementation that ignores tampering fails the tamper cases; unclaimed features are not applicable', async () => {
  // Writes a plausible envelope but "decrypts" without checking anything.
  const impl: Implementation = {
    info,
    encrypt: async (req) => ({
      body: Buffer.concat([req.plaintext, Buffer.alloc(16)]),
      metadata: {
        'x-amz-key-v2': Buffer.alloc(60, 7).toString('base64'),
        'x-amz-iv': Buffer.alloc(12, 7).toString('base64'),
        'x-amz-matdesc': '{}',
        'x-amz-wrap-alg': 'AES/GCM',
        'x-amz-cek-alg': 'AES/GCM/NoPadding',
        'x-amz-tag-len': '128',
      },
    }),
    decrypt: async (req) => req.object.body.subarray(0, Math.max(0, req.object.body.length - 16)),
  };
  const results = await runSuite(tamperSuite(), impl, env);
  const applicable = results.filter((r) => r.status !== 'not-applicable');
  assert.ok(applicable.length >= 5);
  assert.ok(applicable.every((r) => r.status === 'fail' && r.actual === 'decrypted'));
  assert.ok(results.some((r) => r.status === 'not-applicable' && /write:v3/.test(r.detail ?? '')));
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
