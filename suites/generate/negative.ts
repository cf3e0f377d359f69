/**
 * The negative catalogue applied to the positive recorded objects (and the public known answers):
 * vectors/corpus/negative/<area>.json, one s3ec-decrypt-cases file per area, bodies over 4 KiB in
 * bodies/. Sources are picked so every producer contributes while the total stays a few hundred:
 * per format × wrap × storage, each variant of a tampering takes producers in turn, preferring
 * their 17-byte and 4096-byte objects (or the smallest there is).
 */
import { join } from 'node:path';
import { CORPUS_ROOT } from '../../vectors/corpus.js';
import { BLEICHENBACHER } from './bleichenbacher.js';
import { BIT_FLIPS, TRUNCATIONS } from './catalogue.js';
import { ENVELOPE, ENVELOPE_LATER } from './catalogue-envelope.js';
import { MALFORMED } from './catalogue-malformed.js';
import { ENCRYPTION_CONTEXT, INSTRUCTION_FILE } from './catalogue-more.js';
import { applies, type Area, type Tampering, type Variant } from './catalogue-types.js';
import { DOWNGRADES } from './downgrade-catalogue.js';
import { negativeCase, type NegativeCase } from './negative-cases.js';
import { notesFor } from './notes.js';
import { jsonFile, type GeneratedFile } from './output.js';
import { loadSources, sourceFiles, type Source } from './sources.js';
import { SPEC_COMMIT } from './spec.js';

export const CATALOGUE: readonly Tampering[] = [
  ...BIT_FLIPS,
  ...TRUNCATIONS,
  ...DOWNGRADES,
  ...ENVELOPE,
  ...INSTRUCTION_FILE,
  ...ENCRYPTION_CONTEXT,
  ...MALFORMED,
  ...BLEICHENBACHER,
  ...ENVELOPE_LATER,
];

const DEFAULT_SIZES = [17];

function groupBy(sources: readonly Source[], key: (s: Source) => string): Map<string, Source[]> {
  const groups = new Map<string, Source[]>();
  for (const s of sources) {
    const k = key(s);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The preferred sizes a group has, or its smallest object when it has none of them. */
function pickSizes(members: readonly Source[], sizes: readonly number[]): Source[] {
  const picked = sizes.flatMap((size) => members.find((m) => m.size === size) ?? []);
  if (picked.length > 0) return picked;
  return [[...members].sort((a, b) => a.size - b.size || (a.case.id < b.case.id ? -1 : 1))[0]!];
}

function variantsOf(t: Tampering, s: Source, all: readonly Source[]): readonly Variant[] {
  if (t.build) return t.build(s, all) ?? [];
  const expect = typeof t.expect === 'function' ? t.expect(s) : t.expect;
  if (!t.ops || !expect) throw new Error(`tampering ${t.name} has neither build nor ops and expect`);
  return [{ ops: t.ops, expect }];
}

type Pick = readonly [Source, Variant];

/** Every source of every producer group with every variant. */
function groupPicks(t: Tampering, candidates: readonly Source[], all: readonly Source[]): Pick[] {
  const out: Pick[] = [];
  for (const members of groupBy(candidates, (s) => `${s.producer}|${s.format}|${s.wrap}|${s.storage}`).values())
    for (const s of pickSizes(members, t.sizes ?? DEFAULT_SIZES)) for (const v of variantsOf(t, s, all)) out.push([s, v]);
  return out;
}

/** The `count` producers of a group used least so far (ties in name order), so small producers get their share. */
function leastUsed(producers: readonly Source[][], usage: Map<string, number>, count: number): Source[][] {
  const used = (g: Source[]): number => usage.get(g[0]!.producer) ?? 0;
  return [...producers].sort((a, b) => used(a) - used(b)).slice(0, count);
}

/**
 * Per format × wrap × storage, each run of `together` variants is made `perGroup` times, each
 * time from the producer with the fewest cases so far (copy j prefers the j-th size), so the
 * catalogue stays a few hundred cases while every producer contributes.
 */
function rotatePicks(t: Tampering, candidates: readonly Source[], all: readonly Source[], usage: Map<string, number>): Pick[] {
  const out: Pick[] = [];
  const sizes = t.sizes ?? DEFAULT_SIZES;
  const together = t.together ?? 1;
  for (const members of groupBy(candidates, (s) => `${s.format}|${s.wrap}|${s.storage}`).values()) {
    const preferred = t.prefer ? members.filter(t.prefer) : [];
    const producers = [...groupBy(preferred.length > 0 ? preferred : members, (s) => s.producer).values()];
    const count = variantsOf(t, pickSizes(producers[0]!, sizes)[0]!, all).length;
    for (let i = 0; i < count; i += together) {
      leastUsed(producers, usage, t.perGroup ?? 1).forEach((group, j) => {
        const s = pickSizes(group, [sizes[j % sizes.length]!, ...sizes])[0]!;
        const made = variantsOf(t, s, all).slice(i, i + together);
        for (const v of made) out.push([s, v]);
        usage.set(s.producer, (usage.get(s.producer) ?? 0) + made.length);
      });
    }
  }
  return out;
}

function picks(t: Tampering, all: readonly Source[], usage: Map<string, number>): Pick[] {
  const candidates = all.filter((s) => applies(t, s));
  return t.scope === 'group' ? groupPicks(t, candidates, all) : rotatePicks(t, candidates, all, usage);
}

export function negativeCases(sources: readonly Source[]): Map<Area, NegativeCase[]> {
  const byId = new Map(sources.map((s) => [s.case.id, s]));
  const areas = new Map<Area, NegativeCase[]>();
  const usage = new Map<string, number>();
  for (const t of CATALOGUE) {
    for (const [s, v] of picks(t, sources, usage)) areas.set(t.area, [...(areas.get(t.area) ?? []), negativeCase(t, v, s, byId)]);
  }
  return areas;
}

/** The case files and body files of vectors/corpus/negative, from the given source case files. */
export function negativeFiles(files: readonly string[] = sourceFiles(), root: string = CORPUS_ROOT): GeneratedFile[] {
  const sources = loadSources(files);
  const out: GeneratedFile[] = [];
  const bodies = new Map<string, Buffer>();
  for (const [area, cases] of [...negativeCases(sources)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const c of cases) if (c.bodyFile) bodies.set(c.bodyFile.name, c.bodyFile.bytes);
    const sorted = cases.map((c) => c.data).sort((a, b) => (a.id < b.id ? -1 : 1));
    out.push(
      jsonFile(join(root, 'negative', `${area}.json`), {
        type: 's3ec-decrypt-cases',
        version: 1,
        specCommit: SPEC_COMMIT,
        generator: 'npm run generate (suites/generate/negative.ts: the catalogue of suites/generate/catalogue*.ts applied to vectors/corpus/recorded and known-answers)',
        notes: notesFor(sorted.flatMap((c) => c.flags)),
        cases: sorted,
      }),
    );
  }
  for (const [name, bytes] of [...bodies].sort(([a], [b]) => (a < b ? -1 : 1))) out.push({ path: join(root, 'negative', name), content: bytes });
  return out;
}
