/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium`, which .ci/run
 * installs) loads the page offline, and the writer × reader and implementation × feature matrices
 * are read back from its DOM, cell by cell, and compared with the report; every cell links to the
 * list of its cases; a screenshot is taken (to $S3CSE_SCREENSHOT when set). Skipped without chromium.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serializeJsonl } from '../../reports/compare.js';
import { fixtureReport } from '../../reports/test/fixture-report.js';
import { featureCells, pairCells, ran } from '../../reports/views.js';
import { s3cse } from './support/bin.js';

const CHROMIUM = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars'];

interface DomCell {
  readonly table: string;
  readonly row: string;
  readonly column: string;
  readonly text: string;
  readonly pass: number;
  readonly ran: number;
  readonly href: string;
}

/** The cells of every matrix in the DOM Chromium built, with the table each belongs to. */
function domCells(dom: string): DomCell[] {
  const cells: DomCell[] = [];
  for (const table of dom.matchAll(/<table id="([^"]+)">([\s\S]*?)<\/table>/g)) {
    for (const td of table[2]!.matchAll(/<td class="[^"]*" data-row="([^"]*)" data-column="([^"]*)" data-pass="(\d+)" data-ran="(\d+)"><a href="#([^"]+)">([^<]*)<\/a><\/td>/g)) {
      cells.push({ table: table[1]!, row: td[1]!, column: td[2]!, pass: Number(td[3]), ran: Number(td[4]), href: td[5]!, text: td[6]! });
    }
  }
  return cells;
}

if (CHROMIUM) {
  test('Chromium renders both matrices as the report has them; every cell drills down to its cases; a screenshot is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3cse-html-'));
    try {
      const report = fixtureReport();
      writeFileSync(join(dir, 'report.jsonl'), serializeJsonl(report));
      const rendered = await s3cse(['report', join(dir, 'report.jsonl'), '--format', 'html']);
      assert.is(rendered.status, 0, rendered.stderr);
      const page = join(dir, 'report.html');
      writeFileSync(page, rendered.stdout);
      const dom = execFileSync(CHROMIUM, [...FLAGS, '--dump-dom', `file://${page}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
      const cells = domCells(dom);
      const expected = [...pairCells(report, 'cross').map((c) => ({ ...c, table: 'cross-matrix' })), ...featureCells(report).map((c) => ({ ...c, table: 'feature-matrix' }))];
      assert.equal(
        cells.map((c) => [c.table, c.row, c.column, c.pass, c.ran]),
        expected.map((c) => [c.table, c.row, c.column, c.tally.pass, ran(c.tally)]),
      );
      assert.equal(cells.find((c) => c.table === 'cross-matrix' && c.row === 'mine' && c.column === 'reference')?.text, '0/1');
      for (const c of cells) {
        const section = new RegExp(`<section class="cases" id="${c.href}"><h3>[^<]*</h3><ul>([\\s\\S]*?)</ul></section>`).exec(dom);
        assert.ok(section, `cell ${c.row} × ${c.column} links to its cases`);
        assert.is((section[1]!.match(/<li class=/g) ?? []).length, expected.find((e) => e.table === c.table && e.row === c.row && e.column === c.column)!.cases.length || 1);
      }
      const shot = process.env['S3CSE_SCREENSHOT'] ?? join(dir, 'report.png');
      execFileSync(CHROMIUM, [...FLAGS, `--screenshot=${shot}`, '--window-size=1400,900', `file://${page}#cross-matrix-2`], { stdio: 'ignore', timeout: 60_000 });
      assert.equal([...readFileSync(shot).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
} else {
  console.log('report-html-chromium: skipped (no chromium on PATH; .ci/run installs it with apt-get)');
  test.skip('the HTML report in Chromium (no chromium)', () => undefined);
}

test.run();
