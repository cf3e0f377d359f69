/** Requirement-line coverage: cited, exercised, excepted and uncovered, with duvet's ids and denominators. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { levelTotals, lineCoverage, loadExceptions, parseException, renderCoverage } from '../coverage.js';
import { agreement, caseAnnotations, duvetCitedByCases } from '../duvet.js';
import { lineKey } from '../../suites/spec-lines.js';
import { L } from '../../suites/lines.js';

const cases = [
  { id: 'a', specLines: [L.legacyContentOff, L.statusV2] },
  { id: 'b', specLines: [L.legacyContentOff, L.v3MatDesc] },
];
const exception = {
  file: 'x.toml',
  section: 's3-encryption/data-format/content-metadata.md#content-metadata-mapkeys',
  quote: L.prefixNotInCode.quote,
  reason: 'a property of source code that no case can observe',
};

test('a line cited only by a failing case is cited, not exercised; an excepted line is covered', () => {
  const lines = lineCoverage({
    cases,
    exceptions: [exception],
    results: [
      { id: 'a', status: 'pass' },
      { id: 'b', status: 'fail' },
    ],
  });
  const [must, should, may] = levelTotals(lines);
  assert.equal(must, { level: 'MUST', total: 197, cited: 2, exercised: 2, excepted: 1, uncovered: 194 });
  assert.equal(should, { level: 'SHOULD', total: 30, cited: 1, exercised: 0, excepted: 0, uncovered: 30 });
  assert.equal(may?.total, 24);
  assert.match(renderCoverage(lines), /MUST\s+2\/197\s+2\/197\s+1\/197\s+194\/197\s+3\/197/);
});

test('without a run, cited lines count as covered and exercised is not claimed', () => {
  const [must] = levelTotals(lineCoverage({ cases, exceptions: [] }));
  assert.equal(must, { level: 'MUST', total: 197, cited: 2, exercised: undefined, excepted: 0, uncovered: 195 });
});

test('a case or an exception citing a line the specification does not have is refused', () => {
  const made = { section: L.statusV2.section, quote: 'The object MUST be V2.' };
  assert.throws(() => lineCoverage({ cases: [{ id: 'x', specLines: [made] }], exceptions: [] }), /x cites a line the pinned specification does not have/);
  assert.throws(() => lineCoverage({ cases: [], exceptions: [{ ...exception, quote: made.quote }] }), /no such line/);
});

test('an exception file names its target, quote and reason', () => {
  const good = `target = "specification/s3-encryption/client.md#aws-sdk-compatibility"\n\n[[exception]]\nquote = '''\nThe S3EC MUST adhere\n to the interface.\n'''\nreason = '''\nThe interface is the language binding's.\n'''\n`;
  assert.equal(parseException('g.toml', good).quote, 'The S3EC MUST adhere to the interface.');
  assert.throws(() => parseException('n.toml', good.replace(/reason[\s\S]*$/, '')), /quote and reason/);
  assert.throws(() => parseException('s.toml', good.replace("The interface is the language binding's.", 'none')), /too short/);
});

test('compliance_exceptions/: every file is an exception of a pinned line, at most 25, one line each', () => {
  const all = loadExceptions();
  assert.ok(all.length <= 25, `${all.length} exceptions`);
  const lines = lineCoverage({ cases: [], exceptions: all });
  assert.equal(lines.filter((l) => l.exception).length, all.length);
});

test('case citations become duvet test annotations', () => {
  assert.equal(caseAnnotations([L.legacyContentOff, L.legacyContentOff]), `//= specification/${L.legacyContentOff.section}\n//= type=test\n//# ${L.legacyContentOff.quote}\n`);
});

test("duvet's verdict: a line counts as cited by the cases only through an annotation from their files", () => {
  const spec = (section: string, quote: string) => ({
    source: '.duvet/requirements/x.toml',
    type: 'SPEC',
    target_path: `specification/${section.split('#')[0]}`,
    target_section: section.split('#')[1]!,
    comment: `${quote}\n`,
  });
  const report = {
    annotations: [
      spec(L.legacyContentOff.section, L.legacyContentOff.quote),
      spec(L.statusV2.section, L.statusV2.quote),
      { source: 'reports/out/duvet/cases/negative/x.txt', type: 'TEST', target_path: 'specification/s3-encryption/client.md' },
      { source: 'reference/src/x.ts', target_path: 'specification/s3-encryption/data-format/content-metadata.md' },
    ],
    statuses: { '0': { related: [2] }, '1': { related: [3] } },
  };
  const cited = duvetCitedByCases(report);
  assert.equal([...cited], [lineKey(L.legacyContentOff)]);
  const a = agreement(new Set([lineKey(L.legacyContentOff), lineKey(L.statusV2)]), cited);
  assert.equal(a.onlyOurs, [lineKey(L.statusV2)]);
  assert.equal(a.onlyDuvets, []);
});

test.run();
