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

import type { ErrorCategory } from '../protocol/vocabulary.js';

/** The refusal categories are the protocol's (protocol/vocabulary.ts). */
export type { ErrorCategory };

/** Feature names an implementation may claim; cases needing an unclaimed feature are not applicable. */
export const FEATURES = [
  'write:v2',
  'write:v3',
  'read:v1',
  'read:v2',
  'read:v3',
  'wrap:aes-gcm',
  'wrap:rsa-oaep-sha1',
  'wrap:kms-context',
  'legacy-wrap:aeswrap',
  'legacy-wrap:rsa-oaep-sha256',
  'legacy-wrap:kms',
  'legacy-wrap:encryption-only',
  'legacy-content:cbc',
  'store:metadata',
  'store:instruction-file',
  /** Writes instruction files (several clients only read them). */
  'write:instruction-file',
  /** Accepts raw AES, RSA or KMS key material (several clients have KMS keyrings only). */
  'key:aes',
  'key:rsa',
  'key:kms',
  'metadata:rfc2047',
  'kms:encryption-context-check',
] as const;
export type Feature = (typeof FEATURES)[number];

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
  /** Enable legacy wraps and legacy unauthenticated content (CBC). */
  readonly legacy: boolean;
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
  encrypt(request: EncryptRequest): Promise<StoredObject>;
  decrypt(request: DecryptRequest): Promise<Uint8Array>;
}
