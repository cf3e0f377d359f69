/**
 * Builds an adapter once and caches the result: the build is skipped while a hash of its inputs
 * and command equals the stamp the last successful build wrote and every output exists. Stamp and
 * log live in the adapter's stateDir (manifest.ts).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HarnessFault } from '../fault.js';
import type { LoadedAdapter } from './manifest.js';

const STAMP = '.s3cse-build.stamp';

export type BuildOutcome = 'not-needed' | 'cached' | 'built';

export async function ensureBuilt(adapter: LoadedAdapter, log: (line: string) => void = () => {}): Promise<BuildOutcome> {
  const build = adapter.manifest.build;
  if (!build) return 'not-needed';
  const { workdir } = adapter;
  // Beside the bundled adapters' sources, in a cache folder for outside manifests (manifest.ts).
  mkdirSync(adapter.stateDir, { recursive: true });
  const stampFile = join(adapter.stateDir, `${STAMP}.${adapter.manifest.name}`);
  const logFile = join(adapter.stateDir, `.s3cse-build.${adapter.manifest.name}.log`);
  const hash = inputsHash(workdir, build.inputs, build.command);
  const outputsExist = build.outputs.every((o) => existsSync(join(workdir, o)));
  if (outputsExist && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === hash) return 'cached';

  log(`${adapter.manifest.name}: building (${build.command.join(' ')}); log in ${logFile}`);
  const started = Date.now();
  const [cmd, ...args] = build.command as [string, ...string[]];
  const logStream = createWriteStream(logFile);
  // Opened before the build starts and closed before this returns: a caller that removes the
  // folder right after a failed build must not leave a stream opening into nothing.
  await once(logStream, 'open');
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(cmd, args, { cwd: workdir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_V8_COVERAGE: '' } });
    child.stdout.pipe(logStream, { end: false });
    child.stderr.pipe(logStream, { end: false });
    child.on('error', (e) => resolve(e.message));
    child.on('close', (c, signal) => resolve(c ?? `signal ${signal ?? '?'}`));
  });
  await new Promise<void>((resolve) => logStream.end(resolve));
  if (code !== 0) throw new HarnessFault('startup-failed', `${adapter.manifest.name}: build failed (${code}); see ${logFile}`, { step: 'build' });
  const missing = build.outputs.filter((o) => !existsSync(join(workdir, o)));
  if (missing.length > 0) throw new HarnessFault('startup-failed', `${adapter.manifest.name}: build succeeded but did not produce ${missing.join(', ')}`, { step: 'build' });
  writeFileSync(stampFile, `${hash}\n`);
  log(`${adapter.manifest.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'built';
}

/** Hash of every file under the inputs (sorted relative paths and contents) plus the command. */
function inputsHash(workdir: string, inputs: readonly string[], command: readonly string[]): string {
  const hash = createHash('sha256').update(JSON.stringify(command));
  const files: string[] = [];
  for (const input of inputs) collectFiles(join(workdir, input), files);
  for (const file of files.sort()) {
    hash.update(relative(workdir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function collectFiles(path: string, into: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path)) collectFiles(join(path, entry), into);
  } else {
    into.push(path);
  }
}
