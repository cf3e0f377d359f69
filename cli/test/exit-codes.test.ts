/** The README's exit-code table says what cli/exit-codes.ts does, code for code. */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES } from '@s3cse/reference';
import { EXIT, errorCodesByExit, exitCodeFor } from '../exit-codes.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Exit codes'));
const rows = new Map([...section.matchAll(/^\| (\d+) \| [^|]+ \|([^|]*)\|$/gm)].map((m) => [Number(m[1]), [...m[2]!.matchAll(/`([A-Z0-9_]+)`/g)].map((c) => c[1]!)]));

test('every exit status has a README row, and each row lists exactly the error codes that end with it', () => {
  assert.equal(
    [...rows.keys()].sort((a, b) => a - b),
    Object.values(EXIT).sort((a, b) => a - b),
  );
  for (const [status, codes] of errorCodesByExit()) assert.equal(rows.get(status)?.sort(), [...codes].sort(), `status ${status}`);
  for (const status of [EXIT.OK, EXIT.CASES_FAILED, EXIT.INTERNAL]) assert.equal(rows.get(status), [], `status ${status} has no error code`);
});

test('security refusals, policy refusals and service errors each have their own status; usage errors are 2', () => {
  assert.is(exitCodeFor('INVALID_ARGUMENT'), 2);
  const byCategory = new Map<string, Set<number>>();
  for (const [code, category] of Object.entries(ERROR_CODES)) {
    if (code === 'INVALID_ARGUMENT') continue;
    byCategory.set(category, (byCategory.get(category) ?? new Set()).add(exitCodeFor(code as keyof typeof ERROR_CODES)));
  }
  assert.equal([...byCategory.get('security')!], [EXIT.SECURITY]);
  assert.equal([...byCategory.get('config')!], [EXIT.REFUSED]);
  assert.equal([...byCategory.get('service')!], [EXIT.SERVICE]);
  assert.ok(new Set([EXIT.USAGE, EXIT.SECURITY, EXIT.REFUSED, EXIT.OBJECT, EXIT.SERVICE]).size === 5);
});

test.run();
