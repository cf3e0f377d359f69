/**
 * `s3cse ARGS…` → exit status. `bin/s3cse.js` calls `main(process.argv.slice(2))`; tests call it
 * with their own streams.
 */
import { EMRFS_WORDING, OFFLINE_WORDING, reportFailure, type Wording } from './failure.js';
import { processIo, type CliIo } from './io/cli-io.js';
import { buildProgram } from './program.js';

const WORDING: Readonly<Record<string, Wording>> = { encrypt: OFFLINE_WORDING, decrypt: OFFLINE_WORDING, get: EMRFS_WORDING, put: EMRFS_WORDING };

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let status = 0;
  let command = '';
  const program = buildProgram(io, (s) => (status = s));
  program.hook('preAction', (_program, action) => void (command = action.name()));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (e) {
    return reportFailure(e, WORDING[command] ?? [], io.stderr);
  }
}
