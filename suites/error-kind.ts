/**
 * Why a case errored, in words a report reader can sort by. `errored` alone says only that no
 * verdict was reached; these say whose fault it was and what happened, so a crash, a hang and an
 * adapter that broke the protocol are never counted as the same thing.
 */
export const ERROR_KINDS = [
  /** The implementation's process died during the call. */
  'crash',
  /** No status line and headers within the call timeout: a hang. */
  'timeout',
  /** The headers came but the body did not finish within the call timeout: a slow drip. */
  'timeout:slow-body',
  /** The connection was refused or reset while the process kept running. */
  'unreachable',
  /** The adapter reported a bug of its own (GenericServerError). */
  'adapter-error',
  /** The answer was larger than the run's response cap; the rest was never read. */
  'protocol-violation:response-too-large',
  /** JSON was due and the body stopped part way through a JSON document. */
  'protocol-violation:truncated-json',
  /** JSON was due and the body is not JSON at all. */
  'protocol-violation:not-json',
  /** A JSON message broke its schema (protocol/schemas, under --validate-protocol). */
  'protocol-violation:schema',
  /** The object a case reads could not be written: its writer refused a configuration it claims. */
  'write-refused',
  /** The implementation never came up (build, start or handshake failed). */
  'did-not-start',
  /** The implementation speaks another version of the adapter protocol (protocol/version.ts). */
  'version-mismatch',
  /** The implementation was given up on after earlier failures; its remaining cases fail fast. */
  'unavailable',
  /** An in-process implementation threw something that is not a classified refusal. */
  'exception',
  /**
   * The implementation skipped the call as unsupported (PROTOCOL.md `Unsupported`). Suites that
   * carry only an error kind (suites/run.ts) hand it to the judge this way; it is never an
   * errored case: the judge makes it not applicable.
   */
  'unsupported',
  /** The harness itself failed (environment, tamper), not the implementation. */
  'harness',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}
