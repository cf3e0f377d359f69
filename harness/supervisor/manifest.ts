/**
 * Adapter manifests (`implementations/<name>/adapter.json`, see implementations/README.md), loaded and checked
 * against protocol/schemas/adapter-manifest.schema.json.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
}

/** The implementations under test live apart from the code that supervises them. */
export const ADAPTERS_DIR = fileURLToPath(new URL('../../implementations/', import.meta.url));

/** A missing or malformed manifest: the implementation cannot even be started. */
function manifestFault(message: string): HarnessFault {
  return new HarnessFault('startup-failed', message, { step: 'manifest' });
}

export function loadAdapter(folder: string): LoadedAdapter {
  const file = join(folder, 'adapter.json');
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
  return { manifest: m, folder, workdir: resolve(folder, m.workdir ?? '.') };
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
