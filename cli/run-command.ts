import { isS3EncryptionError } from '../reference/src/index.js';
import { DECRYPT_USAGE, ENCRYPT_USAGE, decryptCommand, encryptCommand } from './commands/offline.js';
import { GET_USAGE, PUT_USAGE, getCommand, putCommand } from './commands/emrfs.js';

export type Command = (args: string[]) => Promise<void>;

/** Commands of the reference implementation; the harness adds its own beside them. */
export const REFERENCE_COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  encrypt: { run: encryptCommand, usage: ENCRYPT_USAGE },
  decrypt: { run: decryptCommand, usage: DECRYPT_USAGE },
  get: { run: (args) => getCommand(args), usage: GET_USAGE },
  put: { run: (args) => putCommand(args), usage: PUT_USAGE },
};

/**
 * Runs one command and turns the outcome into an exit code. Failures print `s3cse: CODE: message`
 * on stderr so scripts can match the stable code.
 */
export async function runCommand(run: Command, args: string[]): Promise<number> {
  try {
    await run(args);
    // Commands that report failures without throwing (conformance, run) set process.exitCode.
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (isS3EncryptionError(e)) {
      process.stderr.write(`s3cse: ${e.code}: ${e.message}\n`);
      return 2;
    }
    const err = e as { code?: string; message?: string };
    // node:util parseArgs raises ERR_PARSE_ARGS_* for unknown or malformed flags.
    if (typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`s3cse: INVALID_ARGUMENT: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`s3cse: INTERNAL: ${err.message ?? String(e)}\n`);
    return 1;
  }
}
