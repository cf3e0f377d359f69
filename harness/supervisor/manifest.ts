/**
 * Adapter manifests (`implementations/<name>/adapter.json`, see implementations/README.md, or an
 * implementer's own anywhere on disk), loaded and checked against
 * protocol/schemas/adapter-manifest.schema.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capabilities } from '../../protocol/messages.js';
import { HarnessFault } from '../fault.js';
import { protocolViolations } from '../protocol/validate.js';

export interface AdapterManifest {
  readonly name: string;
  readonly description?: string;
  readonly language?: string;
  readonly workdir?: string;
  readonly build?: { readonly command: readonly string[]; readonly inputs: readonly string[]; readonly outputs: readonly string[] };
  readonly start: { readonly command: readonly string[]; readonly env?: Readonly<Record<string, string>> };
  readonly port?: number;
  readonly capabilities?: Capabilities;
  readonly startupTimeoutMs?: number;
  readonly callTimeoutMs?: number;
}

/** A manifest with the folder it came from and its working directory resolved. */
export interface LoadedAdapter {
  readonly manifest: AdapterManifest;
  readonly folder: string;
  readonly workdir: string;
  /**
   * Where the harness keeps its build stamp and log: the workdir for the bundled adapters (git-ignored
   * there), a cache folder for any other manifest, so a run never writes into an implementer's tree
   * or this repository on an outside manifest's behalf.
   */
  readonly stateDir: string;
  /** Whether it is one of implementations/ (its name must equal its folder's). */
  readonly bundled: boolean;
}

/** The implementations under test live apart from the code that supervises them. */
export const ADAPTERS_DIR = fileURLToPath(new URL('../../implementations/', import.meta.url));

/** A missing or malformed manifest: the implementation cannot even be started. */
function manifestFault(message: string): HarnessFault {
  return new HarnessFault('startup-failed', message, { step: 'manifest' });
}

/** A manifest by its folder or its own file (any name), anywhere on disk. */
export function loadAdapter(path: string): LoadedAdapter {
  const file = existsSync(path) && statSync(path).isFile() ? resolve(path) : resolve(path, 'adapter.json');
  const folder = dirname(file);
  if (!existsSync(file)) throw manifestFault(`${file}: no adapter manifest`);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw manifestFault(`${file}: not JSON (${(e as Error).message})`);
  }
  const violations = protocolViolations('adapter-manifest', manifest);
  if (violations.length > 0) throw manifestFault(`${file}: ${violations.join('; ')}`);
  const m = manifest as AdapterManifest;
  const bundled = isInside(folder, ADAPTERS_DIR);
  const stateDir = bundled ? resolve(folder, m.workdir ?? '.') : outsideStateDir(file, m.name);
  return { manifest: m, folder, workdir: resolve(folder, m.workdir ?? '.'), stateDir, bundled };
}

/** `--impl` takes a bundled name, or a path (anything with a slash, or ending in .json) to a folder or a manifest. */
export function isAdapterPath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || spec.endsWith('.json') || spec === '.' || spec === '..';
}

/** A bundled adapter by name, or any manifest by path (relative to the current directory). */
export function resolveAdapter(spec: string): LoadedAdapter {
  return isAdapterPath(spec) ? loadAdapter(resolve(spec)) : findAdapter(spec);
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** One cache folder per manifest file: `$XDG_CACHE_HOME/s3cse/adapters/<name>-<hash of its path>`. */
function outsideStateDir(manifestFile: string, name: string): string {
  const cache = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  const tag = createHash('sha256').update(manifestFile).digest('hex').slice(0, 12);
  return join(cache, 's3cse', 'adapters', `${basename(name)}-${tag}`);
}

/** Adapters are found by name among the folders of implementations/ (or another root, for tests). */
export function findAdapter(name: string, root: string = ADAPTERS_DIR): LoadedAdapter {
  const folder = join(root, name);
  if (!existsSync(join(folder, 'adapter.json'))) {
    throw manifestFault(`no adapter named ${name}; known: ${listAdapters(root).join(', ') || 'none'}`);
  }
  return loadAdapter(folder);
}

export function listAdapters(root: string = ADAPTERS_DIR): string[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'adapter.json')))
    .map((d) => d.name)
    .sort();
}
