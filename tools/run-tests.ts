/**
 * Runs uvu test files and counts what happened, for `npm test` (through test.ts, under c8) and
 * for a single folder while working:
 *
 *   npx tsx tools/run-tests.ts '(cli|reference)/test/.*\.test\.ts$'
 *
 * uvu runs the tests and prints its own report; this adds what it lacks: no ANSI colours when
 * stdout is not a terminal, files that cannot even be imported counted as failures, and the
 * counts: printed as the closing line `tests: N passed, N failed, N skipped`, or written as JSON
 * to the file S3CSE_TEST_COUNTS names (test.ts prints the line then, after c8's coverage table).
 */
import { writeFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** What uvu's per-suite runner resolves to: [errors or true, tests run ok, skipped, total]. */
type SuiteRun = () => Promise<[string | true, number, number, number]>;
type Queue = [string | null, ...SuiteRun[]][];
const uvuGlobals = globalThis as unknown as { UVU_DEFER?: number; UVU_INDEX?: number; UVU_QUEUE?: Queue };

export function closingLine(counts: Counts): string {
  return `tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

async function main(pattern: string): Promise<void> {
  // kleur (uvu's colours) reads the environment once, when uvu is first imported.
  if (!process.stdout.isTTY) process.env['NO_COLOR'] = '1';
  uvuGlobals.UVU_DEFER = 1;
  // Run directly (not through npm test), the tests' SDK clients would announce Node 22 once.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { parse } = await import('uvu/parse');
  const uvu = await import('uvu');
  const { suites } = await parse('.', pattern, {});
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  uvuGlobals.UVU_QUEUE ??= [];
  for (const [index, suite] of suites.entries()) {
    uvuGlobals.UVU_INDEX = index;
    uvuGlobals.UVU_QUEUE.push([suite.name]);
    try {
      await import(suite.file);
    } catch (e) {
      counts.failed += 1;
      process.stdout.write(`\n${suite.name}: could not be loaded: ${(e as Error).stack ?? String(e)}\n`);
    }
  }
  for (const group of uvuGlobals.UVU_QUEUE) counted(group, counts);
  await uvu.exec(false);
  if (counts.failed > 0) process.exitCode = 1;
  const file = process.env['S3CSE_TEST_COUNTS'];
  if (file) writeFileSync(file, JSON.stringify(counts));
  else process.stdout.write(`${closingLine(counts)}\n`);
  // Every test has run: a timer or socket a failed test left behind must not keep CI waiting.
  process.exit();
}

/** Wraps each suite of a file so its outcome is added to the counts as uvu runs it. */
function counted(group: [string | null, ...SuiteRun[]], counts: Counts): void {
  for (let i = 1; i < group.length; i++) {
    const run = group[i] as SuiteRun;
    group[i] = async () => {
      const outcome = await run();
      const [, ran, skipped, total] = outcome;
      counts.passed += ran;
      counts.failed += total - ran;
      counts.skipped += skipped;
      return outcome;
    };
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) await main(process.argv[2] ?? '(cli|reference|emrfs|vectors|suites|protocol|harness|reports|tools)/test/.*\\.test\\.ts$');
