/**
 * The negative list of issue 13, item by item, as checks over generated cases: each item names
 * the cases that cover it, and an item with none is reported by name.
 */
import type { DecryptCaseData } from '../../vectors/corpus.js';

const WRAP_FEATURES = ['wrap:aes-gcm', 'wrap:rsa-oaep-sha1', 'wrap:kms-context'];

/** Tampering name (third id segment) and the rest of the id. */
function parts(c: DecryptCaseData): { name: string; rest: string } {
  const [, , name = '', ...rest] = c.id.split('/');
  return { name, rest: rest.join('/') };
}

const named =
  (name: string, suffix?: RegExp) =>
  (c: DecryptCaseData): boolean => {
    const p = parts(c);
    return p.name === name && (!suffix || suffix.test(p.rest));
  };

const everyWrap = (name: string, suffix: RegExp) => (cases: readonly DecryptCaseData[]) => WRAP_FEATURES.every((w) => cases.some((c) => named(name, suffix)(c) && c.features.includes(w)));
const some = (test: (c: DecryptCaseData) => boolean) => (cases: readonly DecryptCaseData[]) => cases.some(test);
const all =
  (...checks: ((cases: readonly DecryptCaseData[]) => boolean)[]) =>
  (cases: readonly DecryptCaseData[]) =>
    checks.every((check) => check(cases));

/** Each valid-padding case has its invalid-padding twin from the same source, with the same category. */
function bleichenbacherPairs(cases: readonly DecryptCaseData[]): boolean {
  const pairs = cases.filter(named('rsa-padding-pair', /valid-padding\//)).filter((c) => !c.id.includes('invalid-padding'));
  const kinds = new Set(pairs.map((c) => parts(c).rest.split('/')[0]));
  if (!kinds.has('oaep-valid-padding') || !(kinds.has('pkcs1-valid-padding') || kinds.has('v1-pkcs1-valid-padding'))) return false;
  return pairs.every((valid) => {
    const twin = cases.find((c) => c.id === valid.id.replace('valid-padding', 'invalid-padding'));
    return twin !== undefined && 'error' in twin.expect && 'error' in valid.expect && twin.expect.error.category === valid.expect.error.category;
  });
}

export const NEGATIVE_LIST: readonly { readonly item: string; readonly covered: (cases: readonly DecryptCaseData[]) => boolean }[] = [
  { item: 'bit flip in the tag', covered: some(named('flip-tag-bit')) },
  { item: 'bit flip in the body', covered: some(named('flip-ciphertext-bit')) },
  { item: 'bit flip in the IV', covered: some(named('flip-iv-bit')) },
  { item: 'bit flip in the wrapped key', covered: some(named('flip-wrapped-key-bit')) },
  { item: 'bit flip in the commitment', covered: some(named('flip-commitment-bit')) },
  { item: 'bit flip in the message id', covered: some(named('flip-message-id-bit')) },
  { item: 'GCM to CBC, legacy off, every wrap', covered: everyWrap('downgrade', /^(v3-to-v2-)?cek-to-cbc-legacy-off\//) },
  { item: 'GCM to CBC, legacy on, every wrap', covered: everyWrap('downgrade', /^(v3-to-v2-)?cek-to-cbc-legacy-on\//) },
  { item: 'GCM to CTR, legacy off, every wrap', covered: everyWrap('downgrade', /^(v3-to-v2-)?cek-to-ctr-legacy-off\//) },
  { item: 'GCM to CTR, legacy on, every wrap', covered: everyWrap('downgrade', /^(v3-to-v2-)?cek-to-ctr-legacy-on\//) },
  {
    item: 'kms+context to kms with GCM to CBC, legacy off and on',
    covered: all(some(named('downgrade', /wrap-to-kms-cek-to-cbc-legacy-off\//)), some(named('downgrade', /wrap-to-kms-cek-to-cbc-legacy-on\//))),
  },
  { item: 'wrap-alg swaps', covered: some(named('wrap-alg-swap')) },
  { item: 'mixed V1/V2/V3 keys in one envelope', covered: all(some(named('mixed-v1-key-in-v2')), some(named('mixed-v3-key-in-v2')), some(named('mixed-v2-key-in-v3'))) },
  { item: 'V3 keys injected into V2 objects', covered: some(named('v3-header-spoofing')) },
  { item: 'duplicate or conflicting instruction-file fields', covered: all(some(named('duplicate-instruction-field')), some(named('conflicting-instruction-fields'))) },
  { item: 'V3 commitment keys in the instruction file', covered: some(named('v3-commitment-keys-in-instruction-file')) },
  {
    item: 'truncated bodies, block-aligned and not, CBC and GCM',
    covered: all(some(named('truncate-gcm-1-byte')), some(named('truncate-gcm-16-bytes')), some(named('truncate-cbc-1-byte')), some(named('truncate-cbc-16-bytes'))),
  },
  { item: 'wrong x-amz-tag-len', covered: some(named('wrong-tag-len')) },
  {
    item: 'wrong, subset and superset encryption contexts',
    covered: all(some(named('request-context-mismatch', /^(wrong|wrong-value)\//)), some(named('request-context-mismatch', /^subset\//)), some(named('request-context-mismatch', /^superset\//))),
  },
  { item: 'malformed base64 and JSON', covered: all(some(named('malformed-base64')), some(named('malformed-context-json')), some(named('malformed-instruction-file'))) },
  { item: 'oversized values', covered: some(named('oversized-value')) },
  { item: 'Bleichenbacher pairs (valid vs invalid padding, same category)', covered: bleichenbacherPairs },
  { item: 'missing instruction file', covered: some(named('missing-instruction-file')) },
  { item: 'an instruction file of a different object', covered: some(named('instruction-file-of-another-object')) },
];

/** The items no case covers. */
export function uncovered(cases: readonly DecryptCaseData[]): string[] {
  return NEGATIVE_LIST.filter((i) => !i.covered(cases)).map((i) => i.item);
}
