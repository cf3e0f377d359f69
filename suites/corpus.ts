/**
 * The corpus's case files (vectors/corpus) as suites: one suite per area folder, the round trips
 * that tamper with what the implementation wrote apart as `tamper`. Each case is built from its
 * file alone; expectations are the files' (a digest, or an error category and stage).
 */
import { dirname, relative, sep } from 'node:path';
import { bodyOf, CORPUS_ROOT, loadCorpus, type CaseFile, type DecryptCaseData, type KeyInput, type Provenance, type RoundTripCaseData, type ScenarioCaseData } from '../vectors/corpus.js';
import type { CommitmentPolicy } from '../protocol/vocabulary.js';
import type { KeySpec } from './adapter.js';
import type { DecryptCase, KeyRef, RoundTripCase, ScenarioCase, Suite, SuiteCase } from './case.js';
import { expectedFromData } from './judge.js';

/** What each area of the corpus proves, in the order reports list them. */
export const CORPUS_AREAS: Readonly<Record<string, string>> = {
  'known-answers': 'Objects from public AWS SDK tests decrypt to their recorded plaintext, or are refused with the stated category.',
  recorded: 'Objects written by the real AWS clients (Java, Go, Python) and the reference decrypt to their plaintext.',
  negative: 'Objects derived from recorded ones by named tamperings are refused with the stated category, and no plaintext is released.',
  policy: 'Recorded objects of every kind read under each key-commitment policy: REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses every object without key commitment, the other policies read them.',
  roundtrip: 'Every write combination the implementation claims has a well-formed envelope and reads back unchanged.',
  scenarios:
    'Clients built from a configuration (defaults, policy and algorithm, buffer size, instruction files) and driven through puts, gets, deletes, multipart uploads and re-encryption: each step refused or done as the specification says, and what lands in S3 checked.',
  tamper: 'What the implementation itself wrote, tampered with, is refused with the stated category.',
};

let cached: Suite[] | undefined;

/** Every corpus suite, loaded once per process (the files are validated and their digests checked). */
export function corpusSuites(root: string = CORPUS_ROOT): Suite[] {
  if (root === CORPUS_ROOT && cached) return cached;
  const byArea = new Map<string, SuiteCase[]>();
  for (const file of loadCorpus(root)) {
    const area = relative(root, file.path).split(sep)[0] ?? 'corpus';
    for (const c of casesOf(file)) {
      const suite = c.kind === 'roundtrip' && c.tampering ? 'tamper' : area;
      const cases = byArea.get(suite) ?? [];
      cases.push(c);
      byArea.set(suite, cases);
    }
  }
  const order = Object.keys(CORPUS_AREAS);
  const rank = (name: string): number => (order.includes(name) ? order.indexOf(name) : order.length);
  const suites = [...byArea.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, cases]) => ({ name, description: CORPUS_AREAS[name] ?? `The cases of vectors/corpus/${name}.`, cases }));
  if (root === CORPUS_ROOT) cached = suites;
  return suites;
}

function casesOf(file: CaseFile): SuiteCase[] {
  if (file.type === 's3ec-roundtrip-cases') return file.cases.map(roundTripCase);
  if (file.type === 's3ec-scenario-cases') return file.cases.map((c): ScenarioCase => ({ kind: 'scenario', ...common(c), steps: c.inputs.steps }));
  const dir = dirname(file.path);
  return file.cases.map((c) => decryptCase(c, dir));
}

function decryptCase(c: DecryptCaseData, dir: string): DecryptCase {
  const { object, key, legacy, encryptionContext, kms, commitmentPolicy } = c.inputs;
  return {
    kind: 'decrypt',
    ...common(c),
    expect: expectedFromData(c.expect),
    object: { body: bodyOf(c, dir), metadata: object.metadata, ...(object.instructionFile === undefined ? {} : { instructionFile: object.instructionFile }) },
    key: keyOf(key),
    legacy,
    ...(commitmentPolicy ? { commitmentPolicy: commitmentPolicy as CommitmentPolicy } : {}),
    ...(encryptionContext ? { encryptionContext } : {}),
    kmsReplay: (kms ?? []).map((a) => ({
      keyId: a.keyId,
      ciphertextBlob: Buffer.from(a.ciphertextBlob, 'base64'),
      plaintext: Buffer.from(a.plaintext, 'base64'),
      ...(a.encryptionContext ? { expectedEncryptionContext: a.encryptionContext } : {}),
    })),
  };
}

function roundTripCase(c: RoundTripCaseData): RoundTripCase {
  const { key, format, storage, plaintext, tampering, legacyOnRead } = c.inputs;
  if (!('name' in key)) throw new Error(`${c.id}: a round trip names its key in vectors/keys/keys.json`);
  return { kind: 'roundtrip', ...common(c), expect: expectedFromData(c.expect), key, format, storage, plaintext, ...(tampering ? { tampering } : {}), legacyOnRead: legacyOnRead ?? false };
}

function common(c: DecryptCaseData | RoundTripCaseData | ScenarioCaseData) {
  return {
    id: c.id,
    description: c.description,
    requirements: c.requirements,
    specLines: c.specLines,
    features: c.features,
    flags: c.flags,
    provenance: provenanceLine(c.provenance),
  };
}

function keyOf(k: KeyInput): KeyRef | KeySpec {
  if ('name' in k) return { name: k.name };
  if ('aesHex' in k) return { type: 'aes', keyHex: k.aesHex };
  return { type: 'kms', keyId: k.kmsKeyId };
}

export function provenanceLine(p: Provenance): string {
  if ('producer' in p) return `written by ${p.producer.implementation} (${p.producer.library} ${p.producer.version}, ${p.producer.language})`;
  if ('derived' in p) return `derived: ${p.derived.tampering.map((t) => t.op).join(' + ')} of ${p.derived.from}`;
  if ('source' in p) return `${p.source.repo}@${p.source.commit.slice(0, 12)} ${p.source.path} :: ${p.source.test}`;
  return p.rule;
}
