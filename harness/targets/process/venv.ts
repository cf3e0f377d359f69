/**
 * Python virtual environments for the emulator targets, one per tool and pinned version, under
 * `${XDG_CACHE_HOME:-~/.cache}/s3cse/venvs/<name>-<version>`.
 *
 * A venv is built in a sibling temporary directory and renamed into place only after pip
 * succeeded and the stamp was written, so an interrupted install never looks finished and two
 * harness runs racing to create it cannot corrupt each other (the loser discards its copy).
 * Renaming is safe because we always run `<venv>/bin/python -m ...`: a venv's prefix is found from
 * the interpreter's location, only the console-script shebangs would hold the old path.
 * pip's own cache (~/.cache/pip) is left on, so a second venv of the same packages is quick.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runToCompletion } from './run.js';

export interface VenvSpec {
  /** Directory prefix and log label, e.g. `moto`. */
  readonly name: string;
  readonly version: string;
  /** pip requirement strings, e.g. `moto[server]==5.2.5`. */
  readonly requirements: readonly string[];
}

const STAMP = 's3cse-venv.json';
/** pip resolves and downloads dozens of wheels on a cold cache; LocalStack takes a few minutes. */
const INSTALL_TIMEOUT_MS = 20 * 60_000;

export function cacheRoot(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg?.startsWith('/') ? xdg : join(homedir(), '.cache'), 's3cse');
}

export function venvDir(spec: VenvSpec): string {
  return join(cacheRoot(), 'venvs', `${spec.name}-${spec.version}`);
}

export function venvPython(dir: string): string {
  return join(dir, 'bin', 'python');
}

/** The interpreter venvs are made from; S3CSE_PYTHON overrides `python3` on PATH. */
function basePython(): string {
  return process.env['S3CSE_PYTHON'] ?? 'python3';
}

/** True when the venv exists and its stamp names exactly these requirements. */
export function venvReady(spec: VenvSpec): boolean {
  const stamp = join(venvDir(spec), STAMP);
  if (!existsSync(stamp)) return false;
  try {
    const recorded = JSON.parse(readFileSync(stamp, 'utf8')) as { requirements?: unknown };
    return JSON.stringify(recorded.requirements) === JSON.stringify(spec.requirements);
  } catch {
    return false;
  }
}

/** Returns the venv directory, creating and installing it on first use. Throws with pip's last lines. */
export async function ensureVenv(spec: VenvSpec, log: (line: string) => void): Promise<string> {
  const dir = venvDir(spec);
  if (venvReady(spec)) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  await mkdir(join(cacheRoot(), 'venvs'), { recursive: true });
  log(`${spec.name}: creating venv ${dir.replace(homedir(), '~')} (first run only)`);
  const started = Date.now();
  try {
    await runToCompletion(basePython(), ['-m', 'venv', building], { timeoutMs: 120_000 });
    log(`${spec.name}: pip install ${spec.requirements.join(' ')}`);
    await runToCompletion(venvPython(building), ['-m', 'pip', 'install', '--disable-pip-version-check', ...spec.requirements], {
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
    writeFileSync(join(building, STAMP), JSON.stringify({ requirements: spec.requirements, installedAt: new Date().toISOString() }));
    if (venvReady(spec)) {
      rmSync(building, { recursive: true, force: true }); // another run finished first
    } else {
      rmSync(dir, { recursive: true, force: true }); // a stale or half-made venv from an older layout
      renameSync(building, dir);
    }
  } catch (e) {
    rmSync(building, { recursive: true, force: true });
    throw e;
  }
  log(`${spec.name}: venv ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
