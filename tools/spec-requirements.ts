/**
 * `npx tsx tools/spec-requirements.ts`: rewrites suites/requirements.json from duvet's own
 * extraction of the vendored specification (vectors/spec/, pinned commit in its README), so the
 * requirement ids we cite are duvet's: `s3-encryption/<file>.md#<section>` and the quoted text.
 * Needs duvet 0.4.3 on the PATH or at ~/.cargo/bin/duvet (`cargo install duvet --version 0.4.3 --locked`).
 * `--check` fails when the committed file differs from what duvet extracts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const COMMIT = '167041bbc054173e2c008e66bf2f5f424a8f3fe2';
const MOUNT = 'specification/';
const OUT = new URL('../suites/requirements.json', import.meta.url);

interface DuvetSection {
  readonly id: string;
  readonly title: string;
}
interface DuvetAnnotation {
  readonly type?: string;
  readonly level?: string;
  readonly target_path: string;
  readonly target_section?: string;
  readonly comment?: string;
}
interface DuvetReport {
  readonly specifications: Record<string, { readonly sections: readonly DuvetSection[] }>;
  readonly annotations: readonly DuvetAnnotation[];
}

/** duvet's quotes keep the specification's line breaks; ids use single spaces. */
export const normalizeQuote = (text: string): string => text.replace(/\s+/g, ' ').trim();

export function duvetBinary(): string {
  const local = join(homedir(), '.cargo', 'bin', 'duvet');
  return spawnSync(local, ['--help']).status === 0 ? local : 'duvet';
}

function runDuvet(): DuvetReport {
  const dir = mkdtempSync(join(tmpdir(), 's3cse-duvet-'));
  try {
    const r = spawnSync(duvetBinary(), ['report', '--json', join(dir, 'report.json')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`duvet report failed (${r.status}): ${r.stderr}`);
    return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as DuvetReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function requirementsFile(report: DuvetReport): string {
  const sections: Record<string, { title: string; requirements: { level: string; quote: string }[] }> = {};
  const counts: Record<string, number> = { MUST: 0, SHOULD: 0, MAY: 0 };
  for (const [path, spec] of Object.entries(report.specifications)) {
    for (const s of spec.sections) sections[`${path.slice(MOUNT.length)}#${s.id}`] = { title: s.title, requirements: [] };
  }
  for (const a of report.annotations) {
    if (a.type !== 'SPEC' || !a.level || !a.comment) continue;
    const section = sections[`${a.target_path.slice(MOUNT.length)}#${a.target_section}`];
    if (!section) throw new Error(`duvet: a requirement in an unknown section ${a.target_path}#${a.target_section}`);
    section.requirements.push({ level: a.level, quote: normalizeQuote(a.comment) });
    counts[a.level] = (counts[a.level] ?? 0) + 1;
  }
  const file = {
    manifest: { type: 's3ec-requirements', version: 2 },
    source: { repo: 'awslabs/aws-encryption-sdk-specification', commit: COMMIT, path: 's3-encryption/', vendored: 'vectors/spec/s3-encryption/', extractedBy: 'duvet 0.4.3' },
    counts,
    sections,
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = requirementsFile(runDuvet());
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) {
      process.stderr.write("suites/requirements.json differs from duvet's extraction (run npx tsx tools/spec-requirements.ts)\n");
      process.exitCode = 1;
    } else process.stdout.write("suites/requirements.json agrees with duvet's extraction\n");
  } else writeFileSync(OUT, text);
}
