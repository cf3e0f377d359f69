/**
 * `s3cse run` end to end with the reference adapter on the embedded target: the report files,
 * the exit status, and the usage errors.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import { allSuites } from '../../suites/index.js';
import * as assert from 'uvu/assert';
import { runMatrix } from '../run.js';
import type { RunReport } from '../../reports/summary.js';
import { isUsageError } from '../targets/usage-error.js';

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(isUsageError(e), String(e));
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a rejection matching ${pattern}`);
}

let out: string;
const writes: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);
test.before.each(() => {
  out = mkdtempSync(join(tmpdir(), 's3cse-run-'));
  writes.length = 0;
  process.stdout.write = ((chunk: string) => {
    writes.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
});
test.after.each(() => {
  process.stdout.write = realWrite;
  rmSync(out, { recursive: true, force: true });
});

test('the reference against itself: every claimed cell passes, report.json and matrix.md are written', async () => {
  const status = await runMatrix({ suites: ['cross'], impls: ['reference'], target: 'embedded', sizes: [0, 17], validateProtocol: true, out });
  assert.is(status, 0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  assert.is(report.totals.pass, 24, '2 formats × 3 keys × 2 storages × 2 sizes');
  assert.equal([report.totals.fail, report.totals.errored], [0, 0]);
  assert.is(report.implementations[0]?.id, 'reference');
  assert.ok(report.results.every((r) => r.requirements.length > 0));
  assert.match(readFileSync(join(out, 'matrix.md'), 'utf8'), /reference\s+24\/24/);
  const matrix = JSON.parse(readFileSync(join(out, 'matrix.json'), 'utf8')) as { cells: { writer: string; reader: string; pass: number; fail: number }[] };
  assert.equal(matrix.cells, [{ writer: 'reference', reader: 'reference', pass: 24, fail: 0, errored: 0, notApplicable: 12 }]);
  assert.match(writes.join(''), /writer \\ reader/);
  assert.not.ok(existsSync(join(out, 'report.json.partial')));
});

test('an in-process suite through an adapter: tamper cases against the reference adapter all pass', async () => {
  assert.is(await runMatrix({ suites: ['tamper'], impls: ['reference'], out }), 0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  const tampers = allSuites().find((s) => s.name === 'tamper')!.cases.length;
  assert.ok(tampers >= 100, `${tampers} tamper cases in the corpus`);
  assert.equal([report.totals.pass, report.totals.fail, report.totals.errored], [tampers, 0, 0]);
  assert.ok(report.results.every((r) => r.suite === 'tamper@reference' && r.id.endsWith('@reference')));
});

test('the range suite: every range form read back from the reference equals the S3 slice of the plaintext', async () => {
  assert.is(await runMatrix({ suites: ['range'], impls: ['reference'], out }), 0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  // 2 formats × 9 ranges, each read once for its bytes and once for what it fetched from S3.
  assert.equal([report.totals.pass, report.totals.fail, report.totals.errored], [36, 0, 0], '2 formats × 9 ranges × (bytes, cost)');
  assert.ok(report.results.some((r) => r.pair?.range === 'bytes=-17' && r.status === 'pass' && r.actual === 'bytes 99986-100002'));
  const fetched = (range: string) => report.results.find((r) => r.id === `range-bytes/reference->reference/v2/aes/${range}`)?.actual;
  assert.is(fetched('bytes=0-0'), '1 bytes fetched', 'a range at a block boundary is fetched as it is');
  assert.is(fetched('bytes=65535-65537'), '18 bytes fetched', 'widened to the block boundary at 65520');
  assert.is(fetched('bytes=-1'), '32 bytes fetched', 'the last block and the 16-byte tag: range 1 + 31');
  assert.match(readFileSync(join(out, 'range-bytes.md'), 'utf8'), /\| reference \| 18 \| 18 \| 31 \|/);
});

test('--max-response-bytes: an answer above the cap is a response-too-large violation, below it passes', async () => {
  const status = await runMatrix({ suites: ['cross'], impls: ['reference'], sizes: [17, 5000], maxResponseBytes: 4096, out });
  assert.is(status, 1, 'errored cases fail the run');
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  const run = report.results.filter((r) => r.status !== 'not-applicable');
  assert.ok(run.filter((r) => r.pair?.size === 17).every((r) => r.status === 'pass'));
  const big = run.filter((r) => r.pair?.size === 5000);
  assert.is(big.length, 12, '2 formats × 3 keys × 2 storages');
  assert.ok(
    big.every((r) => r.status === 'errored' && r.errorKind === 'protocol-violation:response-too-large'),
    JSON.stringify(big[0]),
  );
  assert.match(writes.join(''), /Errored by kind: protocol-violation:response-too-large 12/);
});

test('usage errors, before anything starts: unknown suite, target, adapter (with a suggestion) and sizes', async () => {
  await rejects(runMatrix({ suites: ['tamper'], target: 'moto' }), /only the embedded target/);
  await rejects(runMatrix({ suites: ['nope'] }), /unknown suite nope/);
  await rejects(runMatrix({ suites: ['crosss'] }), /unknown suite crosss; did you mean cross\?/);
  await rejects(runMatrix({ target: 'mars' }), /unknown target mars/);
  await rejects(runMatrix({ impls: ['no-such-adapter'] }), /no adapter named no-such-adapter \(known: .*reference/);
  await rejects(runMatrix({ impls: ['referenc'] }), /no adapter named referenc; did you mean reference\?/);
  await rejects(runMatrix({ sizes: [1, -2] }), /--sizes/);
  await rejects(runMatrix({ maxResponseBytes: 0 }), /--max-response-bytes must be a positive integer/);
  await rejects(runMatrix({ maxResponseBytes: 1.5 }), /--max-response-bytes must be a positive integer/);
});

test('an unavailable target is skipped with one line, or fails under --require-target', async () => {
  assert.is(await runMatrix({ target: 'aws', impls: ['reference'] }), 0);
  assert.match(writes.join(''), /target aws skipped: /);
  assert.is(await runMatrix({ target: 'aws', impls: ['reference'], requireTarget: true }), 1);
});

test.run();
