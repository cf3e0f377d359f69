/**
 * The cases as the runner holds them: the case files of vectors/corpus (schemas in
 * vectors/schemas) with bodies read and keys resolved to names or material. Nothing here is
 * computed by an implementation; suites/corpus.ts builds these from the files alone.
 */
import type { KeySpec, StoredObject } from './adapter.js';
import type { Expected } from './judge.js';
import type { PlaintextSeed, ScenarioStepData, Tampering } from '../vectors/corpus.js';
import type { CommitmentPolicy } from '../protocol/vocabulary.js';

/** `s3-encryption/<file>.md#<section>` at the commit pinned in requirements.json. */
export type RequirementId = string;

interface CaseBase {
  /** Stable, unique across all suites. */
  readonly id: string;
  /** States a fact about the object or behaviour, not a wish. */
  readonly description: string;
  readonly requirements: readonly RequirementId[];
  /** The requirement lines the case checks: duvet's ids, section and quoted text (spec-lines.ts). */
  readonly specLines: readonly { readonly section: RequirementId; readonly quote: string }[];
  /** All of these must be claimed by the implementation, or the case is not applicable. */
  readonly features: readonly string[];
  /** Why the case matters (the case file's notes explain each flag). */
  readonly flags: readonly string[];
  /** Where the case comes from, in one line (producer, source test, or tampering of a case). */
  readonly provenance: string;
}

/** The reader's legacy switches. */
export interface LegacySwitches {
  /** Legacy wrapping algorithms (kms, AESWrap, RSA-OAEP-SHA256, EncryptionOnly wraps). */
  readonly wraps: boolean;
  /** Legacy unauthenticated content (AES-CBC). */
  readonly content: boolean;
}

/** Decrypt a stored object (recorded from a client, from a public SDK test, or derived by tampering). */
export interface DecryptCase extends CaseBase {
  readonly kind: 'decrypt';
  readonly expect: Expected;
  readonly object: StoredObject;
  /** A key of vectors/keys/keys.json, or material carried by the case. */
  readonly key: KeyRef | KeySpec;
  readonly legacy: LegacySwitches;
  /** The reader's commitment policy; absent: the one that reads every format. */
  readonly commitmentPolicy?: CommitmentPolicy;
  readonly encryptionContext?: Readonly<Record<string, string>>;
  /** KMS answers the environment replays for this case (recorded data keys). */
  readonly kmsReplay: readonly KmsReplaySpec[];
}

/** Encrypt with the implementation, check the envelope against the format, optionally tamper, decrypt. */
export interface RoundTripCase extends CaseBase {
  readonly kind: 'roundtrip';
  readonly expect: Expected;
  readonly key: KeyRef;
  readonly format: 'v2' | 'v3';
  readonly storage: 'metadata' | 'instruction';
  readonly plaintext: PlaintextSeed;
  readonly tampering?: readonly Tampering[];
  readonly legacyOnRead: boolean;
}

/** Build a client from a configuration and drive it through S3 operations; every step states its outcome. */
export interface ScenarioCase extends CaseBase {
  readonly kind: 'scenario';
  readonly steps: readonly ScenarioStepData[];
}

export type SuiteCase = DecryptCase | RoundTripCase | ScenarioCase;

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

export interface Suite {
  readonly name: string;
  readonly description: string;
  readonly cases: readonly SuiteCase[];
}

/** What the harness provides around an implementation: keys and the KMS they live in. */
export interface Environment {
  resolveKey(ref: KeyRef): Promise<KeySpec>;
  /** Completes a KMS key spec with the target's endpoint. */
  completeKey(key: KeySpec): KeySpec;
  registerKmsReplay(replay: KmsReplaySpec): Promise<void>;
}
