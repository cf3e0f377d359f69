/**
 * Where a run's results come from, for the report header and certificates: this harness's version
 * and git commit, a digest of the case corpus, the specification commit the cases cite, Node.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportHeader } from '../reports/jsonl.js';
import { CORPUS_ROOT } from '../vectors/corpus.js';

const REPO = fileURLToPath(new URL('../', import.meta.url));

export type Provenance = Pick<ReportHeader, 'harness' | 'corpus' | 'spec' | 'node'>;

let cached: Provenance | undefined;

export function provenance(): Provenance {
  cached ??= {
    harness: { version: (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version, ...gitState() },
    corpus: corpusDigest(CORPUS_ROOT),
    spec: specPin(),
    node: process.version,
  };
  return cached;
}

/** The commit this harness runs from; `unknown` outside a git checkout (an npm tarball, say). */
function gitState(): { commit: string; dirty?: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return { commit, ...(dirty ? { dirty } : {}) };
  } catch {
    return { commit: 'unknown' };
  }
}

/** sha256 over every case file's path and bytes, sorted: equal digests, equal cases. */
export function corpusDigest(root: string): { digest: string; files: number } {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) files.push(path);
    }
  };
  walk(root);
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return { digest: `sha256:${hash.digest('hex')}`, files: files.length };
}

function specPin(): { repository: string; commit: string } {
  const pin = JSON.parse(readFileSync(join(REPO, 'suites', 'requirements.json'), 'utf8')) as { source: { repo: string; commit: string } };
  return { repository: pin.source.repo, commit: pin.source.commit };
}
