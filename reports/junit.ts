/**
 * JUnit XML for CI test panels: one <testsuite> per suite × implementation, one <testcase> per
 * case. Not applicable is <skipped>; refused-unclassified is <skipped> too (it neither passes nor
 * fails: the refusal's reason is unverified), with a message saying so; fail is <failure> and
 * errored <error>, each naming the case id. Built with xmlbuilder2, which escapes what adapters
 * put in messages (`<`, `&`, control characters) so the file always parses.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { CaseRecord, JsonlReport } from './jsonl.js';
import { bySuiteAndImplementation, headline, tally } from './views.js';

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function renderJunit(report: JsonlReport): string {
  const all = tally(report.cases);
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: `s3cse ${report.header.suites.join(',')}`,
    tests: report.cases.length,
    failures: all.fail,
    errors: all.errored,
    skipped: all['not-applicable'] + all['refused-unclassified'],
    time: seconds(report.footer.durationMs),
  });
  for (const group of bySuiteAndImplementation(report)) {
    const t = tally(group.cases);
    const suite = root.ele('testsuite', {
      name: group.key,
      tests: group.cases.length,
      failures: t.fail,
      errors: t.errored,
      skipped: t['not-applicable'] + t['refused-unclassified'],
      time: seconds(group.cases.reduce((ms, c) => ms + c.durationMs, 0)),
      timestamp: report.header.startedAt,
    });
    properties(suite, report, group.implementation);
    for (const c of group.cases) testcase(suite, c, `${group.suite}.${group.implementation}`);
  }
  return root.end({ prettyPrint: true });
}

function properties(suite: XMLBuilder, report: JsonlReport, implementation: string): void {
  const impl = report.header.implementations.find((i) => i.id === implementation);
  const props = suite.ele('properties');
  props.ele('property', { name: 'provenance', value: headline(report) });
  if (impl) props.ele('property', { name: 'implementation', value: `${impl.name} ${impl.version} (${impl.language})` });
  if (report.footer.interrupted) props.ele('property', { name: 'interrupted', value: 'true' });
}

function testcase(suite: XMLBuilder, c: CaseRecord, classname: string): void {
  const tc = suite.ele('testcase', { classname, name: c.id, time: seconds(c.durationMs) });
  const said = `${c.id}: expected ${c.expected}, got ${c.actual ?? 'nothing'}`;
  const body = [said, c.detail, c.knownIssue ? `known issue: ${c.knownIssue}` : undefined, c.requirements.length > 0 ? `spec: ${c.requirements.join(', ')}` : undefined].filter(Boolean).join('\n');
  switch (c.status) {
    case 'fail':
      tc.ele('failure', { message: said, type: c.knownIssue ? 'known-issue' : 'fail' }).txt(body);
      break;
    case 'errored':
      tc.ele('error', { message: said, type: c.errorKind ?? 'errored' }).txt(body);
      break;
    case 'not-applicable':
      tc.ele('skipped', { message: `not applicable: ${c.detail ?? ''}`.trim() });
      break;
    case 'refused-unclassified':
      tc.ele('skipped', { message: `refused-unclassified: ${said}; refused without an error category, so the reason is not verified` });
      break;
    case 'pass':
      if (c.unexpectedPass) tc.ele('system-out').txt(`unexpected pass: a known issue expects ${c.id} to fail`);
      break;
  }
}
