/**
 * The case files' shapes as TypeScript (schemas/decrypt-cases.schema.json and
 * schemas/roundtrip-cases.schema.json are the normative form).
 */

export type CaseFileType = 's3ec-decrypt-cases' | 's3ec-roundtrip-cases' | 's3ec-scenario-cases';
type StringMap = Readonly<Record<string, string>>;

export interface CaseNote {
  readonly bugType: string;
  readonly description: string;
  readonly effect: string;
  readonly links: readonly string[];
}

export interface CaseFileHeader {
  readonly version: 1;
  readonly specCommit: string;
  /** The command that wrote the file. */
  readonly generator: string;
  /** What each flag means, why it matters, with links (Wycheproof's notes). */
  readonly notes: Readonly<Record<string, CaseNote>>;
}

export interface Producer {
  readonly implementation: string;
  readonly library: string;
  readonly version: string;
  readonly language: string;
}

export interface Tampering {
  readonly op: string;
  readonly [parameter: string]: unknown;
}

export type Provenance =
  | { readonly producer: Producer }
  | { readonly derived: { readonly from: string; readonly tampering: readonly Tampering[] } }
  | { readonly source: { readonly repo: string; readonly commit: string; readonly path: string; readonly test: string } }
  | { readonly rule: string };

export type KeyInput = { readonly name: string } | { readonly aesHex: string } | { readonly kmsKeyId: string };

export interface BodyData {
  readonly base64?: string;
  readonly file?: string;
  readonly sha256: string;
  readonly length: number;
}

export interface PlaintextSeed {
  readonly seed: string;
  readonly length: number;
  readonly sha256: string;
}

export interface KmsAnswer {
  readonly keyId: string;
  readonly ciphertextBlob: string;
  readonly plaintext: string;
  readonly encryptionContext?: StringMap;
}

export type ExpectData = { readonly plaintext: { readonly sha256: string; readonly length: number } } | { readonly error: { readonly category: string; readonly stage: string } };

interface CaseDataBase {
  readonly id: string;
  readonly description: string;
  /** The sections of `specLines`, first appearance first. */
  readonly requirements: readonly string[];
  /** The requirement lines the case checks (duvet's ids: section and quoted text). */
  readonly specLines: readonly { readonly section: string; readonly quote: string }[];
  readonly features: readonly string[];
  readonly flags: readonly string[];
  readonly provenance: Provenance;
  readonly expect: ExpectData;
}

export interface DecryptCaseData extends CaseDataBase {
  /** How the expected plaintext was made, when it was made from a seed. */
  readonly plaintext?: PlaintextSeed;
  readonly inputs: {
    readonly object: { readonly body: BodyData; readonly metadata: StringMap; readonly instructionFile?: string; readonly instructionFileSuffix?: string };
    readonly key: KeyInput;
    readonly legacy: { readonly wraps: boolean; readonly content: boolean };
    readonly commitmentPolicy?: string;
    readonly encryptionContext?: StringMap;
    readonly range?: string;
    readonly kms?: readonly KmsAnswer[];
  };
}

export interface RoundTripCaseData extends CaseDataBase {
  readonly inputs: {
    readonly key: KeyInput;
    readonly format: 'v2' | 'v3';
    readonly storage: 'metadata' | 'instruction';
    readonly plaintext: PlaintextSeed;
    readonly materialsDescription?: StringMap;
    readonly encryptionContext?: StringMap;
    readonly tampering?: readonly Tampering[];
    readonly legacyOnRead?: boolean;
  };
}

export type ErrorExpectData = { readonly error: { readonly category: string; readonly stage: string } };

/** The standard client configuration (AWS's CreateClient), the key by name; absent members are defaults. */
export interface ScenarioConfigData {
  readonly key: KeyInput;
  readonly materialsDescription?: StringMap;
  readonly enableLegacyUnauthenticatedModes?: boolean;
  readonly enableLegacyWrappingAlgorithms?: boolean;
  readonly enableDelayedAuthenticationMode?: boolean;
  readonly setBufferSize?: number;
  readonly commitmentPolicy?: string;
  readonly encryptionAlgorithm?: string;
  readonly instructionFileConfig?: { readonly enableInstructionFilePutObject?: boolean; readonly disableInstructionFile?: boolean };
}

export type StoredExpectData =
  | { readonly absent: true }
  | {
      readonly format: 'v2' | 'v3';
      readonly storage: 'metadata' | 'instruction';
      readonly wrap: string;
      readonly plaintextLength: number;
      readonly instructionFileSuffixes?: readonly string[];
      readonly decryptsTo?: { readonly sha256: string; readonly length: number };
      readonly unencryptedContentLength?: true;
      readonly description?: StringMap;
    };

/** One step of a scenario (schemas/scenario-cases.schema.json). */
export type ScenarioStepData =
  | { readonly op: 'create-client'; readonly client: string; readonly config: ScenarioConfigData; readonly expect: { readonly created: true } | ErrorExpectData }
  | {
      readonly op: 'put';
      readonly client: string;
      readonly object: string;
      readonly plaintext: PlaintextSeed;
      readonly encryptionContext?: StringMap;
      readonly multipart?: { readonly partSize: number; readonly abort?: boolean };
      readonly expect: { readonly stored: true } | ErrorExpectData;
    }
  | {
      readonly op: 'get';
      readonly client: string;
      readonly object: string;
      readonly range?: string;
      readonly instructionFileSuffix?: string;
      readonly encryptionContext?: StringMap;
      readonly expect: ExpectData;
    }
  | { readonly op: 'delete'; readonly client: string; readonly objects: readonly string[]; readonly batch: boolean }
  | {
      readonly op: 'reencrypt';
      readonly client: string;
      readonly object: string;
      readonly newKey: KeyInput;
      readonly newKeyMaterialsDescription?: StringMap;
      readonly instructionFileSuffix?: string;
      readonly enforceRotation?: boolean;
      readonly expect: { readonly reencrypted: true } | ErrorExpectData;
    }
  | { readonly op: 'check-stored'; readonly object: string; readonly expect: StoredExpectData }
  | { readonly op: 'tamper-stored'; readonly object: string; readonly tampering: readonly Tampering[] }
  | { readonly op: 'check-kms-calls'; readonly expect: { readonly operations: readonly string[]; readonly keyId?: 'configured'; readonly userAgentPattern?: string } }
  | { readonly op: 'inject-fault'; readonly fault: string };

export interface ScenarioCaseData extends Omit<CaseDataBase, 'expect'> {
  readonly inputs: { readonly steps: readonly ScenarioStepData[] };
  readonly expect: { readonly steps: 'as-stated' };
}

export type CaseFile = CaseFileHeader & { readonly path: string } & (
    | { readonly type: 's3ec-decrypt-cases'; readonly cases: readonly DecryptCaseData[] }
    | { readonly type: 's3ec-roundtrip-cases'; readonly cases: readonly RoundTripCaseData[] }
    | { readonly type: 's3ec-scenario-cases'; readonly cases: readonly ScenarioCaseData[] }
  );
