import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';

/** Where the vector data lives, relative to this file. */
const HERE = new URL('.', import.meta.url);

export interface KatSource {
  readonly repo: string;
  readonly commit: string;
  readonly path: string;
  readonly test: string;
}

export interface EncodedText {
  readonly encoding: 'hex' | 'utf8' | 'base64';
  readonly value: string;
}

export interface KmsReplay {
  readonly ciphertextBlobBase64: string;
  readonly plaintextDataKeyBase64: string;
  readonly keyId: string;
  readonly expectedEncryptionContext?: Readonly<Record<string, string>> | null;
}

/** One case of `public/public-kats.json`; fields beyond these are described in the schema. */
export interface PublicKat {
  readonly id: string;
  readonly kind: 'object' | 'kdf' | 'content' | 'metadata-decode' | 'metadata-structure';
  readonly source: KatSource;
  readonly description: string;
  readonly format: string;
  readonly wrap: string;
  readonly cekAlg: string;
  readonly direction?: 'encrypt' | 'decrypt';
  readonly keyMaterial: { readonly encoding: string; readonly value: string | null } | null;
  readonly kmsReplay: KmsReplay | null;
  readonly metadataLocation?: string;
  readonly metadata: Readonly<Record<string, string>> | null;
  readonly instructionFileBody?: string;
  readonly instructionFileSuffix?: string;
  readonly ciphertextHex?: string;
  readonly ciphertextBase64?: string;
  readonly ivHex?: string;
  readonly expectedPlaintext?: EncodedText | null;
  /** `stage` in the source test's words; `category` and `phase` in the suites' vocabulary, stated per case. */
  readonly expectError: { readonly stage: string; readonly messageContains?: string; readonly category: string; readonly phase: string } | null;
  readonly decryptContext?: Readonly<Record<string, unknown>>;
  readonly verified: boolean;
  readonly verification: string;
}

export class VectorFileError extends Error {
  override readonly name = 'VectorFileError';
}

function readJson(relative: string): unknown {
  const url = new URL(relative, HERE);
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch (e) {
    throw new VectorFileError(`cannot read ${relative}: ${(e as Error).message}`);
  }
}

/** Validates `data` against a schema in `schemas/`; throws VectorFileError listing every violation. */
export function validateAgainst(schemaFile: string, data: unknown, what: string): void {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // Every schema may name the shared vocabulary (protocol/schemas/vocabulary.schema.json).
  ajv.addSchema(readJson('../protocol/schemas/vocabulary.schema.json') as object);
  const validate = ajv.compile(readJson(`schemas/${schemaFile}`) as object);
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new VectorFileError(`${what} does not match ${schemaFile}:\n  ${problems.join('\n  ')}`);
  }
}

let cached: readonly PublicKat[] | undefined;

/** The public known-answer cases, schema-checked once per process and frozen. */
export function loadPublicKats(): readonly PublicKat[] {
  if (!cached) {
    const data = readJson('public/public-kats.json');
    validateAgainst('public-kats.schema.json', data, 'public/public-kats.json');
    const cases = (data as { cases: PublicKat[] }).cases;
    const ids = new Set<string>();
    for (const c of cases) {
      if (ids.has(c.id)) throw new VectorFileError(`duplicate case id ${c.id}`);
      ids.add(c.id);
    }
    cached = Object.freeze(cases);
  }
  return cached;
}

export function decodeText(t: EncodedText): Buffer {
  return Buffer.from(t.value, t.encoding === 'utf8' ? 'utf8' : t.encoding);
}
