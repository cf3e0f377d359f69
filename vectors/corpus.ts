/**
 * The case files of `corpus/` as typed data: found, schema-checked, bodies read and their
 * digests verified. Nothing here knows how to run a case; `suites/` does.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VectorFileError } from './load.js';
import type { DecryptCaseData, CaseFile, CaseFileType } from './corpus-types.js';

export * from './corpus-types.js';

const VECTORS = dirname(fileURLToPath(import.meta.url));
export const CORPUS_ROOT = join(VECTORS, 'corpus');
const SCHEMA_FILES = [
  '../protocol/schemas/vocabulary.schema.json',
  'schemas/case-common.schema.json',
  'schemas/decrypt-cases.schema.json',
  'schemas/roundtrip-cases.schema.json',
  'schemas/scenario-cases.schema.json',
];
const SCHEMA_FOR: Readonly<Record<CaseFileType, string>> = {
  's3ec-decrypt-cases': 'https://s3-cse-conformance/vectors/decrypt-cases.schema.json',
  's3ec-roundtrip-cases': 'https://s3-cse-conformance/vectors/roundtrip-cases.schema.json',
  's3ec-scenario-cases': 'https://s3-cse-conformance/vectors/scenario-cases.schema.json',
};
const FILE_TYPES = Object.keys(SCHEMA_FOR) as CaseFileType[];

let ajv: Ajv | undefined;
function validatorFor(type: CaseFileType): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    for (const file of SCHEMA_FILES) ajv.addSchema(JSON.parse(readFileSync(join(VECTORS, file), 'utf8')) as object);
  }
  const validate = ajv.getSchema(SCHEMA_FOR[type]);
  if (!validate) throw new VectorFileError(`no schema for ${type}`);
  return validate;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The plaintext a seed stands for: SHA-256(seed || uint32be(i)) for i = 0, 1, … concatenated and
 * cut to `length`. Any language can rebuild it in a few lines (vectors/README.md).
 */
export function plaintextFromSeed(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  const counter = Buffer.alloc(4);
  for (let i = 0, at = 0; at < length; i++, at += 32) {
    counter.writeUInt32BE(i);
    createHash('sha256').update(seed, 'utf8').update(counter).digest().copy(out, at);
  }
  return out;
}

/** Every case file under `root`, sorted by path (bodies/ folders hold bytes, not cases). */
export function caseFilePaths(root: string = CORPUS_ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'bodies') walk(path);
      } else if (name.endsWith('.json')) found.push(path);
    }
  };
  walk(root);
  return found;
}

/** Reads, validates and resolves one case file; throws VectorFileError naming the file and every problem. */
export function loadCaseFile(path: string): CaseFile {
  const shown = relative(VECTORS, path);
  let data: { type?: unknown };
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown };
  } catch (e) {
    throw new VectorFileError(`${shown}: ${(e as Error).message}`);
  }
  if (!FILE_TYPES.includes(data.type as CaseFileType)) throw new VectorFileError(`${shown}: type must be one of ${FILE_TYPES.join(', ')}`);
  const validate = validatorFor(data.type as CaseFileType);
  if (!validate(data)) {
    const problems = (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
    throw new VectorFileError(`${shown} does not match its schema:\n  ${problems.join('\n  ')}`);
  }
  const file = data as CaseFile;
  if (file.type === 's3ec-decrypt-cases') for (const c of file.cases) checkBody(c, dirname(path), shown);
  else if (file.type === 's3ec-roundtrip-cases') for (const c of file.cases) checkSeed(c.inputs.plaintext, `${shown} ${c.id}`);
  else for (const c of file.cases) for (const step of c.inputs.steps) if (step.op === 'put') checkSeed(step.plaintext, `${shown} ${c.id}`);
  return { ...file, path };
}

/** Reads a case's body (inline or from its file) and checks its digest and length. */
export function bodyOf(c: DecryptCaseData, caseFileDir: string): Buffer {
  const body = c.inputs.object.body;
  const bytes = body.base64 !== undefined ? Buffer.from(body.base64, 'base64') : readFileSync(join(caseFileDir, body.file!));
  return bytes;
}

function checkBody(c: DecryptCaseData, dir: string, shown: string): void {
  let bytes: Buffer;
  try {
    bytes = bodyOf(c, dir);
  } catch (e) {
    throw new VectorFileError(`${shown} ${c.id}: body: ${(e as Error).message}`);
  }
  const { sha256, length } = c.inputs.object.body;
  if (bytes.length !== length || sha256Hex(bytes) !== sha256) throw new VectorFileError(`${shown} ${c.id}: the body's length or SHA-256 differs from the case`);
  if (c.plaintext) checkSeed(c.plaintext, `${shown} ${c.id}`);
}

function checkSeed(p: { seed: string; length: number; sha256: string }, where: string): void {
  if (sha256Hex(plaintextFromSeed(p.seed, p.length)) !== p.sha256) throw new VectorFileError(`${where}: the seed's plaintext has another SHA-256`);
}

/** Every case file of the corpus, loaded; the first bad file stops the load (it names itself). */
export function loadCorpus(root: string = CORPUS_ROOT): CaseFile[] {
  const files = caseFilePaths(root).map(loadCaseFile);
  const seen = new Map<string, string>();
  for (const f of files) {
    for (const c of f.cases as readonly { readonly id: string }[]) {
      const other = seen.get(c.id);
      if (other) throw new VectorFileError(`case id ${c.id} is in both ${relative(VECTORS, other)} and ${relative(VECTORS, f.path)}`);
      seen.set(c.id, f.path);
    }
  }
  return files;
}
