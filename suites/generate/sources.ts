/**
 * The positive decrypt cases the negative catalogue starts from, with what the format says about
 * each (format, wrap, storage, content cipher, size, producer), read from the object's own
 * envelope: the catalogue's rules need those facts and nothing else.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bodyOf, CORPUS_ROOT, loadCaseFile, type DecryptCaseData } from '../../vectors/corpus.js';

export type Format = 'v1' | 'v2' | 'v3';
export type Storage = 'metadata' | 'instruction';
export type Content = 'gcm' | 'cbc';

export interface Source {
  readonly case: DecryptCaseData;
  readonly body: Buffer;
  readonly producer: string;
  readonly format: Format;
  /** x-amz-wrap-alg spelling; V3 codes decompressed; implicit EncryptionOnly as `AES` or `RSA`. */
  readonly wrap: string;
  readonly storage: Storage;
  readonly content: Content;
  /** Plaintext length. */
  readonly size: number;
  readonly keyType: 'aes' | 'rsa' | 'kms';
  /** The content metadata wherever it is stored: object metadata merged with the instruction file. */
  readonly envelope: Readonly<Record<string, string>>;
  /** Keys that live in the instruction file rather than the object metadata. */
  readonly inInstructionFile: ReadonlySet<string>;
}

export const V3_WRAPS: Readonly<Record<string, string>> = { '02': 'AES/GCM', '12': 'kms+context', '22': 'RSA-OAEP-SHA1' };
export const CURRENT_WRAPS = ['AES/GCM', 'RSA-OAEP-SHA1', 'kms+context'] as const;

const KEYS = JSON.parse(readFileSync(new URL('../../vectors/keys/keys.json', import.meta.url), 'utf8')) as { keys: Record<string, { type: string; public?: string }> };

/** The public PEM of a named RSA test key. */
export function rsaPublicKey(name: string): string | undefined {
  return KEYS.keys[name]?.public;
}

function keyType(c: DecryptCaseData): Source['keyType'] {
  const key = c.inputs.key;
  if ('kmsKeyId' in key) return 'kms';
  if ('aesHex' in key) return 'aes';
  const type = KEYS.keys[key.name]?.type;
  return type === 'rsa' ? 'rsa' : type === 'kms' ? 'kms' : 'aes';
}

function instructionMap(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  const parsed = JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

function formatOf(e: Readonly<Record<string, string>>): Format | undefined {
  if (e['x-amz-3'] !== undefined || e['x-amz-c'] !== undefined) return 'v3';
  if (e['x-amz-key-v2'] !== undefined) return 'v2';
  if (e['x-amz-key'] !== undefined) return 'v1';
  return undefined;
}

function wrapOf(format: Format, e: Readonly<Record<string, string>>, type: Source['keyType']): string {
  if (format === 'v3') return V3_WRAPS[e['x-amz-w'] ?? ''] ?? `unknown:${e['x-amz-w']}`;
  return e['x-amz-wrap-alg'] ?? (type === 'rsa' ? 'RSA' : 'AES');
}

function producerOf(c: DecryptCaseData): string {
  const p = c.provenance;
  if ('producer' in p) return p.producer.implementation;
  if ('source' in p) return `public:${p.source.repo}`;
  return 'unknown';
}

/** The traits of one positive case, or undefined when it is not an S3EC object the rules cover. */
export function sourceOf(c: DecryptCaseData, caseFileDir: string): Source | undefined {
  if (!('plaintext' in c.expect) || c.inputs.range !== undefined) return undefined;
  const file = instructionMap(c.inputs.object.instructionFile);
  const envelope = { ...c.inputs.object.metadata, ...file };
  const format = formatOf(envelope);
  if (!format) return undefined;
  const type = keyType(c);
  const cek = envelope['x-amz-cek-alg'];
  return {
    case: c,
    body: bodyOf(c, caseFileDir),
    producer: producerOf(c),
    format,
    wrap: wrapOf(format, envelope, type),
    storage: c.inputs.object.instructionFile === undefined ? 'metadata' : 'instruction',
    content: format === 'v3' || cek === 'AES/GCM/NoPadding' ? 'gcm' : 'cbc',
    size: c.expect.plaintext.length,
    keyType: type,
    envelope,
    inInstructionFile: new Set(Object.keys(file)),
  };
}

/** The recorded case files (vectors/corpus/recorded/<producer>/cases.json) and the public known answers. */
export function sourceFiles(root: string = CORPUS_ROOT): string[] {
  const files: string[] = [];
  const recorded = join(root, 'recorded');
  if (existsSync(recorded)) {
    for (const name of readdirSync(recorded).sort()) {
      const path = join(recorded, name, 'cases.json');
      if (existsSync(path)) files.push(path);
    }
  }
  files.push(join(root, 'known-answers', 'public-kats.json'));
  return files;
}

/** Every usable positive source of the given case files, in file then case order. */
export function loadSources(files: readonly string[]): Source[] {
  const sources: Source[] = [];
  for (const path of files) {
    const file = loadCaseFile(path);
    if (file.type !== 's3ec-decrypt-cases') continue;
    for (const c of file.cases) {
      const s = sourceOf(c, dirname(path));
      if (s) sources.push(s);
    }
  }
  return sources;
}
