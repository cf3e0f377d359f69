/**
 * The performance report: verdicts and the buffering skip from figures built here, then one
 * small real bench run of the reference adapter (1 KiB and 8 MiB, a few objects) whose report
 * keeps to reports/schemas/performance-report.schema.json and renders. Nothing here judges a
 * timing; only shapes, ratios' identities and memory verdicts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { performanceReportViolations } from '../bench-command.js';
import { renderPerformanceHtml } from '../bench/html.js';
import type { OpFigures, SizeFigures } from '../bench/measure.js';
import { renderPerformanceMarkdown } from '../bench/render.js';
import { buildPerformanceReport, memoryVerdict, type ImplementationRun } from '../bench/report.js';
import { runBench, skipReason } from '../bench/run-bench.js';

const MiB = 1 << 20;
const op = (o: 'put' | 'get', growthMiB: number): OpFigures => ({
  op: o,
  objects: 1,
  totalMs: 1000,
  mibPerSec: 256,
  opsPerSec: 1,
  p50Ms: 1000,
  p95Ms: 1000,
  rss: { baselineBytes: 50 * MiB, peakBytes: (50 + growthMiB) * MiB, growthBytes: growthMiB * MiB },
});
const sized = (size: number, growthMiB: number): SizeFigures => ({ size, put: op('put', growthMiB), get: op('get', growthMiB) });
const run = (streamed: boolean, sizes: SizeFigures[]): ImplementationRun => ({ id: 'x', configurations: [{ format: 'v3', key: 'kms', streamed, sizes }] });

test('verdicts: bounded, buffers without a claim, fail with one', () => {
  assert.is(memoryVerdict(run(true, [sized(256 * MiB, 40)])).verdict, 'bounded');
  assert.is(memoryVerdict(run(false, [sized(256 * MiB, 40)])).verdict, 'bounded');
  assert.is(memoryVerdict(run(false, [sized(256 * MiB, 600)])).verdict, 'buffers');
  assert.is(memoryVerdict(run(false, [sized(64 * MiB, 70)])).verdict, 'buffers');
  const broken = memoryVerdict(run(true, [sized(2048 * MiB, 300)]));
  assert.is(broken.verdict, 'fail');
  assert.match(broken.detail, /claims streaming, peak RSS growth 300 MiB > 256 MiB/);
  assert.is(memoryVerdict({ id: 'y', configurations: [] }).verdict, 'not-measured');
});

test('a fail verdict gates; a buffering one does not', () => {
  const record = { startedAt: 'now', durationMs: 1, settings: { sizes: [2048 * MiB], smallObjects: 1, capMs: 1 }, raw: [] };
  assert.equal(buildPerformanceReport({ ...record, runs: [run(false, [sized(2048 * MiB, 2100)])] }).gating, []);
  assert.is(buildPerformanceReport({ ...record, runs: [run(true, [sized(2048 * MiB, 2100)])] }).gating.length, 1);
});

test('2 GiB is skipped after an adapter held the 256 MiB object, and run after one that streamed', () => {
  assert.match(skipReason(2048 * MiB, [sized(256 * MiB, 520)]) ?? '', /^not run: peak RSS growth 520 MiB on the 256 MiB object/);
  assert.is(skipReason(2048 * MiB, [sized(256 * MiB, 30)]), undefined);
  assert.is(skipReason(256 * MiB, [sized(8 * MiB, 30)]), undefined);
  const oom: SizeFigures = { size: 256 * MiB, error: { code: 'call-failed', message: 'OutOfMemoryError' }, rss: { baselineBytes: 0, peakBytes: 300 * MiB, growthBytes: 300 * MiB } };
  assert.is(skipReason(2048 * MiB, [sized(8 * MiB, 4), oom]), 'not run: the 256 MiB object already failed (call-failed)');
  // The failed run broke the ceiling: the verdict is taken there, and names the failure.
  assert.match(memoryVerdict(run(false, [sized(8 * MiB, 4), oom])).detail, /^buffers: peak RSS growth 300 MiB on 256 MiB; the 256 MiB run failed \(call-failed\)$/);
  const aborted: SizeFigures = { ...oom, rss: { baselineBytes: 0, peakBytes: 100 * MiB, growthBytes: 100 * MiB } };
  assert.match(memoryVerdict(run(false, [sized(8 * MiB, 6), aborted])).detail, /^buffers: peak RSS growth 6 MiB on 8 MiB; the 256 MiB run failed/);
});

test('a small real run of the reference adapter keeps to the schema and renders', async () => {
  const report = await runBench({ impls: ['reference'], sizes: [1024, 8 * MiB], smallObjects: 3, log: () => undefined });
  assert.equal(performanceReportViolations(report), []);
  const ref = report.implementations[0]!;
  assert.is(ref.id, 'reference');
  assert.ok(ref.configurations.length >= 2, 'every (format, key) the reference writes and reads');
  assert.equal([ref.configurations[0]!.format, ref.configurations[0]!.key], ['v3', 'kms']);
  assert.ok(ref.configurations[0]!.streamed, 'the reference adapter claims streaming');
  for (const r of ref.ratios.filter((q) => q.format === 'v3' && q.key === 'kms')) assert.is(r.toReference, 1);
  assert.ok(ref.ratios.every((r) => r.toRaw !== null && r.toRaw > 0));
  assert.is(report.raw.length, 2);
  assert.ok(ref.memory.verdict === 'bounded' || ref.memory.verdict === 'buffers');
  assert.match(renderPerformanceMarkdown(report), /\| reference \| v3\/kms \| 8 MiB \|/);
  assert.match(renderPerformanceHtml(report), /<svg [^>]*>.*8 MiB: MiB\/s/s);
  assert.ok(performanceReportViolations({ ...report, version: 2 }).length > 0);
});

test.run();
