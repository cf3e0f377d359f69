import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matrixCells, renderConfigurationMatrix, renderMatrix } from '../matrix.js';
import type { CaseResult, CaseStatus } from '../../suites/run.js';

function r(writer: string, reader: string, status: CaseStatus, size = 17, format = 'v2', legacy = true): CaseResult {
  return {
    suite: 'cross',
    id: `${writer}->${reader}/${format}/${size}/${legacy}`,
    status,
    expected: 'plaintext',
    actual: '-',
    requirements: [],
    durationMs: 1,
    pair: { writer, reader, format, key: 'aes', storage: 'metadata', size, legacy },
  };
}

const results = [
  r('a', 'a', 'pass'),
  r('a', 'a', 'pass', 0),
  r('a', 'b', 'pass'),
  r('a', 'b', 'fail', 0),
  r('b', 'a', 'errored'),
  r('b', 'a', 'fail', 0, 'v1-eo', false),
  r('b', 'b', 'not-applicable', -1),
];

test('cells count each status per writer × reader pair', () => {
  const cells = matrixCells(results, ['a', 'b']);
  assert.equal(
    cells.find((c) => c.writer === 'a' && c.reader === 'b'),
    { writer: 'a', reader: 'b', pass: 1, fail: 1, errored: 0, notApplicable: 0 },
  );
  assert.equal(
    cells.find((c) => c.writer === 'b' && c.reader === 'b'),
    { writer: 'b', reader: 'b', pass: 0, fail: 0, errored: 0, notApplicable: 1 },
  );
});

test('the matrix shows passed/run, failures and errors, and n/a for pairs with nothing run', () => {
  const lines = renderMatrix(results, ['a', 'b']).split('\n');
  assert.match(lines[2]!, /^a\s+2\/2\s+1\/2 \(1 fail\)$/);
  assert.match(lines[3]!, /^b\s+0\/2 \(1 fail, 1 err\)\s+n\/a$/);
});

test('the configuration view names failing sizes, and /off for a legacy-off read', () => {
  const text = renderConfigurationMatrix(results, ['a', 'b']);
  assert.match(text, /a\s+v2\/aes\/metadata\s+ok\s+FAIL@0/);
  assert.match(text, /b\s+v1-eo\/aes\/metadata\s+FAIL@0\/off\s+n\/a/);
});

test.run();
