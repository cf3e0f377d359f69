/**
 * cli/README.md's import rule: the command line reaches the reference only through its front door
 * (reference/src/index.ts) and the harness only through its entry points; nothing imports cli/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO } from './support/bin.js';

const ALLOWED_OUTSIDE = ['reference/src/index.ts', 'harness/conformance.ts', 'harness/run.ts', 'harness/usage-error.ts', 'harness/targets/embedded/foreground.ts'];

function sources(folder: string): string[] {
  return readdirSync(join(REPO, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.split('/').includes('node_modules'))
    .map((f) => join(folder, f));
}

/** Relative module specifiers of a file, resolved to repository paths (`.js` read as the `.ts` source). */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(REPO, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => (m[1] ?? m[2])!);
  return specifiers.map((s) => relative(REPO, resolve(join(REPO, dirname(file)), s)).replace(/\.js$/, '.ts'));
}

test('cli/ (its tests aside) imports only the reference front door and the harness entry points from outside', () => {
  const seen = new Set<string>();
  for (const file of sources('cli').filter((f) => !f.startsWith('cli/test/'))) {
    for (const target of relativeImports(file)) {
      if (target.startsWith('cli/')) continue;
      seen.add(target);
      assert.ok(ALLOWED_OUTSIDE.includes(target), `${file} imports ${target}`);
    }
  }
  assert.ok(seen.has('reference/src/index.ts'), 'the scan found the imports at all');
});

test('nothing outside cli/ imports it (bin/s3cse.js loads cli/main.ts)', () => {
  for (const folder of ['reference', 'harness', 'suites', 'vectors', 'reports', 'bench', 'tools']) {
    for (const file of sources(folder)) {
      for (const target of relativeImports(file)) assert.not.ok(target.startsWith('cli/'), `${file} imports ${target}`);
    }
  }
});

test.run();
