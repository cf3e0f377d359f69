/**
 * The bench's one error type, with a stable code: a measurement that failed is recorded in the
 * report with its code and message (the run goes on); only `usage` stops the command.
 */
export type BenchErrorCode = 'usage' | 'adapter-unreachable' | 'call-failed' | 'wrong-bytes' | 'timeout' | 'no-process';

export class BenchError extends Error {
  readonly code: BenchErrorCode;
  constructor(code: BenchErrorCode, message: string) {
    super(message);
    this.name = 'BenchError';
    this.code = code;
  }
}

export function benchErrorCode(e: unknown): BenchErrorCode | 'exception' {
  return e instanceof BenchError ? e.code : 'exception';
}
