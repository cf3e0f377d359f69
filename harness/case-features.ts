/**
 * Which claims a case exercises, per implementation: what a certificate's per-claim counts and
 * the implementation × feature matrix group cases by. A corpus case states its features; a
 * cross or range cell exercises the writer's write claims and the reader's read claims.
 */
import { RANGE_COST_PREFIX } from '../suites/cross/range-cost.js';
import type { CaseFeature } from '../protocol/vocabulary.js';
import { allSuites } from '../suites/index.js';
import type { CaseResult, MatrixCoordinates } from '../suites/run.js';

const WRAP: Readonly<Record<string, CaseFeature>> = { aes: 'wrap:aes-gcm', rsa: 'wrap:rsa-oaep-sha1', kms: 'wrap:kms-context' };
const LEGACY_WRAP: Readonly<Record<string, CaseFeature>> = { aes: 'legacy-wrap:aeswrap', rsa: 'legacy-wrap:rsa-oaep-sha256', kms: 'legacy-wrap:kms' };

let suiteFeatures: Map<string, readonly string[]> | undefined;

/** Features of every corpus case, by `suite/id`. */
function corpusFeatures(): Map<string, readonly string[]> {
  suiteFeatures ??= new Map(allSuites().flatMap((s) => s.cases.map((c) => [`${s.name}/${c.id}`, c.features] as const)));
  return suiteFeatures;
}

export function featuresOf(r: CaseResult): Record<string, string[]> | undefined {
  // What a ranged read cost judges the reader's range support only: not the formats, keys or writer.
  if (r.pair && r.id.startsWith(RANGE_COST_PREFIX)) return { [r.pair.reader]: ['range'] };
  if (r.pair) return pairFeatures(r.pair, r.suite === 'range');
  if (!r.implementation) return undefined;
  const suite = r.suite.replace(new RegExp(`@${r.implementation}$`), '');
  const id = r.id.replace(new RegExp(`@${r.implementation}$`), '');
  const features = corpusFeatures().get(`${suite}/${id}`);
  return features ? { [r.implementation]: [...features] } : undefined;
}

function pairFeatures(p: MatrixCoordinates, ranged: boolean): Record<string, string[]> {
  const legacy = p.format === 'v1-eo' || p.format === 'v1-ae';
  const common = [`key:${p.key}`, p.storage === 'instruction' ? 'store:instruction-file' : 'store:metadata', ...(legacy ? [] : [WRAP[p.key]!])];
  const write = [...(p.format === 'v2' || p.format === 'v3' ? [`write:${p.format}`] : []), ...common, ...(p.storage === 'instruction' ? ['write:instruction-file'] : [])];
  const read = [legacy ? 'read:v1' : `read:${p.format}`, ...common, ...(legacy ? [LEGACY_WRAP[p.key]!] : []), ...(p.format === 'v1-eo' ? ['legacy-content:cbc'] : []), ...(ranged ? ['range'] : [])];
  if (p.writer === p.reader) return { [p.writer]: [...new Set([...write, ...read])] };
  return { [p.writer]: write, [p.reader]: read };
}
