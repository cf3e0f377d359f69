/**
 * The implementer's guide's worked example (harness/IMPLEMENTING.md) is real: its Python block,
 * taken out of the document as it stands, runs from a folder outside the repository as an
 * `--impl PATH` adapter against the reference, and every cell it claims passes. The library
 * comes from the python-s3ec adapter's venv (built on first use; needs python3 and PyPI).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runMatrix } from '../run.js';
import { ensureBuilt } from '../supervisor/build.js';
import { findAdapter } from '../supervisor/manifest.js';
import type { RunReport } from '../../reports/summary.js';

const GUIDE = new URL('../IMPLEMENTING.md', import.meta.url);

function example(): string {
  const text = readFileSync(GUIDE, 'utf8');
  const match = /<!-- adapter-example -->\n```python\n([\s\S]*?)\n```/.exec(text);
  if (!match?.[1]) throw new Error('IMPLEMENTING.md has no <!-- adapter-example --> python block');
  return `${match[1]}\n`;
}

const hasPython = ((): boolean => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('the example is the minimal adapter the guide promises: about 60 lines', () => {
  const lines = example().trimEnd().split('\n').length;
  assert.ok(lines >= 40 && lines <= 70, `${lines} lines`);
  assert.match(readFileSync(GUIDE, 'utf8'), new RegExp(`in ${lines} lines`), 'the prose states its length');
});

if (hasPython) {
  test('the example, run from outside the repo against the reference: every claimed cell passes', async () => {
    const python = findAdapter('python-s3ec');
    await ensureBuilt(python);
    const dir = mkdtempSync(join(tmpdir(), 's3cse-guide-'));
    const realWrite = process.stdout.write.bind(process.stdout);
    try {
      writeFileSync(join(dir, 'adapter.py'), example());
      writeFileSync(join(dir, 'adapter.json'), JSON.stringify({ name: 'minimal-python', start: { command: [join(python.workdir, '.venv', 'bin', 'python'), 'adapter.py'] }, startupTimeoutMs: 30000 }));
      process.stdout.write = (() => true) as typeof process.stdout.write;
      const status = await runMatrix({ suites: ['cross'], impls: ['reference', dir], sizes: [0, 17], validateProtocol: true, out: join(dir, 'out') });
      process.stdout.write = realWrite;
      const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as RunReport;
      const cells = report.results.filter((r) => r.status !== 'not-applicable' && (r.pair?.writer === 'minimal-python' || r.pair?.reader === 'minimal-python'));
      assert.is(status, 0, JSON.stringify(cells.find((c) => c.status !== 'pass')));
      // v2 and v3 with KMS to metadata, 2 sizes: reference→example, example→reference, example→example.
      assert.is(cells.filter((c) => c.status === 'pass').length, 12);
    } finally {
      process.stdout.write = realWrite;
      rmSync(dir, { recursive: true, force: true });
    }
  });
} else {
  console.log('implementing-guide: the run is skipped (needs python3 to build the python-s3ec venv)');
  test.skip('the example against the reference (no python3)', () => undefined);
}

test.run();
