/**
 * What the cross-decryption suite needs from an implementation: put and get through a real S3
 * target with the implementation's own S3 client. The harness wires adapters to it.
 */
import type { ErrorKind } from '../error-kind.js';
import type { Claim, Configuration, ImplementationFeature, KeyKind, WriteFormat } from './vocabulary.js';

export interface ObjectImplementationInfo {
  /** Adapter name (`java-v1`), as given on the command line. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly language: string;
  readonly write: readonly Claim[];
  readonly read: readonly Claim[];
  readonly features: readonly ImplementationFeature[];
}

export interface PutRequest extends Configuration {
  readonly bucket: string;
  readonly objectKey: string;
  readonly plaintext: Uint8Array;
}

export interface GetRequest {
  readonly bucket: string;
  readonly objectKey: string;
  readonly key: KeyKind;
  /** The format the object was written in, so the reader can be configured for it. */
  readonly format: WriteFormat;
  /** Turn on the legacy switches the format needs (v1-eo: both; v1-ae: legacy wrapping). */
  readonly legacy: boolean;
}

/**
 * How a failed call is reported. `refused`: the library said no (what negative cases expect).
 * `errored`: the implementation or its adapter broke (crash, hang, protocol violation).
 * `unsupported`: the implementation skipped the call (PROTOCOL.md `Unsupported`); never a verdict.
 */
export interface ObjectCallFailure {
  readonly kind: 'refused' | 'errored' | 'unsupported';
  readonly category: string;
  readonly message: string;
  /** For `errored`: what broke (a crash, a timeout, which protocol violation). */
  readonly errorKind?: ErrorKind;
}

export function isObjectCallFailure(e: unknown): e is ObjectCallFailure {
  const k = (e as { kind?: unknown } | null)?.kind;
  return k === 'refused' || k === 'errored' || k === 'unsupported';
}

export interface ObjectImplementation {
  readonly info: ObjectImplementationInfo;
  put(request: PutRequest): Promise<void>;
  get(request: GetRequest): Promise<Uint8Array>;
}
