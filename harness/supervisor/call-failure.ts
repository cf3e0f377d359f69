/**
 * What an implementation answered when it did not do the work, kept as data the suites judge
 * (suites/cross/object-implementation.ts, ObjectCallFailure): a refusal with its category, or an
 * errored call with its ErrorKind. Harness faults (../fault.ts) become errored calls here too, so
 * reports tell a refusal from a crash from a hang from a protocol violation.
 */
import type { RefusalCategory } from '../../protocol/vocabulary.js';
import type { ObjectCallFailure } from '../../suites/cross/object-implementation.js';
import type { ErrorKind } from '../../suites/error-kind.js';
import { HarnessFault } from '../fault.js';

export class CallFailure extends Error implements ObjectCallFailure {
  readonly kind: 'refused' | 'errored' | 'unsupported';
  /** The refusal category, or for an errored call its error kind; empty for a skipped call. */
  readonly category: string;
  /** The library's own error name, when the adapter reports one. */
  readonly code: string;
  readonly errorKind?: ErrorKind;
  private constructor(kind: CallFailure['kind'], category: string, message: string, code: string, errorKind?: ErrorKind) {
    super(message);
    this.name = 'CallFailure';
    this.kind = kind;
    this.category = category;
    this.code = code;
    if (errorKind) this.errorKind = errorKind;
  }

  /** The library said no (S3EncryptionClientError), as negative cases expect. */
  static refused(category: RefusalCategory, code: string, message: string): CallFailure {
    return new CallFailure('refused', category, message, code);
  }

  static errored(errorKind: ErrorKind, message: string): CallFailure {
    return new CallFailure('errored', errorKind, message, '', errorKind);
  }

  /**
   * The implementation skipped the call (`Unsupported`). No category, so nothing mistakes it for
   * a refusal of category `unsupported`; suites that read only the error kind see `unsupported`.
   */
  static unsupported(message: string): CallFailure {
    return new CallFailure('unsupported', '', message, '', 'unsupported');
  }
}

/** How a failure that is not a refusal is reported. */
export function errorKindOf(e: unknown): ErrorKind {
  if (e instanceof HarnessFault) return e.errorKind;
  if (e instanceof CallFailure && e.errorKind) return e.errorKind;
  // Anything else was thrown by the harness's own code, not by the implementation.
  return 'harness';
}
