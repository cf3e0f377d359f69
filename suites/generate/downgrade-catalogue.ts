/**
 * The downgrade catalogue of suites/downgrades.ts as data: every wrap × content downgrade an
 * attacker with write access to the envelope can make (CVE-2020-8912), read with the legacy
 * switches off and on, plus GCM → CTR. With the switches off anything legacy is the policy's to
 * refuse (config). With them on the refusal comes from the cryptography (security): every current
 * wrap binds the data key to the content algorithm (AES/GCM by its AAD, RSA-OAEP-SHA1 inside its
 * plaintext, kms+context by aws:x-amz-cek-alg, which a legacy kms read refuses to find, issue 10).
 */
import { refuse, type Op, type Tampering, type Variant } from './catalogue-types.js';
import { L, L2 } from '../lines.js';
import type { SpecLine } from '../spec-lines.js';
import { deleteKey, dropKey, renameKey, setKey } from './resolve.js';
import { CURRENT_WRAPS, type Source } from './sources.js';

interface WrapTo {
  /** x-amz-wrap-alg after the downgrade; undefined removes it (EncryptionOnly). */
  readonly to: string | undefined;
  readonly label: string;
  readonly feature: string;
}

const WRAP_DOWNGRADES: Readonly<Record<string, readonly WrapTo[]>> = {
  'AES/GCM': [
    { to: 'AESWrap', label: 'aeswrap', feature: 'legacy-wrap:aeswrap' },
    { to: undefined, label: 'encryption-only', feature: 'legacy-wrap:encryption-only' },
  ],
  'RSA-OAEP-SHA1': [
    { to: 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding', label: 'rsa-oaep-sha256', feature: 'legacy-wrap:rsa-oaep-sha256' },
    { to: undefined, label: 'encryption-only', feature: 'legacy-wrap:encryption-only' },
  ],
  'kms+context': [{ to: 'kms', label: 'kms', feature: 'legacy-wrap:kms' }],
};

type ContentTo = 'keep' | 'cbc' | 'ctr';

interface Combination {
  readonly wrapTo: WrapTo | undefined;
  readonly content: ContentTo;
  readonly legacy: boolean;
}

/** V3 keys renamed to their V2 forms: the commitment is dropped, the derived-key ciphertext kept. */
function v3ToV2(s: Source): Op[] {
  const context = s.envelope['x-amz-t'] !== undefined ? 'x-amz-t' : s.envelope['x-amz-m'] !== undefined ? 'x-amz-m' : undefined;
  return [
    ...renameKey(s, 'x-amz-3', 'x-amz-key-v2'),
    setKey(s, 'x-amz-wrap-alg', s.wrap),
    // With no description stored, x-amz-m is dropped too: a writer may omit it when empty, and delete-metadata of an absent key changes nothing.
    ...(context ? renameKey(s, context, 'x-amz-matdesc') : [setKey(s, 'x-amz-matdesc', '{}'), { op: 'delete-metadata', key: 'x-amz-m' }]),
    // The IV V3 content was encrypted under (twelve 0x01 bytes).
    setKey(s, 'x-amz-iv', Buffer.alloc(12, 1).toString('base64')),
    setKey(s, 'x-amz-cek-alg', 'AES/GCM/NoPadding'),
    setKey(s, 'x-amz-tag-len', '128'),
    ...['x-amz-w', 'x-amz-c', 'x-amz-d', 'x-amz-i', 'x-amz-m', 'x-amz-t'].filter((k) => k !== context).flatMap((k) => [deleteKey(s, k)].filter((op) => op !== undefined)),
  ];
}

function contentOps(s: Source, content: ContentTo): Op[] {
  if (content === 'ctr') return [setKey(s, 'x-amz-cek-alg', 'AES/CTR/NoPadding')];
  if (content === 'keep') return [];
  // A CBC object has a 16-byte IV and no tag length.
  const where = s.storage === 'instruction' ? 'instruction-file' : 'metadata';
  return [
    setKey(s, 'x-amz-cek-alg', 'AES/CBC/PKCS5Padding'),
    // Dropped whether the source had it or a V3-to-V2 rename added it: a CBC envelope with a tag
    // length is malformed (content-metadata.md), and the downgrade is meant to look well formed.
    dropKey(s, 'x-amz-tag-len'),
    { op: 'append-base64', target: where, key: 'x-amz-iv', base64: 'AAAAAA==' },
  ];
}

function combinationName(s: Source, c: Combination): string {
  const parts = [s.format === 'v3' ? 'v3-to-v2' : undefined, c.wrapTo ? `wrap-to-${c.wrapTo.label}` : undefined, c.content === 'keep' ? undefined : `cek-to-${c.content}`];
  return `${parts.filter(Boolean).join('-')}-legacy-${c.legacy ? 'on' : 'off'}`;
}

/** Legacy off: the switch that forbids what the downgrade names. Legacy on: the binding the current wrap keeps. */
function downgradeLines(s: Source, c: Combination, usesLegacy: boolean): SpecLine[] {
  if (c.content === 'ctr') return s.format === 'v3' ? [L.v2CekAlg, L.statusV2] : [L.v2CekAlg];
  if (usesLegacy && !c.legacy) {
    const lines: SpecLine[] = [];
    if (c.wrapTo) lines.push(L.legacyWrapsOff, ...(c.wrapTo.to === 'kms' ? [L.kmsV1OnlyLegacy] : []));
    if (c.content === 'cbc') lines.push(L.legacyContentOff, L.cbcLegacyOff, L.legacyNotUnlessConfigured, L.legacyThrows);
    return lines;
  }
  const lines: SpecLine[] = [L.keyringDecryptDataKey];
  if (s.wrap === 'kms+context') lines.push(c.wrapTo ? L.kmsModeV1 : L.kmsContextEc, L.kmsV1Fails);
  if (s.format === 'v3' && !c.wrapTo && c.content === 'keep') lines.push(L.commitmentVerify);
  if (c.legacy) lines.push(...(c.wrapTo ? [L.legacyWrapsOn] : []), ...(c.content === 'cbc' ? [L.legacyContentOn] : []));
  return lines.length > 1 ? lines : [...lines, L2.delayedAuthOff];
}

function downgradeVariant(s: Source, c: Combination): Variant {
  const usesLegacy = c.wrapTo !== undefined || c.content !== 'keep';
  const changes = [
    s.format === 'v3' ? 'the V3 keys are renamed to V2 ones' : undefined,
    c.wrapTo ? `x-amz-wrap-alg ${s.wrap} becomes ${c.wrapTo.to ?? 'absent (EncryptionOnly)'}` : undefined,
    c.content === 'keep' ? undefined : `x-amz-cek-alg becomes ${c.content === 'cbc' ? 'AES/CBC/PKCS5Padding' : 'AES/CTR/NoPadding'}`,
  ];
  const ops: Op[] = [
    ...(s.format === 'v3' ? v3ToV2(s) : []),
    ...(c.wrapTo ? [c.wrapTo.to === undefined ? dropKey(s, 'x-amz-wrap-alg') : setKey(s, 'x-amz-wrap-alg', c.wrapTo.to)] : []),
    ...contentOps(s, c.content),
  ];
  const legacyFeatures = c.legacy ? [...(c.wrapTo ? [c.wrapTo.feature] : []), ...(c.content === 'cbc' ? ['legacy-content:cbc'] : [])] : [];
  return {
    suffix: combinationName(s, c),
    detail: `${changes.filter(Boolean).join(', ')}; legacy switches ${c.legacy ? 'on' : 'off'}`,
    ops: [...ops, { op: 'set-request-legacy', wraps: c.legacy, content: c.legacy }],
    expect: expectationOf(c, usesLegacy),
    lines: downgradeLines(s, c, usesLegacy),
    features: [...(s.format === 'v3' ? ['read:v2'] : []), ...legacyFeatures],
    flags: [c.legacy ? 'LegacyOn' : 'LegacyOff', ...(c.content === 'cbc' && c.legacy ? ['PaddingOracle'] : [])],
  };
}

/**
 * AES/CTR is no content algorithm of the format (S3EC uses CTR only inside ranged GETs of GCM
 * objects), so naming it is an unknown algorithm whatever the switches say. Otherwise a legacy
 * name is the policy's to refuse with the switches off, the cryptography's with them on.
 */
function expectationOf(c: Combination, usesLegacy: boolean): ReturnType<typeof refuse> {
  if (c.content === 'ctr') return refuse('unsupported', 'metadata');
  return usesLegacy && !c.legacy ? refuse('config', 'policy') : refuse('security', 'key-unwrap');
}

/** Every downgrade of a source's format and wrap, each read with the legacy switches off and on. */
export function downgradeVariants(s: Source): Variant[] {
  return combinations(s).map((c) => downgradeVariant(s, c));
}

function combinations(s: Source): Combination[] {
  const all: Combination[] = [];
  for (const wrapTo of [undefined, ...(WRAP_DOWNGRADES[s.wrap] ?? [])]) {
    for (const content of ['keep', 'cbc', 'ctr'] as const) {
      // CTR is paired with the wrap left as it is; a V2 object left as it is is no downgrade.
      if (content === 'ctr' && wrapTo) continue;
      if (s.format === 'v2' && !wrapTo && content === 'keep') continue;
      for (const legacy of [false, true]) all.push({ wrapTo, content, legacy });
    }
  }
  return all;
}

export const DOWNGRADES: readonly Tampering[] = [
  {
    name: 'downgrade',
    area: 'downgrades',
    description: 'A downgrade (CVE-2020-8912)',
    flags: ['AlgorithmDowngrade'],
    lines: [],
    applies: { formats: ['v2', 'v3'], wraps: CURRENT_WRAPS, contents: ['gcm'] },
    sizes: [17],
    build: (s) => (s.format === 'v3' && s.storage === 'instruction' ? undefined : downgradeVariants(s)),
  },
];
