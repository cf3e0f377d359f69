/**
 * The adapter protocol's messages as TypeScript types (harness/PROTOCOL.md; the JSON Schemas in
 * schemas/ are the normative form and are checked with ajv under --validate-protocol), and the
 * pure helpers both sides need to build and read them.
 */

import type { Claim, CommitmentPolicy, EncryptionAlgorithm, ImplementationFeature, Storage, WriteFormat } from './vocabulary.js';
import type { ProtocolVersion } from './version.js';

export interface KeyMaterial {
  readonly aesKey?: string;
  readonly rsaKey?: string;
  readonly kmsKeyId?: string;
  readonly materialsDescription?: Readonly<Record<string, string>>;
}

export interface S3ECConfig {
  readonly enableLegacyUnauthenticatedModes?: boolean;
  readonly enableDelayedAuthenticationMode?: boolean;
  readonly enableLegacyWrappingAlgorithms?: boolean;
  readonly setBufferSize?: number;
  readonly keyMaterial: KeyMaterial;
  readonly commitmentPolicy?: CommitmentPolicy;
  readonly encryptionAlgorithm?: EncryptionAlgorithm;
  readonly instructionFileConfig?: { readonly enableInstructionFilePutObject?: boolean; readonly disableInstructionFile?: boolean };
  readonly s3cse?: { readonly writeFormat?: WriteFormat };
}

export interface CreateClientRequest {
  readonly config: S3ECConfig;
}

export interface Capabilities {
  readonly protocol: ProtocolVersion;
  readonly implementation: { readonly name: string; readonly version: string; readonly language: string; readonly library?: string };
  readonly write: readonly Claim[];
  readonly read: readonly Claim[];
  readonly features: readonly ImplementationFeature[];
}

/**
 * The standard S3ECConfig members that ask for `format`, so that a server which ignores the
 * `s3cse` extension still writes the same thing when it can (PROTOCOL.md, POST /client).
 */
export function writerConfig(format: WriteFormat, keyMaterial: KeyMaterial, storage: Storage): S3ECConfig {
  const legacy = format === 'v1-eo' || format === 'v1-ae';
  return {
    keyMaterial,
    encryptionAlgorithm: format === 'v3' ? 'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY' : format === 'v1-eo' ? 'ALG_AES_256_CBC_IV16_NO_KDF' : 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF',
    commitmentPolicy: format === 'v3' ? 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' : 'FORBID_ENCRYPT_ALLOW_DECRYPT',
    enableLegacyUnauthenticatedModes: legacy,
    enableLegacyWrappingAlgorithms: legacy,
    instructionFileConfig: { enableInstructionFilePutObject: storage === 'instruction' },
    s3cse: { writeFormat: format },
  };
}

/** A client that reads objects of `format`, with the legacy switches the format needs when `legacy`. */
export function readerConfig(format: WriteFormat, keyMaterial: KeyMaterial, legacy: boolean): S3ECConfig {
  return {
    keyMaterial,
    encryptionAlgorithm: 'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY',
    commitmentPolicy: format === 'v3' ? 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' : 'REQUIRE_ENCRYPT_ALLOW_DECRYPT',
    enableLegacyUnauthenticatedModes: legacy && format === 'v1-eo',
    enableLegacyWrappingAlgorithms: legacy && (format === 'v1-eo' || format === 'v1-ae'),
  };
}

/** `Content-Metadata` header value: `[name]:[value]` entries joined by commas (the Java server's form). */
export function encodeContentMetadata(entries: Readonly<Record<string, string>>): string {
  return Object.entries(entries)
    .map(([k, v]) => {
      if (/[,[\]]/.test(k + v)) throw new Error(`Content-Metadata cannot carry ',', '[' or ']' (entry ${k})`);
      return `[${k}]:[${v}]`;
    })
    .join(',');
}

export function decodeContentMetadata(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const entry of header.split(',')) {
    const m = /^\s*\[(.*)\]:\[(.*)\]\s*$/s.exec(entry);
    if (!m) throw new Error(`malformed Content-Metadata entry: ${entry.slice(0, 80)}`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}
