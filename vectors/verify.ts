/**
 * What `s3cse vectors verify` reports: every case file loaded (schema, digests, seeded
 * plaintexts, unique ids) and counted by area, outcome and producer, where a derived case counts
 * for the producer of the case it was derived from.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { VectorFileError } from './load.js';
import { CORPUS_ROOT, loadCorpus, type CaseFile, type DecryptCaseData, type Provenance, type RoundTripCaseData } from './corpus.js';

export interface CorpusSummary {
  readonly files: number;
  readonly cases: number;
  readonly positive: number;
  readonly negative: number;
  readonly byArea: Readonly<Record<string, number>>;
  /** Producer → cases it wrote, or that derive from what it wrote. */
  readonly byProducer: Readonly<Record<string, number>>;
  /** Cases whose objects a client other than the reference wrote (recorded, not derived). */
  readonly recordedByRealClients: number;
  readonly bytesOnDisk: number;
}

type AnyCase = DecryptCaseData | RoundTripCaseData;

export function summarizeCorpus(root: string = CORPUS_ROOT): CorpusSummary {
  const files = loadCorpus(root);
  const all = files.flatMap((f) => (f.cases as readonly AnyCase[]).map((c) => ({ c, area: areaOf(root, f) })));
  const byId = new Map(all.map(({ c }) => [c.id, c]));
  const byArea: Record<string, number> = {};
  const byProducer: Record<string, number> = {};
  let negative = 0;
  let recordedByRealClients = 0;
  for (const { c, area } of all) {
    if ('derived' in c.provenance && !byId.has(c.provenance.derived.from)) throw new VectorFileError(`${c.id}: derived from ${c.provenance.derived.from}, which no case file holds`);
    byArea[area] = (byArea[area] ?? 0) + 1;
    const producer = producerOf(c.provenance, byId);
    byProducer[producer] = (byProducer[producer] ?? 0) + 1;
    if ('error' in c.expect) negative += 1;
    if ('producer' in c.provenance && c.provenance.producer.implementation !== 'reference') recordedByRealClients += 1;
  }
  return { files: files.length, cases: all.length, positive: all.length - negative, negative, byArea, byProducer, recordedByRealClients, bytesOnDisk: diskBytes(root) };
}

function areaOf(root: string, f: CaseFile): string {
  return relative(root, f.path).split(sep)[0] ?? '.';
}

function producerOf(p: Provenance, byId: ReadonlyMap<string, AnyCase>, depth = 0): string {
  if ('producer' in p) return p.producer.implementation;
  if ('source' in p) return 'public SDK tests';
  if ('rule' in p) return 'generated';
  const from = byId.get(p.derived.from);
  return from && depth < 8 ? producerOf(from.provenance, byId, depth + 1) : 'derived';
}

function diskBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    total += st.isDirectory() ? diskBytes(path) : st.size;
  }
  return total;
}
