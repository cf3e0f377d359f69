/**
 * The contract every implementation under test meets. Types only: the harness wires the
 * reference in process and every out-of-process client (Java, Go, Python, through its adapter)
 * to it.
 *
 * @example
 * const impl: Implementation = {
 *   info: { name: 'my-s3ec', version: '1.0.0', language: 'typescript', features: ['write:v2', 'wrap:aes-gcm', 'store:metadata'] },
 *   async encrypt(req) { ... return { body, metadata } },
 *   async decrypt(req) { ... return plaintext },
 * };
 */

import type { CaseFeature as Feature, CommitmentPolicy, ErrorCategory } from '../protocol/vocabulary.js';
import type { ScenarioConfigData } from '../vectors/corpus.js';

/** The refusal categories are the protocol's (protocol/vocabulary.ts). */
export type { ErrorCategory };

/** The features a case may need (the one vocabulary: protocol/vocabulary.ts). */
export { CASE_FEATURES as FEATURES, type CaseFeature as Feature } from '../protocol/vocabulary.js';

export interface ImplementationInfo {
  readonly name: string;
  readonly version: string;
  readonly language: string;
  readonly features: readonly Feature[];
}

/** Key material as the suites describe it; the harness turns it into whatever the implementation needs. */
export type KeySpec =
  | { readonly type: 'aes'; readonly keyHex: string; readonly description?: Readonly<Record<string, string>> }
  | { readonly type: 'rsa'; readonly privatePem: string; readonly publicPem: string; readonly description?: Readonly<Record<string, string>> }
  /** A KMS key held by the target's KMS (embedded, moto, LocalStack, AWS); `keyId` as the target knows it. */
  | { readonly type: 'kms'; readonly keyId: string; readonly kmsEndpoint?: string; readonly encryptionContext?: Readonly<Record<string, string>> };

export interface EncryptRequest {
  readonly plaintext: Uint8Array;
  readonly key: KeySpec;
  readonly format: 'v2' | 'v3';
  readonly storage: 'metadata' | 'instruction';
}

/** An object as stored in S3: body, user metadata (keys without `x-amz-meta-`), instruction file. */
export interface StoredObject {
  readonly body: Uint8Array;
  readonly metadata: Readonly<Record<string, string>>;
  readonly instructionFile?: string;
}

export interface DecryptRequest {
  readonly object: StoredObject;
  readonly key: KeySpec;
  /** The legacy switches: legacy wrapping algorithms, legacy unauthenticated content (CBC). */
  readonly legacy: { readonly wraps: boolean; readonly content: boolean };
  /** The reader's commitment policy; absent: REQUIRE_ENCRYPT_ALLOW_DECRYPT, which reads every format. */
  readonly commitmentPolicy?: CommitmentPolicy;
  /** Caller encryption context for kms+context objects. */
  readonly encryptionContext?: Readonly<Record<string, string>>;
}

/**
 * What an implementation throws when it refuses: `category` is compared across implementations,
 * `code` is informative (implementation-specific names are fine).
 */
export interface ImplementationError {
  readonly category: ErrorCategory;
  readonly code: string;
  readonly message: string;
}

export interface Implementation {
  readonly info: ImplementationInfo;
  /** Scenario cases need a client against real S3 (suites/scenario-host.ts); in-process wirings have none. */
  readonly scenarios?: ScenarioHost;
  encrypt(request: EncryptRequest): Promise<StoredObject>;
  decrypt(request: DecryptRequest): Promise<Uint8Array>;
}

/*
 * Scenario cases need a client against real S3 and a look at what landed there: the harness provides
 * a ScenarioHost over the adapter protocol (harness/supervisor/scenario-host.ts).
 */

/** A scenario's client configuration with its key resolved. */
export type ScenarioClientConfig = Omit<ScenarioConfigData, 'key' | 'materialsDescription'> & { readonly key: KeySpec };

export interface ScenarioGet {
  readonly range?: string;
  readonly instructionFileSuffix?: string;
  readonly encryptionContext?: Readonly<Record<string, string>>;
}

export interface ScenarioPut {
  readonly encryptionContext?: Readonly<Record<string, string>>;
  readonly multipart?: { readonly partSize: number; readonly abort?: boolean };
}

/** One KMS request the target saw (no key bytes, no plaintext). */
export interface KmsCall {
  readonly operation: string;
  readonly keyId?: string;
  readonly userAgent: string;
}

/** What S3 holds under an object's name: the object (if any) and the instruction files asked for. */
export interface StoredState {
  readonly object?: StoredObject;
  readonly instructionFiles: Readonly<Record<string, string | undefined>>;
}

/**
 * One case's view. Client and object names are the case's own; the host maps them to unique
 * keys. Refusals are thrown with a `category`, as by every implementation call.
 */
export interface ScenarioSession {
  createClient(name: string, config: ScenarioClientConfig): Promise<void>;
  put(client: string, object: string, plaintext: Uint8Array, options: ScenarioPut): Promise<void>;
  get(client: string, object: string, options: ScenarioGet): Promise<Uint8Array>;
  delete(client: string, objects: readonly string[], batch: boolean): Promise<void>;
  reencrypt(client: string, object: string, newKey: KeySpec, options: { instructionFileSuffix?: string; enforceRotation?: boolean }): Promise<void>;
  stored(object: string, instructionFileSuffixes: readonly string[]): Promise<StoredState>;
  replaceStored(object: string, stored: StoredObject): Promise<void>;
  /** KMS requests since the case began; undefined when the target does not log them. */
  kmsCalls(): readonly KmsCall[] | undefined;
  /** Arms a fault (NAME*TIMES) for the next step; false when the target cannot inject faults. */
  armFault(spec: string): boolean;
  /** Ends the next step's fault, whether or not it fired. */
  clearFault(): void;
}

export interface ScenarioHost {
  begin(caseId: string): Promise<ScenarioSession>;
}
