/**
 * Exit statuses, one per kind of outcome, so a script can tell bad flags from a tampered object
 * without reading stderr (in the spirit of the AWS CLI's 0 / 1 / 2 / 253 / 254 / 255). The
 * reference's error categories decide, except INVALID_ARGUMENT, which is the caller's mistake.
 * The README's "Exit codes" table is checked against this one by cli/test/exit-codes.test.ts.
 */
import { ERROR_CODES, type ErrorCategory, type ErrorCode } from '@s3cse/reference';

export const EXIT = {
  /** Done. */
  OK: 0,
  /** `conformance` / `run`: a case failed or errored. */
  CASES_FAILED: 1,
  /** Bad flags, arguments or local files; nothing was done. */
  USAGE: 2,
  /** The object failed authentication: tampered, or the wrong key. */
  SECURITY: 3,
  /** Refused by configuration or policy: a legacy format without --legacy, a commitment policy, a key that cannot serve it. */
  REFUSED: 4,
  /** The object is not one this tool can read: not encrypted, malformed metadata, a missing instruction file, an unknown algorithm. */
  OBJECT: 5,
  /** S3 or KMS failed, or could not be reached. */
  SERVICE: 6,
  /** A bug in s3cse: please report it. */
  INTERNAL: 70,
} as const;

const BY_CATEGORY: Readonly<Record<ErrorCategory, number>> = {
  security: EXIT.SECURITY,
  config: EXIT.REFUSED,
  format: EXIT.OBJECT,
  unsupported: EXIT.OBJECT,
  service: EXIT.SERVICE,
};

export function exitCodeFor(code: ErrorCode): number {
  return code === 'INVALID_ARGUMENT' ? EXIT.USAGE : BY_CATEGORY[ERROR_CODES[code]];
}

/** Which error codes end with each status (for the README table and its test). */
export function errorCodesByExit(): Map<number, ErrorCode[]> {
  const byExit = new Map<number, ErrorCode[]>();
  for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
    const exit = exitCodeFor(code);
    byExit.set(exit, [...(byExit.get(exit) ?? []), code]);
  }
  return byExit;
}
