/**
 * How a failed adapter call leaves the session: a refusal (what negative cases expect) or an
 * errored call with its ErrorKind, so reports tell a crash from a hang from a protocol violation.
 */
import type { ObjectCallFailure } from '../../suites/cross/object-implementation.js';
import type { ErrorKind } from '../../suites/error-kind.js';
import { AdapterCallError } from '../protocol/client.js';
import { AdapterStartError } from './process.js';

export class CallFailure extends Error implements ObjectCallFailure {
  readonly kind: 'refused' | 'errored';
  /** The refusal category, or for an errored call its error kind. */
  readonly category: string;
  /** The library's own error name, when the adapter reports one. */
  readonly code: string;
  readonly errorKind?: ErrorKind;
  private constructor(kind: 'refused' | 'errored', category: string, message: string, code: string, errorKind?: ErrorKind) {
    super(message);
    this.kind = kind;
    this.category = category;
    this.code = code;
    if (errorKind) this.errorKind = errorKind;
  }

  static refused(e: AdapterCallError): CallFailure {
    return new CallFailure('refused', e.category, e.message, e.code);
  }

  static errored(errorKind: ErrorKind, message: string): CallFailure {
    return new CallFailure('errored', errorKind, message, '', errorKind);
  }
}

/** How a failure that is not a refusal is reported, from the protocol client's classification. */
export function errorKindOf(e: unknown): ErrorKind {
  if (e instanceof AdapterStartError) return 'did-not-start';
  if (!(e instanceof AdapterCallError)) return 'harness';
  switch (e.kind) {
    case 'violation':
      return `protocol-violation:${e.violation ?? 'schema'}`;
    case 'timeout':
      return e.duringBody ? 'timeout:slow-body' : 'timeout';
    case 'unreachable':
    case 'adapter-error':
      return e.kind;
    case 'refused':
      // Never reported as an error (it is the expected outcome of negative cases); not reached.
      return 'harness';
  }
}
