/**
 * `s3cse run` streams report.jsonl and `s3cse report` renders it, as a CI job would use them: the
 * JSONL validates and agrees with report.json, JUnit counts equal the report's, the Markdown goes
 * to $GITHUB_STEP_SUMMARY, a baseline with one injected regression exits 1 naming the case, a cut-off
 * report is refused, and Ctrl-C during a run leaves a whole report whose footer says interrupted.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readReport } from '../../harness/report-commands.js';
import { BIN, childEnv, REPO, s3cse } from './support/bin.js';

let dir: string;
let runStderr = '';
test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3cse-report-'));
  const run = await s3cse(['run', '--suite', 'cross,range,corpus', '--impl', 'reference', '--sizes', '0,17', '--out', join(dir, 'run')], { timeoutMs: 120_000 });
  assert.is(run.status, 0, run.stderr);
  runStderr = run.stderr;
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('report.jsonl validates and agrees with report.json: same cases, same totals, provenance in the header', async () => {
  const jsonl = await readReport(join(dir, 'run', 'report.jsonl'));
  const json = JSON.parse(readFileSync(join(dir, 'run', 'report.json'), 'utf8')) as { totals: object; results: { id: string }[] };
  assert.equal(jsonl.footer.totals, json.totals);
  assert.equal(jsonl.cases.map((c) => c.id).sort(), json.results.map((r) => r.id).sort());
  assert.equal([jsonl.footer.interrupted, jsonl.footer.exitStatus], [false, 0]);
  assert.match(jsonl.header.harness.commit, /^[0-9a-f]{40}$/);
  assert.match(jsonl.header.spec.commit, /^[0-9a-f]{40}$/);
  assert.is(jsonl.header.node, process.version);
  assert.ok(jsonl.header.implementations[0]?.features.includes('write:v3'));
  // The progress total was planned from the claims before the first case: it is exact. A ranged
  // read's byte-cost verdict (range-bytes/…) rides on the read it measures and is not counted again.
  const counted = jsonl.cases.filter((c) => !c.id.startsWith('range-bytes/')).length;
  assert.ok(jsonl.cases.length > counted, 'the run has range-bytes verdicts');
  assert.ok(runStderr.includes(`progress: ${counted}/${counted} cases, 0 failed, 0 errored`), runStderr);
  assert.not.ok(runStderr.includes('\x1b'), 'no ANSI codes when stderr is not a terminal');
  assert.ok(
    jsonl.cases.filter((c) => c.status !== 'not-applicable').every((c) => Object.keys(c.featuresOf ?? {}).length > 0),
    'every case that ran says which claims it exercised',
  );
});

test('s3cse report --out: every form; JUnit counts equal the report; the Markdown also goes to $GITHUB_STEP_SUMMARY', async () => {
  const summary = join(dir, 'step-summary.md');
  const out = join(dir, 'rendered');
  const r = await s3cse(['report', join(dir, 'run', 'report.jsonl'), '--out', out], { env: childEnv({ GITHUB_STEP_SUMMARY: summary }) });
  assert.is(r.status, 0, r.stderr);
  assert.equal(readdirSync(out).sort(), ['badges', 'junit.xml', 'report-full.json', 'report.html', 'summary.md']);
  const report = await readReport(join(dir, 'run', 'report.jsonl'));
  const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
  const root = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/.exec(xml);
  const t = report.footer.totals;
  assert.equal(root?.slice(1).map(Number), [report.cases.length, t.fail, t.errored, t['not-applicable'] + t['refused-unclassified']]);
  assert.is((xml.match(/<testcase /g) ?? []).length, report.cases.length);
  assert.is(readFileSync(summary, 'utf8'), readFileSync(join(out, 'summary.md'), 'utf8'));
  assert.equal(JSON.parse(readFileSync(join(out, 'badges', 'reference.json'), 'utf8')), { schemaVersion: 1, label: 's3cse', message: `${t.pass}/${t.pass} passed`, color: 'brightgreen' });
  const md = await s3cse(['report', join(dir, 'run', 'report.jsonl'), '--format', 'junit']);
  assert.is(md.stdout.toString('utf8'), xml);
});

test('--baseline: one injected regression exits 1 and names the case; the same report exits 0', async () => {
  const file = join(dir, 'run', 'report.jsonl');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const victim = lines.findIndex((l) => l.includes('"suite":"range"') && l.includes('"status":"pass"'));
  const id = (JSON.parse(lines[victim]!) as { id: string }).id;
  lines[victim] = lines[victim]!.replace('"status":"pass"', '"status":"fail"');
  const injected = join(dir, 'injected.jsonl');
  writeFileSync(injected, `${lines.join('\n')}\n`);
  const r = await s3cse(['report', '--baseline', file, injected]);
  assert.is(r.status, 1);
  assert.ok(r.stdout.toString('utf8').includes(`NEW FAILURE ${id}: pass -> fail`), r.stdout.toString('utf8'));
  assert.is((await s3cse(['report', '--baseline', file, file])).status, 0);
  const scoped = await s3cse(['report', '--baseline', file, injected, '--fail-on', 'nobody']);
  assert.is(scoped.status, 2);
  assert.match(scoped.stderr, /s3cse: INVALID_ARGUMENT: --fail-on: .* has no implementation nobody/);
});

test('a report cut off before its footer is refused: INVALID_REPORT, exit 1', async () => {
  const lines = readFileSync(join(dir, 'run', 'report.jsonl'), 'utf8')
    .trimEnd()
    .split('\n');
  const cut = join(dir, 'cut.jsonl');
  writeFileSync(cut, `${lines.slice(0, -1).join('\n')}\n`);
  const r = await s3cse(['report', cut]);
  assert.is(r.status, 1);
  assert.match(r.stderr, new RegExp(`^s3cse: INVALID_REPORT: .*cut\\.jsonl: truncated: no footer after ${lines.length - 2} case records`));
});

test('Ctrl-C during a run: exit 130, and the partial report reads as whole, its footer saying interrupted', async () => {
  const out = join(dir, 'interrupted');
  const child = spawn(process.execPath, [BIN, 'run', '--suite', 'cross', '--impl', 'reference', '--sizes', '0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19', '--out', out], {
    cwd: REPO,
    env: childEnv(),
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const file = join(out, 'report.jsonl');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !(existsSync(file) && readFileSync(file, 'utf8').split('\n').length > 6)) await sleep(50);
  child.kill('SIGINT');
  assert.is(await exited, 130);
  const report = await readReport(file);
  assert.ok(report.footer.interrupted);
  assert.is(report.footer.exitStatus, 130);
  assert.ok(report.cases.length >= 5 && report.cases.length < 240, `${report.cases.length} cases`);
  assert.not.ok(existsSync(join(out, 'report.json')), 'report.json is only written by a finished run');
});

test('--shard I/N: the shards hold every case of the whole run exactly once, and report merge joins them', async () => {
  const args = ['run', '--suite', 'cross,range,corpus', '--impl', 'reference', '--sizes', '0,17'];
  const shards = await Promise.all([1, 2, 3].map((i) => s3cse([...args, '--shard', `${i}/3`, '--out', join(dir, `shard-${i}`)], { timeoutMs: 120_000 })));
  for (const r of shards) assert.is(r.status, 0, r.stderr);
  const parts = await Promise.all([1, 2, 3].map((i) => readReport(join(dir, `shard-${i}`, 'report.jsonl'))));
  const total = (await readReport(join(dir, 'run', 'report.jsonl'))).cases.length;
  // Roughly even: no shard holds more than half of the cases.
  assert.ok(
    parts.every((p) => p.cases.length > 0 && p.cases.length < total / 2),
    parts.map((p) => p.cases.length).join(','),
  );
  assert.equal(
    parts.map((p) => p.header.shard),
    [1, 2, 3].map((index) => ({ index, count: 3 })),
  );
  const merged = await s3cse(['report', 'merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'report.jsonl')), '--out', join(dir, 'merged.jsonl')]);
  assert.is(merged.status, 0, merged.stderr);
  const whole = await readReport(join(dir, 'run', 'report.jsonl'));
  const joined = await readReport(join(dir, 'merged.jsonl'));
  assert.equal(joined.cases.map((c) => c.id).sort(), whole.cases.map((c) => c.id).sort());
  assert.equal(joined.footer.totals, whole.footer.totals);
  const twice = await s3cse(['report', 'merge', join(dir, 'shard-1', 'report.jsonl'), join(dir, 'shard-1', 'report.jsonl'), '--out', join(dir, 'bad.jsonl')]);
  assert.is(twice.status, 1);
  assert.match(twice.stderr, /s3cse: INVALID_REPORT: shard 1 given twice/);
  assert.is((await s3cse(['run', '--shard', '4/3'])).status, 2);
});

test.run();
