/** The progress line: redrawn in place on a terminal, plain periodic lines without ANSI codes elsewhere. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CaseResult } from '../../suites/run.js';
import { RunProgress } from '../progress.js';

const result = (status: CaseResult['status'], reader = 'b'): CaseResult => ({
  suite: 'cross',
  id: `x/${Math.random()}`,
  status,
  expected: 'plaintext',
  actual: 'plaintext',
  requirements: [],
  durationMs: 1,
  pair: { writer: 'a', reader, format: 'v2', key: 'aes', storage: 'metadata', size: 1, legacy: true },
});

function sink(isTTY: boolean): { isTTY: boolean; text: string[]; write(t: string): void } {
  const text: string[] = [];
  return { isTTY, text, write: (t: string) => void text.push(t) };
}

test('not a terminal: no ANSI codes, at most one line per period, and the last case always gets a line', () => {
  const out = sink(false);
  const p = new RunProgress(3, out, 60_000);
  p.observe(result('pass'));
  p.observe(result('fail'));
  p.observe(result('errored', 'c'));
  p.done();
  assert.equal(out.text, ['progress: 1/3 cases, 0 failed, 0 errored; now a -> b\n', 'progress: 3/3 cases, 1 failed, 1 errored; now a -> c\n']);
  assert.not.ok(out.text.join('').includes('\x1b'));
});

test('a terminal: one line redrawn in place with a bar, ended with a newline when done', () => {
  const out = sink(true);
  const p = new RunProgress(2, out);
  p.observe(result('pass'));
  p.observe(result('pass'));
  p.done();
  assert.match(out.text[0] ?? '', /^\r\x1b\[K\[#{12}\.{12}\] 1\/2 cases, 0 failed, 0 errored; now a -> b$/);
  assert.match(out.text.at(-2) ?? '', /\[#{24}\] 2\/2 cases/);
  assert.is(out.text.at(-1), '\n');
});

test.run();
