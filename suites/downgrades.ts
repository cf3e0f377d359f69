/**
 * The downgrade catalogue: every wrap × content downgrade an attacker with write access to an
 * object's metadata can make, read with the legacy switches off and on.
 *
 * In-band algorithm negotiation (CVE-2020-8912) means the reader learns the algorithms from the
 * very metadata the attacker controls. With the switches off a legacy name must be refused by
 * policy (config). With them on, the refusal must come from the cryptography (security): every
 * current wrap binds the data key to the content algorithm (AES/GCM by its AAD, RSA-OAEP-SHA1 in
 * its plaintext, kms+context by `aws:x-amz-cek-alg`, which a legacy `kms` read must not find),
 * so no downgrade may decrypt, not even to garbage. Decrypting GCM ciphertext as CBC would also
 * hand the attacker the CBC padding oracle of CVE-2020-8911.
 */
import type { Feature, StoredObject } from './adapter.js';
import type { RequirementId } from './case.js';
import type { TamperSpec } from './tampers.js';

const LINKS = 'CVE-2020-8912 (https://nvd.nist.gov/vuln/detail/CVE-2020-8912), CVE-2020-8911 (https://nvd.nist.gov/vuln/detail/CVE-2020-8911)';

interface WrapDowngrade {
  /** Name as stored in x-amz-wrap-alg; undefined removes it (EncryptionOnly). */
  readonly to: string | undefined;
  readonly label: string;
  readonly feature: Feature;
}

/** The legacy wraps each current wrap can be renamed to. */
const WRAP_DOWNGRADES: Readonly<Record<string, readonly WrapDowngrade[]>> = {
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

const V3_WRAP_NAMES: Readonly<Record<string, string>> = { '02': 'AES/GCM', '12': 'kms+context', '22': 'RSA-OAEP-SHA1' };

type ContentDowngrade = 'keep' | 'cbc';

function edited(o: StoredObject, change: (m: Record<string, string>) => void): StoredObject {
  const metadata = { ...o.metadata };
  change(metadata);
  return { ...o, metadata };
}

/** V3 keys renamed to their V2 forms: the commitment is dropped, the derived-key ciphertext kept. */
function v3ToV2(m: Record<string, string>): void {
  const wrap = V3_WRAP_NAMES[m['x-amz-w'] ?? ''];
  if (m['x-amz-3'] === undefined || wrap === undefined) throw new Error('downgrade: not a V3 object in metadata storage');
  m['x-amz-key-v2'] = m['x-amz-3'];
  m['x-amz-wrap-alg'] = wrap;
  m['x-amz-matdesc'] = m['x-amz-t'] ?? m['x-amz-m'] ?? '{}';
  m['x-amz-iv'] = Buffer.alloc(12, 0x01).toString('base64'); // the IV V3 content was encrypted under
  m['x-amz-cek-alg'] = 'AES/GCM/NoPadding';
  m['x-amz-tag-len'] = '128';
  for (const key of ['x-amz-3', 'x-amz-w', 'x-amz-t', 'x-amz-m', 'x-amz-c', 'x-amz-d', 'x-amz-i']) delete m[key];
}

/** x-amz-cek-alg to CBC, with the 16-byte IV and absent tag length a CBC object has. */
function contentToCbc(m: Record<string, string>): void {
  m['x-amz-cek-alg'] = 'AES/CBC/PKCS5Padding';
  delete m['x-amz-tag-len'];
  m['x-amz-iv'] = Buffer.concat([Buffer.from(m['x-amz-iv'] ?? '', 'base64'), Buffer.alloc(4)]).toString('base64');
}

function renameWrap(m: Record<string, string>, downgrade: WrapDowngrade): void {
  if (downgrade.to === undefined) delete m['x-amz-wrap-alg'];
  else m['x-amz-wrap-alg'] = downgrade.to;
}

interface Combination {
  readonly format: 'v2' | 'v3';
  readonly wrap: string;
  readonly wrapTo: WrapDowngrade | undefined;
  readonly content: ContentDowngrade;
  readonly legacy: boolean;
}

function combinationName(c: Combination): string {
  const parts = [c.format === 'v3' ? 'v3-to-v2' : undefined, c.wrapTo ? `wrap-to-${c.wrapTo.label}` : undefined, c.content === 'cbc' ? 'cek-to-cbc' : undefined];
  return `downgrade-${parts.filter(Boolean).join('-')}-legacy-${c.legacy ? 'on' : 'off'}`;
}

/**
 * With the switches off, anything legacy is the policy's to refuse. Without a legacy element
 * (V3 keys renamed to V2 only) the switches do not matter: the wrap's binding to `115` refuses it.
 */
function expectedCategory(c: Combination): 'config' | 'security' {
  const usesLegacy = c.wrapTo !== undefined || c.content === 'cbc';
  return usesLegacy && !c.legacy ? 'config' : 'security';
}

function toSpec(c: Combination): TamperSpec {
  const category = expectedCategory(c);
  const changes = [
    c.format === 'v3' ? 'the V3 keys are renamed to V2 ones' : undefined,
    c.wrapTo ? `x-amz-wrap-alg ${c.wrap} becomes ${c.wrapTo.to ?? 'absent (EncryptionOnly)'}` : undefined,
    c.content === 'cbc' ? 'x-amz-cek-alg becomes AES/CBC/PKCS5Padding' : undefined,
  ];
  const legacyFeatures: Feature[] = [...(c.wrapTo ? [c.wrapTo.feature] : []), ...(c.content === 'cbc' ? ['legacy-content:cbc' as const] : [])];
  return {
    name: combinationName(c),
    description: `${changes.filter(Boolean).join(', ')}; the object is read with the legacy switches ${c.legacy ? 'on' : 'off'}`,
    formats: [c.format],
    wraps: [c.wrap],
    requirements: requirementsFor(c),
    features: [...(c.format === 'v3' ? ['read:v2' as const] : []), ...(c.legacy ? legacyFeatures : [])],
    provenance: `${LINKS}; the kms+context to kms case: issue 10 of s3-cse-conformance`,
    legacyOnRead: c.legacy,
    apply: (o) =>
      edited(o, (m) => {
        if (c.format === 'v3') v3ToV2(m);
        if (c.wrapTo) renameWrap(m, c.wrapTo);
        if (c.content === 'cbc') contentToCbc(m);
      }),
    expect: () => ({ category }),
  };
}

function requirementsFor(c: Combination): RequirementId[] {
  const ids: RequirementId[] = ['s3-encryption/materials/s3-keyring.md#ondecrypt'];
  if (c.wrapTo) ids.push('s3-encryption/client.md#enable-legacy-wrapping-algorithms');
  if (c.content === 'cbc') ids.push('s3-encryption/client.md#enable-legacy-unauthenticated-modes', 's3-encryption/decryption.md#cbc-decryption');
  if (c.format === 'v3') ids.push('s3-encryption/decryption.md#key-commitment');
  if (c.wrap === 'kms+context') ids.push(c.wrapTo ? 's3-encryption/materials/s3-kms-keyring.md#kmsv1' : 's3-encryption/materials/s3-kms-keyring.md#kmscontext');
  return ids;
}

function combinations(): Combination[] {
  const all: Combination[] = [];
  for (const [wrap, downgrades] of Object.entries(WRAP_DOWNGRADES)) {
    for (const wrapTo of [undefined, ...downgrades]) {
      for (const content of ['keep', 'cbc'] as const) {
        for (const legacy of [false, true]) {
          all.push({ format: 'v2', wrap, wrapTo, content, legacy }, { format: 'v3', wrap, wrapTo, content, legacy });
        }
      }
    }
  }
  // A V2 object left as it is would not be a downgrade at all.
  return all.filter((c) => c.format === 'v3' || c.wrapTo !== undefined || c.content !== 'keep');
}

export const DOWNGRADES: readonly TamperSpec[] = combinations().map(toSpec);
