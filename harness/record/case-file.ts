/**
 * One producer's case file on disk: header first, cases sorted by id, every object's keys in a
 * stable (sorted) order, bodies over 4 KiB as bodies/<sha256>.bin beside it. Written to a
 * temporary file and renamed, so a crash leaves the previous recording whole; body files no case
 * names any more are deleted afterwards.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseNote, DecryptCaseData } from '../../vectors/corpus-types.js';
import { sha256Hex } from '../../vectors/corpus.js';

export const BODIES = 'bodies';

export interface CaseFileHeaderInput {
  readonly specCommit: string;
  readonly generator: string;
  readonly notes: Readonly<Record<string, CaseNote>>;
}

/** Stores `bytes` as bodies/<sha256>.bin under `dir` (once) and returns the path the case names. */
export function storeBody(dir: string, bytes: Buffer): string {
  const name = `${BODIES}/${sha256Hex(bytes)}.bin`;
  const path = join(dir, name);
  if (!existsSync(path)) {
    mkdirSync(join(dir, BODIES), { recursive: true });
    writeFileSync(`${path}.partial`, bytes);
    renameSync(`${path}.partial`, path);
  }
  return name;
}

/** Objects with their keys sorted, recursively; arrays keep their order. */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

export function renderCaseFile(header: CaseFileHeaderInput, cases: readonly DecryptCaseData[]): string {
  const sorted = [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const usedFlags = new Set(sorted.flatMap((c) => c.flags));
  const notes = Object.fromEntries(Object.entries(header.notes).filter(([flag]) => usedFlags.has(flag)));
  const file = {
    type: 's3ec-decrypt-cases',
    version: 1,
    specCommit: header.specCommit,
    generator: header.generator,
    notes: sortedKeys(notes),
    cases: sorted.map(sortedKeys),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** Replaces `dir`/cases.json atomically, then deletes the body files no case names. */
export function writeCaseFile(dir: string, header: CaseFileHeaderInput, cases: readonly DecryptCaseData[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'cases.json');
  writeFileSync(`${path}.partial`, renderCaseFile(header, cases));
  renameSync(`${path}.partial`, path);
  pruneBodies(dir, new Set(cases.flatMap((c) => (c.inputs.object.body.file ? [c.inputs.object.body.file] : []))));
  return path;
}

function pruneBodies(dir: string, referenced: ReadonlySet<string>): void {
  const folder = join(dir, BODIES);
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    if (!referenced.has(`${BODIES}/${name}`)) rmSync(join(folder, name), { force: true });
  }
}
