/**
 * The seed objects of a run, saved as JSON. Seed objects carry random data keys and IVs (the
 * writer draws them), so a reproducer names the corpus file as well as the run seed and input
 * index. The file holds ciphertext, wrapped keys and the generated plaintexts; the keys that
 * open them are the public test keys of vectors/keys/keys.json, never written here.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fuzzKeyrings } from '../../testkit/fuzz/keys.js';
import { buildCorpus, deserializeSeed, serializeSeed, type FuzzSeed, type SerializedSeed } from '../../testkit/fuzz/seeds.js';

const VERSION = 1;

interface CorpusFile {
  readonly version: number;
  readonly seeds: SerializedSeed[];
}

export function readCorpus(path: string): FuzzSeed[] {
  const file = JSON.parse(readFileSync(path, 'utf8')) as CorpusFile;
  if (file.version !== VERSION || !Array.isArray(file.seeds) || file.seeds.length === 0) {
    throw new Error(`${path} is not a version-${VERSION} fuzz corpus; delete it or pass another --corpus`);
  }
  return file.seeds.map(deserializeSeed);
}

/** Loads `path` if it exists (replays stay exact), else builds a fresh corpus and saves it there. */
export async function ensureCorpus(path: string): Promise<{ seeds: FuzzSeed[]; built: boolean }> {
  if (existsSync(path)) return { seeds: readCorpus(path), built: false };
  const seeds = await buildCorpus(fuzzKeyrings());
  writeFileSync(path, JSON.stringify({ version: VERSION, seeds: seeds.map(serializeSeed) } satisfies CorpusFile));
  return { seeds, built: true };
}
