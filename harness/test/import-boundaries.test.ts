/**
 * The import rules of the folder READMEs, enforced (issue 12): dependency-cruiser with
 * .dependency-cruiser.cjs over the whole repository finds no violation, and the same rules do
 * catch each kind of forbidden import in a small made-up tree (so the first check cannot pass by
 * matching nothing).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const repo = resolve(import.meta.dirname, '../..');
const FOLDERS = ['reference', 'emrfs', 'testkit', 'protocol', 'harness', 'implementations', 'suites', 'vectors', 'reports', 'bench', 'bin', 'cli', 'tools'];

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

function cruise(cwd: string, folders: string[]): { violations: Violation[]; modules: number } {
  const out = execFileSync(join(repo, 'node_modules/.bin/depcruise'), ['--config', join(repo, '.dependency-cruiser.cjs'), '-T', 'json', ...folders], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const result = JSON.parse(out) as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
  return { violations: result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })), modules: result.summary.totalCruised };
}

test('the repository breaks none of the import rules', () => {
  const present = FOLDERS.filter((f) => {
    try {
      execFileSync('test', ['-d', join(repo, f)]);
      return true;
    } catch {
      return false;
    }
  });
  const { violations, modules } = cruise(repo, present);
  assert.ok(modules > 200, `cruised ${modules} modules: the rules must see the whole tree`);
  assert.equal(violations, []);
});

/** A tree with the repository's shape, one forbidden import per rule and one allowed import. */
function madeUpTree(): string {
  const root = mkdtempSync(join(tmpdir(), 's3cse-boundaries-'));
  const files: Record<string, string> = {
    'reference/package.json': JSON.stringify({ name: '@s3cse/reference', type: 'module', exports: { '.': { 's3cse-source': './src/index.ts' } } }),
    'reference/src/index.ts': "export const version = '0';\n",
    'reference/src/leaky.ts': "import { readFileSync } from 'node:fs';\nimport { x } from '../../suites/case.ts';\nexport const y = [readFileSync, x];\n",
    'suites/case.ts': 'export const x = 1;\n',
    'suites/uses-reference.ts': "import { version } from '@s3cse/reference';\nexport const v = version;\n",
    'suites/generate/uses-harness.ts': "import { v } from '../../harness/allowed.ts';\nexport const g = v;\n",
    'harness/targets/uses-reference.ts': "import { version } from '@s3cse/reference';\nexport const v = version;\n",
    'harness/allowed.ts': "import { version } from '@s3cse/reference';\nexport const v = version;\n",
    'bench/deep-path.ts': "import { version } from '../reference/src/index.ts';\nexport const v = version;\n",
    'reports/runs-things.ts': "import { v } from '../harness/allowed.ts';\nexport const w = v;\n",
    'protocol/vocabulary.ts': "export const KEY_KINDS = ['aes'] as const;\n",
    'protocol/leaky.ts': "import { readFileSync } from 'node:fs';\nimport { x } from '../suites/case.ts';\nexport const y = [readFileSync, x];\n",
    'suites/uses-protocol.ts': "import { KEY_KINDS } from '../protocol/vocabulary.ts';\nexport const k = KEY_KINDS;\n",
    'implementations/good/server.ts': "import { version } from '@s3cse/reference';\nimport { KEY_KINDS } from '../../protocol/vocabulary.ts';\nexport const s = [version, KEY_KINDS];\n",
    'implementations/bad/server.ts': "import { v } from '../../harness/allowed.ts';\nexport const s = v;\n",
    'harness/reaches-in.ts': "import { s } from '../implementations/good/server.ts';\nexport const t = s;\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  mkdirSync(join(root, 'node_modules/@s3cse'), { recursive: true });
  symlinkSync(join(root, 'reference'), join(root, 'node_modules/@s3cse/reference'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'probe', type: 'module', workspaces: ['reference'], dependencies: { '@s3cse/reference': '0' } }));
  return root;
}

test('each rule catches its forbidden import and lets the package name through', () => {
  const root = madeUpTree();
  try {
    const { violations } = cruise(root, ['reference', 'protocol', 'suites', 'harness', 'implementations', 'bench', 'reports']);
    const seen = violations.map((v) => `${v.rule}: ${v.from} -> ${v.to}`).sort();
    assert.equal(seen, [
      'generator-never-the-reference: suites/generate/uses-harness.ts -> harness/allowed.ts',
      'implementations-are-found-by-folder: harness/reaches-in.ts -> implementations/good/server.ts',
      'implementations-stand-alone: implementations/bad/server.ts -> harness/allowed.ts',
      'protocol-imports-nothing: protocol/leaky.ts -> fs',
      'protocol-imports-nothing: protocol/leaky.ts -> suites/case.ts',
      'reference-by-package-name-only: bench/deep-path.ts -> reference/src/index.ts',
      'reference-is-self-contained: reference/src/leaky.ts -> suites/case.ts',
      'reports-render-results: reports/runs-things.ts -> harness/allowed.ts',
      'suites-never-the-reference: suites/generate/uses-harness.ts -> harness/allowed.ts',
      'suites-never-the-reference: suites/uses-reference.ts -> reference/src/index.ts',
      'targets-are-a-leaf: harness/targets/uses-reference.ts -> reference/src/index.ts',
      'targets-never-the-reference: harness/targets/uses-reference.ts -> reference/src/index.ts',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
