/**
 * vectors/corpus/policy/read-matrix.json: every kind of recorded object (format × content × wrap ×
 * storage, one real client's object per kind where there is one) read under each key-commitment
 * policy the specification decides (key-commitment.md, decryption.md "Key Commitment"):
 * REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses every object without key commitment (V1, V2 CBC and GCM)
 * before its content is decrypted and reads V3; REQUIRE_ENCRYPT_ALLOW_DECRYPT and
 * FORBID_ENCRYPT_ALLOW_DECRYPT read the objects without commitment. FORBID_ENCRYPT_ALLOW_DECRYPT on
 * a V3 object is left out: the specification does not say whether it reads it. And V2 objects with
 * V3-only keys injected (x-amz-c, x-amz-w), read under REQUIRE_ENCRYPT_REQUIRE_DECRYPT: keys of two
 * format versions are malformed (content-metadata.md "Determining S3EC Object Status"). And each
 * kind of legacy object (a legacy wrap, CBC content) read with the legacy switches off: refused.
 */
import { join } from 'node:path';
import { CORPUS_ROOT, type DecryptCaseData } from '../../vectors/corpus.js';
import type { CommitmentPolicy } from '../../protocol/vocabulary.js';
import { L } from '../lines.js';
import { sectionsOf, uniqueLines, type SpecLine } from '../spec-lines.js';
import { positiveReadLines } from '../spec-positive.js';
import { notesFor } from './notes.js';
import { jsonFile, type GeneratedFile } from './output.js';
import { loadSources, sourceFiles, type Source } from './sources.js';
import { applyTampering } from '../tamperings.js';
import { SPEC_COMMIT } from './spec.js';

const POLICIES: readonly CommitmentPolicy[] = ['REQUIRE_ENCRYPT_REQUIRE_DECRYPT', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', 'FORBID_ENCRYPT_ALLOW_DECRYPT'];

/** One source per kind: inline bodies only (the case file sits in another folder), a real client's before the reference's, the smallest first. */
export function policySources(sources: readonly Source[]): Source[] {
  const kinds = new Map<string, Source>();
  const usable = sources.filter((s) => s.case.id.startsWith('recorded/') && 'base64' in s.case.inputs.object.body);
  const rank = (s: Source): string => `${s.producer === 'reference' ? 1 : 0}/${String(s.size).padStart(9, '0')}/${s.case.id}`;
  for (const s of [...usable].sort((a, b) => (rank(a) < rank(b) ? -1 : 1))) {
    const kind = `${s.format}/${s.content}/${s.wrap}/${s.storage}`;
    if (!kinds.has(kind)) kinds.set(kind, s);
  }
  return [...kinds.values()].sort((a, b) => (a.case.id < b.case.id ? -1 : 1));
}

function linesOf(s: Source, policy: CommitmentPolicy): SpecLine[] {
  const committing = s.format === 'v3';
  if (policy === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' && !committing) return [L.policyConfig, L.policyRequireRequireDecrypt, L.policyRequiresCommitting, L.policyBeforeContent];
  const read = positiveReadLines({ features: s.case.features, legacyWraps: s.case.inputs.legacy.wraps }).filter((l) => l !== L.policyRequireAllowDecrypt);
  const policyLine = policy === 'FORBID_ENCRYPT_ALLOW_DECRYPT' ? L.policyForbidDecrypt : policy === 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' && !committing ? L.policyRequireAllowDecrypt : undefined;
  return [L.policyConfig, ...(policyLine ? [policyLine] : []), ...read];
}

function policyCase(s: Source, policy: CommitmentPolicy): DecryptCaseData | undefined {
  const committing = s.format === 'v3';
  if (policy === 'FORBID_ENCRYPT_ALLOW_DECRYPT' && committing) return undefined;
  const refused = policy === 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' && !committing;
  const lines = uniqueLines(linesOf(s, policy));
  const { commitmentPolicy: _ignored, ...inputs } = s.case.inputs;
  const what = `${s.producer}'s ${s.format} ${s.content === 'cbc' ? 'AES-CBC' : 'AES-GCM'} object (${s.wrap}, ${s.storage} storage)`;
  return {
    id: `policy/${policy}/${s.case.id.replace(/^recorded\//, '')}`,
    description: refused
      ? `Read under ${policy}, ${what} has no key commitment and is refused by the policy before its content is decrypted.`
      : `Read under ${policy}, ${what} decrypts to its plaintext.`,
    requirements: sectionsOf(lines),
    specLines: lines,
    features: s.case.features,
    flags: ['CommitmentPolicy'],
    provenance: { derived: { from: s.case.id, tampering: [{ op: 'set-request-commitment-policy', policy }] } },
    inputs: { ...inputs, commitmentPolicy: policy },
    expect: refused ? { error: { category: 'config', stage: 'policy' } } : s.case.expect,
  };
}

/** V3-only keys injected into a V2 GCM object in metadata storage, read under REQUIRE_ENCRYPT_REQUIRE_DECRYPT (Java's V3HeaderSpoofing). */
function spoofCases(s: Source): DecryptCaseData[] {
  if (s.format !== 'v2' || s.content !== 'gcm' || s.storage !== 'metadata') return [];
  const policy: CommitmentPolicy = 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';
  const spoofs: [string, Record<string, string>][] = [
    ['c-and-w', { 'x-amz-c': '115', 'x-amz-w': '12' }],
    ['c', { 'x-amz-c': '115' }],
  ];
  return spoofs.map(([name, keys]) => {
    const ops = [...Object.entries(keys).map(([key, value]) => ({ op: 'set-metadata', key, value })), { op: 'set-request-commitment-policy', policy }];
    const lines = uniqueLines([L.policyConfig, L.statusMixed, L.statusV2, L.statusV3, L.v2Exclusive]);
    const { commitmentPolicy: _ignored, ...inputs } = s.case.inputs;
    const metadata = applyTampering({ body: s.body, metadata: inputs.object.metadata }, ops).object.metadata;
    return {
      id: `policy/${policy}/v3-header-spoofing-${name}/${s.case.id.replace(/^recorded\//, '')}`,
      description: `${s.producer}'s V2 AES-GCM object (${s.wrap}) with ${Object.keys(keys).join(' and ')} added, read under ${policy}, holds keys of two format versions and is refused as malformed.`,
      requirements: sectionsOf(lines),
      specLines: lines,
      features: s.case.features,
      flags: ['CommitmentPolicy', 'MixedFormat'],
      provenance: { derived: { from: s.case.id, tampering: ops } },
      inputs: { ...inputs, object: { ...inputs.object, metadata }, commitmentPolicy: policy },
      expect: { error: { category: 'format', stage: 'metadata' } },
    };
  });
}

/** A legacy object (legacy wrap or CBC content) read with both legacy switches off: refused by the configuration. */
function legacyOffCase(s: Source): DecryptCaseData | undefined {
  const wraps = s.case.features.some((f) => f.startsWith('legacy-wrap:'));
  const cbc = s.case.features.includes('legacy-content:cbc');
  if (!wraps && !cbc) return undefined;
  const lines = uniqueLines([
    ...(wraps ? [L.legacyWrapsOption, L.legacyWrapsOff] : []),
    ...(s.case.features.includes('legacy-wrap:kms') ? [L.kmsV1OnlyLegacy] : []),
    ...(cbc ? [L.legacyContentOption, L.legacyContentOff, L.cbcLegacyOff, L.legacyNotUnlessConfigured, L.legacyThrows] : []),
  ]);
  const ops = [{ op: 'set-request-legacy', wraps: false, content: false }];
  const { commitmentPolicy: _ignored, ...inputs } = s.case.inputs;
  const legacy = [wraps ? `the legacy wrap ${s.wrap}` : undefined, cbc ? 'AES-CBC content' : undefined].filter(Boolean).join(' and ');
  return {
    id: `policy/legacy-off/${s.case.id.replace(/^recorded\//, '')}`,
    description: `${s.producer}'s ${s.format} object uses ${legacy}; read with the legacy switches off it is refused by the configuration.`,
    requirements: sectionsOf(lines),
    specLines: lines,
    features: s.case.features,
    flags: ['LegacyOff'],
    provenance: { derived: { from: s.case.id, tampering: ops } },
    inputs: { ...inputs, legacy: { wraps: false, content: false } },
    expect: { error: { category: 'config', stage: 'policy' } },
  };
}

export function policyMatrixFile(root: string = CORPUS_ROOT): GeneratedFile {
  const sources = policySources(loadSources(sourceFiles(root)));
  const cases = sources.flatMap((s) =>
    [...POLICIES.map((p) => policyCase(s, p)).filter((c): c is DecryptCaseData => c !== undefined), ...spoofCases(s), legacyOffCase(s)].filter((c): c is DecryptCaseData => c !== undefined),
  );
  return jsonFile(join(root, 'policy', 'read-matrix.json'), {
    type: 's3ec-decrypt-cases',
    version: 1,
    specCommit: SPEC_COMMIT,
    generator: 'npm run generate (suites/generate/policy-matrix.ts)',
    notes: notesFor(cases.flatMap((c) => c.flags)),
    cases,
  });
}
