/**
 * `--out DIR` of `conformance` and `run`: checked before the first case runs, so results are never
 * computed only to be lost on a folder that cannot be made.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileFailure, reasonFor } from './file-errors.js';

export function checkOutputFolder(flag: string, path: string): void {
  if (path === '-') fileFailure(flag, path, 'names a folder for the report files; standard output already gets the summary');
  // The nearest existing ancestor decides: it must be a folder we can write in (mkdir -p does the rest).
  let at = resolve(path);
  for (;;) {
    let stat: Stats;
    try {
      stat = statSync(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') fileFailure(flag, path, reasonFor(e));
      at = dirname(at);
      continue;
    }
    if (!stat.isDirectory()) fileFailure(flag, path, at === resolve(path) ? 'is a file, not a folder' : `${at} is a file, not a folder`);
    try {
      accessSync(at, constants.W_OK);
    } catch {
      fileFailure(flag, path, `cannot write in ${at} (permission denied)`);
    }
    return;
  }
}
