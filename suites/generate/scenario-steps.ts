/**
 * Builders for the steps of scenario cases (vectors/schemas/scenario-cases.schema.json), so the
 * catalogue reads as the scenarios it states. Plaintexts come from seeds; expected digests are
 * computed here from the seed, never by an implementation.
 */
import type { SpecLine } from '../spec-lines.js';
import { plaintextFromSeed, sha256Hex, type KeyInput, type PlaintextSeed, type ScenarioConfigData, type ScenarioStepData, type StoredExpectData } from '../../vectors/corpus.js';

/** The strictest client: commitment required both ways, the committing algorithm. */
export const V3 = { commitmentPolicy: 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT', encryptionAlgorithm: 'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY' } as const;

/** One scenario of the catalogue: its steps and the requirement lines they check. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly lines: readonly SpecLine[];
  readonly features: readonly string[];
  readonly flags: readonly string[];
  readonly steps: readonly ScenarioStepData[];
}

export type Config = Omit<ScenarioConfigData, 'key'> & { readonly key: string };
type Refusal = { readonly error: { readonly category: string; readonly stage: string } };

export const refused = (category: string, stage: string): Refusal => ({ error: { category, stage } });

export function seed(seedText: string, length: number): PlaintextSeed {
  return { seed: seedText, length, sha256: sha256Hex(plaintextFromSeed(seedText, length)) };
}

const keyOf = (name: string): KeyInput => (name.startsWith('kms-id:') ? { kmsKeyId: name.slice('kms-id:'.length) } : { name });

export function client(name: string, config: Config, expect: { created: true } | Refusal = { created: true }): ScenarioStepData {
  const { key, ...rest } = config;
  return { op: 'create-client', client: name, config: { key: keyOf(key), ...rest }, expect };
}

export function put(
  clientName: string,
  object: string,
  plaintext: PlaintextSeed,
  more: Partial<Pick<Extract<ScenarioStepData, { op: 'put' }>, 'encryptionContext' | 'multipart' | 'expect'>> = {},
): ScenarioStepData {
  return { op: 'put', client: clientName, object, plaintext, ...more, expect: more.expect ?? { stored: true } };
}

/** A GET that must return the whole plaintext, or the bytes of `range` (inclusive, as HTTP). */
export function getBack(
  clientName: string,
  object: string,
  plaintext: PlaintextSeed,
  more: { range?: [number, number]; instructionFileSuffix?: string; encryptionContext?: Record<string, string> } = {},
): ScenarioStepData {
  const bytes = plaintextFromSeed(plaintext.seed, plaintext.length);
  const slice = more.range ? bytes.subarray(more.range[0], Math.min(more.range[1] + 1, bytes.length)) : bytes;
  return {
    op: 'get',
    client: clientName,
    object,
    ...(more.range ? { range: `bytes=${more.range[0]}-${more.range[1]}` } : {}),
    ...(more.instructionFileSuffix ? { instructionFileSuffix: more.instructionFileSuffix } : {}),
    ...(more.encryptionContext ? { encryptionContext: more.encryptionContext } : {}),
    expect: { plaintext: { sha256: sha256Hex(slice), length: slice.length } },
  };
}

export function getRefused(clientName: string, object: string, refusal: Refusal, more: { instructionFileSuffix?: string } = {}): ScenarioStepData {
  return { op: 'get', client: clientName, object, ...(more.instructionFileSuffix ? { instructionFileSuffix: more.instructionFileSuffix } : {}), expect: refusal };
}

export const stored = (object: string, expect: StoredExpectData): ScenarioStepData => ({ op: 'check-stored', object, expect });
export const absent = (object: string): ScenarioStepData => stored(object, { absent: true });
export const remove = (clientName: string, objects: string[], batch: boolean): ScenarioStepData => ({ op: 'delete', client: clientName, objects, batch });
export const tamper = (object: string, tampering: Extract<ScenarioStepData, { op: 'tamper-stored' }>['tampering']): ScenarioStepData => ({ op: 'tamper-stored', object, tampering });
export const fault = (spec: string): ScenarioStepData => ({ op: 'inject-fault', fault: spec });

export function reencrypt(
  clientName: string,
  object: string,
  newKey: string,
  more: { newKeyMaterialsDescription?: Record<string, string>; instructionFileSuffix?: string; enforceRotation?: boolean } = {},
): ScenarioStepData {
  return { op: 'reencrypt', client: clientName, object, newKey: keyOf(newKey), ...more, expect: { reencrypted: true } };
}

/** Tokens AWS's own clients and this reference put in their KMS user agents (S3EC, S3Crypto, AmazonS3Encrypt). */
export const S3EC_USER_AGENT = 's3ec|s3crypto|s3-?encrypt|amazons3encrypt|s3encryption';

export function kmsCalls(operations: string[]): ScenarioStepData {
  return { op: 'check-kms-calls', expect: { operations, keyId: 'configured', userAgentPattern: S3EC_USER_AGENT } };
}
