/**
 * The case files' shapes as TypeScript (schemas/decrypt-cases.schema.json and
 * schemas/roundtrip-cases.schema.json are the normative form).
 */

export type CaseFileType = 's3ec-decrypt-cases' | 's3ec-roundtrip-cases';
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

export type CaseFile = CaseFileHeader & { readonly path: string } & (
    | { readonly type: 's3ec-decrypt-cases'; readonly cases: readonly DecryptCaseData[] }
    | { readonly type: 's3ec-roundtrip-cases'; readonly cases: readonly RoundTripCaseData[] }
  );
