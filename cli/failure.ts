/**
 * How a failed command ends: one line `s3cse: CODE: message` on stderr and the exit status of its
 * kind (exit-codes.ts). Messages from the reference name its options (`commitmentPolicy`,
 * `legacyUnauthenticatedModes`); the user typed flags, so each command words them its own way.
 */
import { CommanderError } from 'commander';
import { isUsageError } from '../harness/targets/usage-error.js';
import { isVectorFileError } from '../harness/corpus-commands.js';
import { isReportFileError } from '../harness/report-commands.js';
import { isS3EncryptionError } from '@s3cse/reference';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { isErrnoError, reasonFor } from './io/file-errors.js';

export type Wording = readonly (readonly [RegExp, string])[];

/** encrypt / decrypt: the library's option names as the flags that set them. */
export const OFFLINE_WORDING: Wording = [
  [/\benable legacy(UnauthenticatedModes|WrappingAlgorithms) to\b/g, 'add --legacy to'],
  [/\bneeds legacy wrapping enabled\b/g, 'needs --legacy'],
  [/\bset format 'v2'/g, 'add --format v2'],
  [/\bwriting v2 needs commitmentPolicy '([A-Z_]+)'/g, 'writing v2 needs --commitment-policy $1'],
  [/\buse '([A-Z_]+)' to read it\b/g, 'use --commitment-policy $1 to read it'],
  [/\bcommitmentPolicy ([A-Z_]+)/g, '--commitment-policy $1'],
  [/\bdelayedAuthentication\b/g, '--delayed-auth'],
  [/(instruction file[^;]*(?:none was given|is required))$/, '$1; pass it with --instruction FILE (on S3 it is the object KEY.instruction)'],
];

/** get / put: the EMRFS settings that decide what the library's options would. */
export const EMRFS_WORDING: Wording = [
  [/\benable legacy(UnauthenticatedModes|WrappingAlgorithms) to\b/g, 'set fs.s3.cse.cryptoMode to EncryptionOnly (not StrictAuthenticatedEncryption) to'],
  [/\bneeds legacy wrapping enabled\b/g, 'needs fs.s3.cse.cryptoMode EncryptionOnly'],
];

export function reword(message: string, wording: Wording): string {
  return wording.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message);
}

/** Prints the line (unless commander already did) and returns the exit status. */
export function reportFailure(e: unknown, wording: Wording, stderr: NodeJS.WritableStream): number {
  if (e instanceof CommanderError) return commanderStatus(e);
  const line = (code: string, message: string): void => void stderr.write(`s3cse: ${code}: ${message}\n`);
  if (isS3EncryptionError(e)) {
    line(e.code, reword(e.message, wording));
    return exitCodeFor(e.code);
  }
  if (isVectorFileError(e)) {
    // A corpus that fails its own checks is a failed check, like a failed case.
    line('INVALID_VECTORS', e.message.replace(/\n\s*/g, '; '));
    return EXIT.CASES_FAILED;
  }
  if (isReportFileError(e)) {
    // A report that is cut off or not a report at all must fail the CI step that reads it.
    line('INVALID_REPORT', e.message);
    return EXIT.CASES_FAILED;
  }
  if (isUsageError(e)) {
    line('INVALID_ARGUMENT', e.message);
    return EXIT.USAGE;
  }
  // A file error that escaped the checks is still the user's file, not a bug of ours.
  if (isErrnoError(e) && typeof e.path === 'string') {
    line('INVALID_ARGUMENT', `${e.path}: ${reasonFor(e)}`);
    return EXIT.USAGE;
  }
  line('INTERNAL', (e as Error)?.message ?? String(e));
  return EXIT.INTERNAL;
}

/** Help and version end with 0; `s3cse` alone (help on stderr) and every parse error with 2. */
function commanderStatus(e: CommanderError): number {
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
  if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  return EXIT.USAGE;
}
