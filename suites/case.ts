import type { ErrorCategory, Feature, KeySpec, StoredObject } from './adapter.js';

/** `s3-encryption/<file>.md#<section>` at the commit pinned in requirements.json. */
export type RequirementId = string;

export type Expectation = { readonly ok: true; readonly plaintext: Uint8Array } | { readonly ok: false; readonly category: ErrorCategory };

interface CaseBase {
  /** Stable, unique across all suites. */
  readonly id: string;
  /** States a fact about the object or behaviour, not a wish. */
  readonly description: string;
  readonly requirements: readonly RequirementId[];
  /** All of these must be claimed by the implementation, or the case is not applicable. */
  readonly features: readonly Feature[];
  /** Where the case comes from (a public SDK test, or a rule of the format). */
  readonly provenance: string;
}

/** Decrypt a stored object (recorded elsewhere or built from the format facts). */
export interface DecryptCase extends CaseBase {
  readonly kind: 'decrypt';
  readonly object: StoredObject;
  readonly key: KeySpec;
  readonly legacy: boolean;
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** KMS answers the environment must replay for this case (recorded against a mocked KMS). */
  readonly kmsReplay?: KmsReplaySpec;
  readonly expect: Expectation;
}

/** Encrypt with the implementation, check the envelope against the format, decrypt, compare. */
export interface RoundTripCase extends CaseBase {
  readonly kind: 'roundtrip';
  readonly key: KeyRef;
  readonly format: 'v2' | 'v3';
  readonly storage: 'metadata' | 'instruction';
  readonly size: number;
  /** Optional change to the stored object before it is read back, with the outcome it must cause. */
  readonly tamper?: Tamper;
  readonly legacyOnRead?: boolean;
  readonly expect: { readonly ok: true } | { readonly ok: false; readonly category: ErrorCategory };
}

export type SuiteCase = DecryptCase | RoundTripCase;

/** A key named in vectors/keys/keys.json; the environment resolves it (KMS keys live in the target). */
export interface KeyRef {
  readonly name: string;
}

export interface KmsReplaySpec {
  readonly keyId: string;
  readonly ciphertextBlob: Uint8Array;
  readonly plaintext: Uint8Array;
  readonly expectedEncryptionContext?: Readonly<Record<string, string>>;
}

/** Tampering with a stored object; pure functions so that the same tamper is applied to every implementation. */
export interface Tamper {
  readonly name: string;
  apply(object: StoredObject): StoredObject;
}

export interface Suite {
  readonly name: string;
  readonly description: string;
  readonly cases: readonly SuiteCase[];
}
