import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CaseResult } from '../../suites/run.js';
import { erroredByKind, renderSummaryTable, requirementCoverage, totals, type RunReport } from '../summary.js';

const r = (suite: string, id: string, status: CaseResult['status'], requirements: string[] = ['a#x']): CaseResult => ({
  suite,
  id,
  status,
  requirements,
  expected: 'plaintext',
  actual: status === 'pass' ? 'plaintext' : 'error:security (X)',
  durationMs: 1,
  ...(status === 'fail' ? { detail: 'why' } : {}),
});

const results = [r('one', '1', 'pass'), r('one', '2', 'fail', ['a#x', 'b#y']), r('two', '3', 'not-applicable'), { ...r('two', '4', 'errored'), errorKind: 'crash' as const }];
const report: RunReport = {
  manifest: { type: 's3ec-conformance-report', version: 1 },
  implementations: [{ id: 'impl', name: 'impl', version: '1', language: 'ts' }],
  target: 'embedded',
  startedAt: '2026-11-24T00:00:00Z',
  durationMs: 1234,
  totals: totals(results),
  results,
};

test('totals count each status', () => {
  assert.equal(report.totals, { pass: 1, fail: 1, 'refused-unclassified': 0, errored: 1, 'not-applicable': 1 });
});

test('the table has one row per suite and a total, then lists failures with reasons', () => {
  const text = renderSummaryTable(report);
  const lines = text.split('\n');
  assert.ok(
    lines.some((l) => /^one\s+1\s+1\s+0\s+0\s+0$/.test(l)),
    text,
  );
  assert.ok(
    lines.some((l) => /^two\s+0\s+0\s+0\s+1\s+1$/.test(l)),
    text,
  );
  assert.ok(
    lines.some((l) => /^total\s+1\s+1\s+0\s+1\s+1$/.test(l)),
    text,
  );
  assert.match(text, /FAIL 2: expected plaintext, got error:security \(X\) \(why\)/);
  assert.match(text, /ERRORED 4 \[crash\]: expected plaintext/);
  assert.match(text, /Errored by kind: crash 1\n/);
  assert.not.match(text, /PASS 1/);
});

test('errored cases are counted per kind, most frequent first; other statuses are not counted', () => {
  const errored = (id: string, errorKind?: CaseResult['errorKind']): CaseResult => ({ ...r('s', id, 'errored'), ...(errorKind ? { errorKind } : {}) });
  const counts = erroredByKind([errored('1', 'timeout'), errored('2', 'crash'), errored('3', 'timeout'), errored('4'), r('s', '5', 'fail')]);
  assert.equal(
    [...counts],
    [
      ['timeout', 2],
      ['crash', 1],
      ['unspecified', 1],
    ],
  );
});

test('requirement coverage ignores cases that did not apply', () => {
  const cov = requirementCoverage(results);
  assert.equal(cov.get('a#x'), { pass: 1, fail: 2 });
  assert.equal(cov.get('b#y'), { pass: 0, fail: 1 });
});

test.run();
