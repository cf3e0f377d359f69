/**
 * `s3cse vectors verify` and `s3cse list`: what the corpus holds, and which of its cases an
 * implementation would run (and, for the others, which claim is missing).
 */
import { summarizeCorpus } from '../vectors/verify.js';
import { VectorFileError } from '../vectors/load.js';
import { allSuites } from '../suites/index.js';
import { UsageError, didYouMean } from './targets/usage-error.js';
import { findAdapter, listAdapters } from './supervisor/manifest.js';
import { AdapterSession } from './supervisor/session.js';
import { featuresFromClaims } from './supervisor/suite-bridge.js';
import { adapterKeys } from './adapter-keys.js';
import { startEmbeddedRunningTarget } from './targets/embedded/target.js';

type Print = (line: string) => void;

/** A case file that fails its schema, its digests or its references (the message names the file). */
export function isVectorFileError(e: unknown): e is Error {
  return e instanceof VectorFileError;
}

/** Prints the corpus's counts; throws VectorFileError (naming the file) when anything is wrong. */
export function verifyVectors(print: Print): void {
  const s = summarizeCorpus();
  print(
    `vectors verify: ${s.files} case files, ${s.cases} cases (${s.positive} positive, ${s.negative} negative), ${(s.bytesOnDisk / 2 ** 20).toFixed(1)} MiB; every file matches its schema and every digest matches`,
  );
  print(`by area:     ${entries(s.byArea)}`);
  print(`by producer: ${entries(s.byProducer)}`);
  print(`recorded by real clients (not the reference): ${s.recordedByRealClients}`);
}

function entries(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

export interface ListOptions {
  readonly suites?: readonly string[];
  readonly impls?: readonly string[];
}

/** One line per case: suite, id, the features it needs, and per implementation whether it runs. */
export async function listCases(options: ListOptions, print: Print): Promise<void> {
  const suites = selected(options.suites);
  const claims = await claimedFeatures(options.impls ?? []);
  let cases = 0;
  for (const suite of suites) {
    for (const c of suite.cases) {
      cases += 1;
      const verdicts = [...claims].map(([impl, features]) => {
        const missing = c.features.filter((f) => !features.includes(f));
        return missing.length === 0 ? `${impl}: runs` : `${impl}: not applicable (not claimed: ${missing.join(', ')})`;
      });
      print([suite.name, c.id, c.features.join(',') || '-', ...verdicts].join('\t'));
    }
  }
  print(`${cases} cases in ${suites.length} suites`);
}

function selected(wanted: readonly string[] | undefined) {
  const suites = allSuites();
  if (wanted === undefined || wanted.includes('corpus')) return suites;
  const known = suites.map((s) => s.name);
  for (const name of wanted) if (!known.includes(name)) throw new UsageError(`--suite: no suite named ${name}${didYouMean(name, known)} (known: corpus, ${known.join(', ')})`);
  return suites.filter((s) => wanted.includes(s.name));
}

/** The features each implementation claims: the in-process reference claims all; adapters answer /capabilities. */
async function claimedFeatures(impls: readonly string[]): Promise<Map<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>();
  if (impls.length === 0) return out;
  const known = listAdapters();
  for (const name of impls) if (!known.includes(name)) throw new UsageError(`--impl: no adapter named ${name}${didYouMean(name, known)} (known: ${known.join(', ')})`);
  const target = await startEmbeddedRunningTarget();
  try {
    const keys = await adapterKeys(target);
    for (const name of impls) {
      const session = await AdapterSession.open(findAdapter(name), { env: target.childEnv(), keys, log: () => undefined });
      try {
        out.set(name, featuresFromClaims(session.info.write, session.info.read, session.info.features));
      } finally {
        await session.close();
      }
    }
  } finally {
    await target.stop();
  }
  return out;
}
