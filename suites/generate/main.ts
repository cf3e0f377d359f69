/**
 * `npm run generate`: every generated case file of vectors/corpus, written from data and rules
 * alone (this folder imports nothing from reference/, so no expected outcome comes from the code
 * under test). `--check` writes nothing and exits 1 naming each committed file that differs, and each body
 * file no generator writes any more.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_ROOT } from '../../vectors/corpus.js';
import { knownAnswerFile } from './known-answers.js';
import { negativeFiles } from './negative.js';
import { policyMatrixFile } from './policy-matrix.js';
import { roundTripFile } from './roundtrip.js';
import { scenarioFile } from './scenarios.js';
import { orphans, removeOrphans, staleGenerated, writeGenerated, type GeneratedFile } from './output.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Folders whose every file a generator writes: a file there that no generator writes is stale. */
export const OWNED_FOLDERS: readonly string[] = [join(CORPUS_ROOT, 'negative', 'bodies')];

export function generatedFiles(): GeneratedFile[] {
  return [knownAnswerFile(), ...negativeFiles(), policyMatrixFile(), roundTripFile(), scenarioFile()];
}

function main(argv: readonly string[]): number {
  const files = generatedFiles();
  if (argv.includes('--check')) {
    const stale = staleGenerated(files, ROOT);
    const extra = orphans(files, OWNED_FOLDERS, ROOT);
    for (const path of stale) process.stderr.write(`generate --check: ${path} differs from what the generators write; run npm run generate and commit\n`);
    for (const path of extra) process.stderr.write(`generate --check: ${path} is written by no generator; run npm run generate and commit\n`);
    process.stdout.write(`generate --check: ${files.length - stale.length} of ${files.length} generated files up to date, ${extra.length} stale\n`);
    return stale.length + extra.length === 0 ? 0 : 1;
  }
  const written = writeGenerated(files);
  const removed = removeOrphans(files, OWNED_FOLDERS);
  process.stdout.write(`generate: ${files.length} files, ${written.length} written, ${removed.length} stale removed\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main(process.argv.slice(2));
