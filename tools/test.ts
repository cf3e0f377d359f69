/**
 * `npm test` after the typecheck: run-tests.ts under c8 (the coverage floor over reference/src),
 * then the closing line `tests: N passed, N failed, N skipped` as the very last line, after c8's
 * coverage table, so logs and CI read the counts without scraping uvu's report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closingLine } from './run-tests.js';

const PATTERN = '(cli|reference|emrfs|vectors|suites|protocol|harness|reports|tools)/test/.*\\.test\\.ts$';
const COVERAGE = ['--check-coverage', '--lines', '95', '--include', 'reference/src/**', '--reporter', 'text-summary', '--reporter', 'text'];

const dir = mkdtempSync(join(tmpdir(), 's3cse-test-counts-'));
const countsFile = join(dir, 'counts.json');
const c8 = spawnSync('npx', ['c8', ...COVERAGE, 'tsx', 'tools/run-tests.ts', process.argv[2] ?? PATTERN], {
  stdio: 'inherit',
  env: { ...process.env, S3CSE_TEST_COUNTS: countsFile, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
let line = 'tests: 0 passed, 1 failed, 0 skipped';
try {
  line = closingLine(JSON.parse(readFileSync(countsFile, 'utf8')));
} catch {
  process.stdout.write('the test runner ended before it could count (see above)\n');
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${line}\n`);
// c8's status includes the coverage floor; a runner killed by a signal has none.
process.exitCode = c8.status ?? 1;
