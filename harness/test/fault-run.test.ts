/**
 * Fault runs (`s3cse run --faults`): the plan's parsing and counting, the judging of results
 * under faults, and a whole run through the fault proxy that finishes and marks what faults hit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { faultRunGating } from '../fault-run.js';
import { runMatrix } from '../run.js';
import { FaultInjector, FaultSpecError, parseFaultSpec } from '../targets/faults/plan.js';
import type { CaseResult } from '../../suites/run.js';
import type { RunReport } from '../../reports/summary.js';

test('fault specs: names, rates and counts; anything else is refused naming the item', () => {
  assert.equal(parseFaultSpec('500:0.5*2, kms-throttle'), [
    { fault: '500', rate: 0.5, times: 2 },
    { fault: 'kms-throttle', rate: 1 },
  ]);
  for (const bad of ['501', 'short-body:2', 'slow-trickle:x', '500*'])
    assert.throws(
      () => parseFaultSpec(bad),
      (e: unknown) => e instanceof FaultSpecError && e.message.includes(bad),
    );
});

test('an injector hits only the requests a fault applies to, and stops after TIMES injections', () => {
  const injector = new FaultInjector(parseFaultSpec('vanish-instruction-file,500*2'), 3);
  const get = (path: string) => ({ service: 's3' as const, method: 'GET', path });
  assert.is(injector.choose(get('/b/k.instruction')), 'vanish-instruction-file');
  assert.is(injector.choose({ service: 'kms', method: 'POST', path: '/' }), undefined, 'S3 faults never hit KMS');
  const chosen = [];
  for (let i = 0; i < 5; i++) {
    const fault = injector.choose(get(`/b/k${i}`));
    if (fault) injector.record(fault, get(`/b/k${i}`));
    chosen.push(fault);
  }
  assert.equal(chosen, ['500', '500', undefined, undefined, undefined]);
  assert.is(injector.log.length, 2);
});

const result = (over: Partial<CaseResult>): CaseResult => ({
  suite: 'cross',
  id: 'x',
  status: 'fail',
  expected: 'plaintext',
  actual: 'refused:service',
  requirements: [],
  durationMs: 1,
  ...over,
});

test('under faults only wrong bytes gate: different plaintext, a decrypted legacy object, other range bytes', () => {
  const gating = faultRunGating([
    result({ id: 'refused' }),
    result({ id: 'errored', status: 'errored', actual: 'errored:timeout' }),
    result({ id: 'wrong', actual: 'different plaintext' }),
    result({ id: 'accepted', actual: 'decrypted' }),
    result({ id: 'range', actual: '12 other bytes' }),
    result({ id: 'known', actual: 'different plaintext', knownIssue: 'k' }),
  ]);
  assert.equal(
    gating.map((r) => r.id),
    ['wrong', 'accepted', 'range'],
  );
});

test('a whole run through the fault proxy finishes, marks the cases faults hit, and gates on nothing else', async () => {
  const out = mkdtempSync(join(tmpdir(), 's3cse-faults-'));
  const realWrite = process.stdout.write.bind(process.stdout);
  const writes: string[] = [];
  process.stdout.write = ((chunk: string) => {
    writes.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const status = await runMatrix({
      suites: ['cross'],
      impls: ['reference'],
      sizes: [0, 17],
      faults: 'reset-mid-body:0.4,vanish-instruction-file:0.5,503-slowdown:0.2',
      faultSeed: 5,
      out,
    });
    assert.is(status, 0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    assert.is(report.results.length, 36, 'every case ran');
    assert.ok(
      report.results.some((r) => (r.faults?.length ?? 0) > 0),
      'faults were injected and attributed',
    );
    for (const r of report.results) if (r.status === 'fail' || r.status === 'errored') assert.ok(r.faultAffected, `${r.id} is marked`);
    assert.match(writes.join(''), /faults injected \(seed 5\): \d+ .*wrong plaintext or accepted objects: 0/);
  } finally {
    process.stdout.write = realWrite;
    rmSync(out, { recursive: true, force: true });
  }
});

test('usage: unknown faults and faults on AWS are refused before anything starts', async () => {
  for (const [options, pattern] of [
    [{ faults: 'nope' }, /unknown fault "nope"/],
    [{ faults: '500', target: 'aws' }, /needs a local target/],
    [{ faults: '500', faultSeed: -1 }, /--fault-seed/],
  ] as const) {
    const e = await runMatrix(options).then(
      () => undefined,
      (err: Error) => err,
    );
    assert.ok(e && pattern.test(e.message), String(e?.message));
  }
});

test.run();
