/**
 * The harness's one fault taxonomy: what went wrong between the harness and an implementation, as
 * opposed to what the implementation answered. An implementation that refuses, or reports a bug
 * of its own, has answered: that is an outcome, kept as data (supervisor/call-failure.ts). A
 * HarnessFault means no usable answer came at all, and its `kind` says why.
 */
import type { ErrorKind } from '../suites/error-kind.js';

export const FAULT_KINDS = [
  /** Nothing listened, or the connection was reset: the adapter is gone or never was there. */
  'cannot-connect',
  /** The adapter never came up: no manifest, a failed build, a process that exited or was not ready in time. */
  'startup-failed',
  /** An answer the protocol does not allow (`violation` says which rule). */
  'protocol-violation',
  /** No answer, or no complete body, within the call timeout. */
  'timeout',
  /** The adapter speaks another version of the protocol than protocol/version.ts. */
  'version-mismatch',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How a `protocol-violation` broke the protocol; each is reported apart (PROTOCOL.md, "Errors"). */
export type ViolationKind = 'response-too-large' | 'truncated-json' | 'not-json' | 'schema';

/** Which step of bringing an adapter up failed, for `startup-failed`. */
export type StartupStep = 'manifest' | 'build' | 'process' | 'handshake';

export interface FaultDetails {
  readonly violation?: ViolationKind;
  /** A timeout or reset after the status and headers had come: the body stopped part way. */
  readonly duringBody?: boolean;
  readonly step?: StartupStep;
}

export class HarnessFault extends Error {
  readonly kind: FaultKind;
  readonly violation: ViolationKind | undefined;
  readonly duringBody: boolean;
  readonly step: StartupStep | undefined;
  constructor(kind: FaultKind, message: string, details: FaultDetails = {}) {
    super(message);
    this.name = 'HarnessFault';
    this.kind = kind;
    this.violation = kind === 'protocol-violation' ? (details.violation ?? 'schema') : undefined;
    this.duringBody = details.duringBody ?? false;
    this.step = details.step;
  }

  /** The result's `errorKind` for a case this fault left without a verdict (suites/error-kind.ts). */
  get errorKind(): ErrorKind {
    switch (this.kind) {
      case 'cannot-connect':
        return 'unreachable';
      case 'startup-failed':
        return 'did-not-start';
      case 'protocol-violation':
        return `protocol-violation:${this.violation ?? 'schema'}`;
      case 'timeout':
        return this.duringBody ? 'timeout:slow-body' : 'timeout';
      case 'version-mismatch':
        return 'version-mismatch';
    }
  }
}

export function isHarnessFault(e: unknown, kind?: FaultKind): e is HarnessFault {
  return e instanceof HarnessFault && (kind === undefined || e.kind === kind);
}
