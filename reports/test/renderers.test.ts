/** JUnit, Markdown, badges, baseline and merge from one fixture report, each checked against its counts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create } from 'xmlbuilder2';
import { runBadges } from '../badges.js';
import { compareReports, mergeReports, MergeError, renderComparison } from '../compare.js';
import { escapeHtml, renderHtml } from '../html.js';
import type { CaseRecord } from '../jsonl.js';
import { renderJunit } from '../junit.js';
import { renderMarkdown } from '../markdown.js';
import { fixtureReport, HEADER } from './fixture-report.js';

/** The little of the DOM these checks read (no DOM lib in this project's types). */
interface XmlElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}
interface XmlDocument {
  readonly documentElement: XmlElement;
  getElementsByTagName(name: string): ArrayLike<XmlElement> & Iterable<XmlElement>;
}

/** The JUnit file parsed back into a DOM (xmlbuilder2's parser), entities decoded. */
function parse(xml: string): XmlDocument {
  return create(xml).node as unknown as XmlDocument;
}
const attr = (e: XmlElement, name: string): string => e.getAttribute(name) ?? '';

test('JUnit parses, and its counts are the report counts: one testsuite per suite × implementation', () => {
  const report = fixtureReport();
  const doc = parse(renderJunit(report));
  const root = doc.documentElement;
  const t = report.footer.totals;
  assert.equal(
    ['tests', 'failures', 'errors', 'skipped'].map((a) => attr(root, a)),
    [String(report.cases.length), String(t.fail), String(t.errored), String(t['not-applicable'] + t['refused-unclassified'])],
  );
  const suites = [...doc.getElementsByTagName('testsuite')];
  assert.equal(
    suites.map((s) => attr(s, 'name')),
    ['cross @ reference', 'cross @ mine', 'known-answers @ mine'],
  );
  assert.is(
    suites.reduce((n, s) => n + Number(attr(s, 'tests')), 0),
    report.cases.length,
  );
  assert.is(doc.getElementsByTagName('testcase').length, report.cases.length);
  const failure = doc.getElementsByTagName('failure')[0]!;
  assert.match(attr(failure, 'message'), /^cross\/mine->reference\/v2\/kms\/metadata\/1: expected plaintext/);
  assert.match(failure.textContent ?? '', /a <b> & "c"/, 'the message survives escaping');
  const skipped = [...doc.getElementsByTagName('skipped')].map((e) => attr(e, 'message'));
  assert.ok(skipped.some((m) => m.startsWith('not applicable: not claimed: read:v1')));
  assert.ok(skipped.some((m) => m.startsWith('refused-unclassified: kat/tamper-1@mine')));
  assert.is(attr(doc.getElementsByTagName('error')[0]!, 'type'), 'adapter-error');
});

test('Markdown: real tables, the writer × reader cells, the feature cells, every failing case by id', () => {
  const md = renderMarkdown(fixtureReport());
  assert.match(md, /\| writer \\ reader \| reference \| mine \|\n\| --- \| ---: \| ---: \|\n\| reference \| 1\/1 \| 1\/1 \|\n\| mine \| 0\/1 \| 1\/1 \|/);
  assert.match(md, /\| mine \| 1\/2 \| 3\/5 \| 3\/6 \|/, 'mine: write:v2 1 of 2, read:v2 3 of 5 (one refused-unclassified, one errored), key:kms 3 of 6');
  assert.match(md, /- \*\*fail\*\* `cross\/mine->reference\/v2\/kms\/metadata\/1`/);
  assert.match(md, /- \*\*errored\*\* `kat\/tamper-2@mine`.*\[adapter-error\]/);
  assert.not.match(md, /```/, 'tables, not code fences');
});

test('HTML escapes what adapters wrote and links every cell to its cases', () => {
  const html = renderHtml(fixtureReport());
  assert.match(html, /a &lt;b&gt; &amp; &quot;c&quot;/);
  assert.not.match(html, /Mine <S3EC>|a <b>/);
  const links = [...html.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]!);
  assert.ok(links.length >= 4 + 3);
  for (const id of links) assert.ok(html.includes(`<section class="cases" id="${id}">`), id);
  assert.is(escapeHtml(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
  assert.not.match(html, /<script|https?:\/\/(?!shields)/, 'offline: no script, nothing fetched');
});

test('badges: one per implementation that is not a peer, failures counted from its own cases', () => {
  assert.equal(runBadges(fixtureReport()), { mine: { schemaVersion: 1, label: 's3cse', message: '2 failures', color: 'red' } });
  const clean = fixtureReport((cases) => cases.filter((c) => c.status !== 'fail' && c.status !== 'errored'));
  assert.equal(runBadges(clean)['mine']?.color, 'yellow', 'a refused-unclassified case leaves it unverified');
});

const regress = (id: string) => (cases: CaseRecord[]) => cases.map((c) => (c.id === id ? { ...c, status: 'fail' as const, actual: 'decrypted', detail: 'injected' } : c));

test('baseline: an injected regression is named; a known issue does not gate; --fail-on scopes it; unexpected passes gate', () => {
  const old = fixtureReport();
  const injected = compareReports(old, fixtureReport(regress('kat/ok@mine')));
  assert.equal(
    injected.regressions.map((r) => [r.id, r.was, r.now]),
    [['kat/ok@mine', 'pass', 'fail']],
  );
  assert.match(renderComparison(injected), /NEW FAILURE kat\/ok@mine: pass -> fail \(injected\)\n/);
  assert.equal(compareReports(old, fixtureReport(regress('cross/reference->reference/v2/kms/metadata/1')), 'mine').regressions, [], 'not mine');
  const known = fixtureReport((cases) => regress('kat/ok@mine')(cases).map((c) => (c.id === 'kat/ok@mine' ? { ...c, knownIssue: 'k-1' } : c)));
  assert.equal(compareReports(old, known).regressions, []);
  const stale = fixtureReport((cases) => cases.map((c) => (c.id === 'kat/ok@mine' ? { ...c, unexpectedPass: true } : c)));
  assert.equal(
    compareReports(old, stale).unexpectedPasses.map((r) => r.id),
    ['kat/ok@mine'],
  );
  assert.equal(
    compareReports(fixtureReport(regress('kat/ok@mine')), old).fixed.map((r) => r.id),
    ['kat/ok@mine'],
  );
});

test('merge: shards of one run become one report; other runs, repeated shards or cases are refused', () => {
  const full = fixtureReport();
  const shard = (index: number, keep: (n: number) => boolean) => {
    const cases = full.cases.filter((_, n) => keep(n));
    return { header: { ...HEADER, shard: { index, count: 2 } }, cases, footer: { ...full.footer, cases: cases.length, gating: index } };
  };
  const merged = mergeReports([shard(1, (n) => n % 2 === 0), shard(2, (n) => n % 2 === 1)]);
  assert.is(merged.cases.length, full.cases.length);
  assert.equal(merged.footer.totals, full.footer.totals);
  assert.is(merged.footer.gating, 3);
  assert.not.ok('shard' in merged.header);
  assert.throws(
    () => mergeReports([shard(1, () => true), shard(1, () => false)]),
    (e: unknown) => e instanceof MergeError && /shard 1 given twice/.test((e as Error).message),
  );
  assert.throws(() => mergeReports([shard(1, (n) => n < 5), shard(2, (n) => n > 3)]), /case .* is in two reports/);
  const other = { ...shard(2, () => false), header: { ...HEADER, target: 'moto', shard: { index: 2, count: 2 } } };
  assert.throws(() => mergeReports([shard(1, () => true), other]), /reports of different runs/);
});

test.run();
