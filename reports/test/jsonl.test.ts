/** The JSONL report: records keep to the schema, the reader refuses what is not a whole report. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serializeJsonl } from '../compare.js';
import { caseRecord, parseJsonlReport, ReportReadError } from '../jsonl.js';
import { fixtureReport } from './fixture-report.js';

const rejects = (text: string, problem: string, pattern: RegExp): void => {
  try {
    parseJsonlReport(text, 'r.jsonl');
  } catch (e) {
    assert.instance(e, ReportReadError);
    assert.is((e as ReportReadError).problem, problem);
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected ${problem}`);
};

test('a whole report reads back record for record', () => {
  const report = fixtureReport();
  const text = serializeJsonl(report);
  assert.equal(parseJsonlReport(text), report);
  assert.is(text.trim().split('\n').length, report.cases.length + 2);
});

test('no sentinels on the wire: "-" for nothing and size -1 are left out', () => {
  const r = caseRecord({
    suite: 'cross',
    id: 'x',
    status: 'not-applicable',
    expected: 'plaintext',
    actual: '-',
    requirements: [],
    durationMs: 0.4,
    pair: { writer: 'a', reader: 'b', format: 'v2', key: 'aes', storage: 'metadata', size: -1, legacy: true },
  });
  assert.not.ok('actual' in r);
  assert.not.ok('size' in (r.pair ?? {}));
  assert.is(r.durationMs, 0);
});

test('a report without its footer is truncated, with the number of cases it got', () => {
  const lines = serializeJsonl(fixtureReport()).trim().split('\n');
  rejects(lines.slice(0, -1).join('\n'), 'missing-footer', /r\.jsonl: truncated: no footer after 8 case records/);
  rejects(lines.slice(0, 3).join('\n'), 'missing-footer', /after 2 case records/);
  // Cut mid-line, as a killed writer leaves it.
  rejects(`${lines.slice(0, 4).join('\n')}\n${lines[4]!.slice(0, 20)}`, 'not-json', /r\.jsonl:5: not JSON/);
});

test('records out of order, breaking the schema, or miscounted are refused with the line number', () => {
  const lines = serializeJsonl(fixtureReport()).trim().split('\n');
  rejects(lines.slice(1).join('\n'), 'missing-header', /r\.jsonl:1: a case record before any header/);
  rejects([...lines, lines[1]].join('\n'), 'out-of-order', /:11: a case record after the footer/);
  const bad = lines.map((l, i) => (i === 2 ? l.replace('"status":"pass"', '"status":"passed"') : l));
  rejects(bad.join('\n'), 'invalid-record', /r\.jsonl:3: case record: \/status must be equal to one of the allowed values/);
  const miscounted = lines.map((l, i) => (i === lines.length - 1 ? l.replace('"cases":8', '"cases":9') : l));
  rejects(miscounted.join('\n'), 'count-mismatch', /footer counts 9 cases, the report holds 8/);
});

test.run();
