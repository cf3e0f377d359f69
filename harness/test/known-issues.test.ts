import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadKnownIssues, triage, type KnownIssue } from '../known-issues.js';
import type { CaseResult, CaseStatus } from '../../suites/run.js';

const pair = { writer: 'w', reader: 'r', format: 'v2', key: 'aes', storage: 'metadata', size: 0, legacy: true };
const result = (status: CaseStatus, over: Partial<typeof pair> = {}): CaseResult => ({
  suite: 'cross',
  id: `x-${status}-${JSON.stringify(over)}`,
  status,
  expected: 'plaintext',
  actual: '-',
  requirements: [],
  durationMs: 0,
  pair: { ...pair, ...over },
});

const flaky: KnownIssue = { id: 'flaky-empty', summary: 's', flaky: true, match: { writer: 'w', size: 0 } };
const broken: KnownIssue = { id: 'always', summary: 's', flaky: false, match: { reader: 'r', format: 'v3' } };

test('a failure matching a known issue is marked and does not gate; others still gate', () => {
  const t = triage([result('fail'), result('errored'), result('fail', { size: 17 }), result('pass')], [flaky]);
  assert.equal(
    t.results.map((r) => r.knownIssue),
    ['flaky-empty', 'flaky-empty', undefined, undefined],
  );
  assert.equal(
    t.gating.map((r) => r.pair?.size),
    [17],
  );
  assert.equal(t.unexpectedPasses, []);
});

test('a pass matching a non-flaky issue is an unexpected pass; a flaky one may pass', () => {
  const t = triage([result('pass', { format: 'v3' }), result('pass')], [broken, flaky]);
  assert.equal(
    t.unexpectedPasses.map((r) => r.pair?.format),
    ['v3'],
  );
  assert.equal(t.gating, []);
});

test('not-applicable results and results without coordinates are left alone', () => {
  const plain: CaseResult = { suite: 'roundtrip', id: 'p', status: 'fail', expected: 'a', actual: 'b', requirements: [], durationMs: 0 };
  const t = triage([result('not-applicable'), plain], [flaky]);
  assert.equal(t.gating, [plain]);
  assert.is(t.results[0]!.knownIssue, undefined);
});

test('an entry matches corpus cases of any suite by implementation and case-id pattern', () => {
  const bridged = (id: string, implementation: string, status: CaseStatus = 'fail'): CaseResult => ({
    suite: `negative@${implementation}`,
    id: `${id}@${implementation}`,
    implementation,
    status,
    expected: 'error:security',
    actual: 'error:format (X)',
    requirements: [],
    durationMs: 0,
  });
  const issue: KnownIssue = { id: 'py-generic', summary: 's', flaky: false, match: { implementation: 'python-s3ec', case: 'negative/*/flip-tag-bit' } };
  const t = triage(
    [
      bridged('negative/java-v1/v2/flip-tag-bit', 'python-s3ec'),
      bridged('negative/java-v1/v2/flip-tag-bit', 'go-s3ec-v4'),
      bridged('negative/java-v1/v2/flip-iv-bit', 'python-s3ec'),
      bridged('negative/x/flip-tag-bit', 'python-s3ec', 'pass'),
    ],
    [issue],
  );
  assert.equal(
    t.results.map((r) => r.knownIssue),
    ['py-generic', undefined, undefined, undefined],
  );
  assert.equal(t.gating.length, 2);
  assert.equal(
    t.unexpectedPasses.map((r) => r.id),
    ['negative/x/flip-tag-bit@python-s3ec'],
  );
});

test('a case pattern is literal but for *: dots and brackets in ids match only themselves', () => {
  const cross = result('fail');
  const issue: KnownIssue = { id: 'dots', summary: 's', flaky: false, match: { case: 'x.fail*' } };
  assert.is(triage([cross], [issue]).results[0]!.knownIssue, undefined);
  assert.is(triage([cross], [{ ...issue, match: { case: 'x-fail*' } }]).results[0]!.knownIssue, 'dots');
});

test('the shipped known-issues file loads and every entry explains itself', () => {
  for (const issue of loadKnownIssues()) {
    assert.ok(issue.id && issue.summary.length > 40 && Object.keys(issue.match).length > 0, issue.id);
  }
});

test('a list in a match means any of its values', () => {
  const listy: KnownIssue = { id: 'any', summary: 's', flaky: false, match: { reader: ['r', 'q'], size: [0, 17] } };
  const t = triage([result('fail'), result('fail', { reader: 'x' }), result('fail', { size: 5 })], [listy]);
  assert.equal(
    t.results.map((r) => r.knownIssue),
    ['any', undefined, undefined],
  );
});

test.run();
