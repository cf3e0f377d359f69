/**
 * How generators write: one stable JSON form (keys in the order the generator builds them, one
 * space of indent, a final newline), and either written atomically or compared with what is
 * committed, so CI can fail on a generator whose output drifted. Body files are bytes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface GeneratedFile {
  /** Absolute path of the file the generator owns. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

export function jsonFile(path: string, data: unknown): GeneratedFile {
  return { path, content: `${JSON.stringify(data, null, 1)}\n` };
}

function same(f: GeneratedFile): boolean {
  if (!existsSync(f.path)) return false;
  const committed = readFileSync(f.path);
  return typeof f.content === 'string' ? committed.toString('utf8') === f.content : Buffer.from(f.content).equals(committed);
}

/** Writes each file whose content changed (temp file + rename); returns the paths written. */
export function writeGenerated(files: readonly GeneratedFile[]): string[] {
  const written: string[] = [];
  for (const f of files) {
    if (same(f)) continue;
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(`${f.path}.partial`, f.content);
    renameSync(`${f.path}.partial`, f.path);
    written.push(f.path);
  }
  return written;
}

/** The files whose committed content differs from what the generators produce now. */
export function staleGenerated(files: readonly GeneratedFile[], root: string): string[] {
  return files.filter((f) => !same(f)).map((f) => relative(root, f.path));
}

function unwritten(files: readonly GeneratedFile[], folders: readonly string[]): string[] {
  const written = new Set(files.map((f) => f.path));
  return folders.flatMap((folder) => (existsSync(folder) ? readdirSync(folder).map((name) => join(folder, name)) : [])).filter((path) => !written.has(path));
}

/** Files in generator-owned folders that no generator writes (relative to root). */
export function orphans(files: readonly GeneratedFile[], folders: readonly string[], root: string): string[] {
  return unwritten(files, folders).map((path) => relative(root, path));
}

/** Deletes the files of generator-owned folders that no generator writes; returns them. */
export function removeOrphans(files: readonly GeneratedFile[], folders: readonly string[]): string[] {
  const stale = unwritten(files, folders);
  for (const path of stale) rmSync(path);
  return stale;
}
