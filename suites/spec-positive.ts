/**
 * The requirement lines a decrypt case exercises when it expects the plaintext, from what the
 * object is (its features) and how it is read: a reader that returns the right bytes has detected
 * the format, unwrapped the key the way the wrap prescribes, derived the V3 keys as key-derivation.md
 * states and decrypted the content with the prescribed cipher, or it would have returned other
 * bytes or none. Used by the known-answer generator and the recorder alike.
 */
import { L, L2 } from './lines.js';
import type { SpecLine } from './spec-lines.js';

export interface PositiveRead {
  readonly features: readonly string[];
  /** The reader's legacy-wrap switch (on unless stated). */
  readonly legacyWraps?: boolean;
  /** The object carries a non-ASCII value (a materials description or encryption context). */
  readonly nonAscii?: boolean;
  /** The envelope's keys (object metadata and instruction file), when known. */
  readonly envelopeKeys?: readonly string[];
}

/** The keys of an object's envelope: its metadata and, if any, its instruction file's fields. */
export function envelopeKeysOf(metadata: Readonly<Record<string, string>>, instructionFile: string | undefined): string[] {
  let file: Record<string, unknown> = {};
  try {
    file = instructionFile === undefined ? {} : (JSON.parse(instructionFile) as Record<string, unknown>);
  } catch {
    /* a malformed file has no keys to count */
  }
  return [...Object.keys(metadata), ...Object.keys(file)];
}

const V3_DERIVATION: readonly SpecLine[] = [
  L.statusV3,
  L.policyRequireAllowDecrypt,
  L.commitmentVerify,
  L.hkdfHash,
  L.hkdfIkm,
  L.hkdfIkmLength,
  L.hkdfSalt,
  L.hkdfDekPrk,
  L.hkdfDekLength,
  L.hkdfDekInfo,
  L.hkdfCkPrk,
  L.hkdfCkLength,
  L.hkdfCkInfo,
  L.hkdfIvOnes,
  L.hkdfIvLength,
  L.hkdfCipherInit,
  L.hkdfAad,
];

function formatLines(has: (f: string) => boolean): SpecLine[] {
  if (has('read:v3')) return [...V3_DERIVATION];
  const lines = [has('read:v1') ? L.statusV1 : L.statusV2, L.policyRequireAllowDecrypt];
  if (has('legacy-content:cbc')) lines.push(L.legacyContentOption, L.legacyContentOn, L.cbcCipher);
  return lines;
}

function wrapLines(has: (f: string) => boolean, r: PositiveRead): SpecLine[] {
  const lines: SpecLine[] = [L.keyringDecryptDataKey];
  if (r.features.some((f) => f.startsWith('legacy-wrap:'))) lines.push(L.legacyWrapsOption, L.legacyWrapsOn);
  if (has('legacy-wrap:kms')) lines.push(L.kmsV1Decrypt, L.kmsModeChoice, L.kmsModeV1, L.kmsV1Call, L.kmsV1Blob, L.kmsV1Return);
  if (has('wrap:kms-context')) {
    lines.push(L.kmsContextDecrypt, L.kmsModeChoice, L.kmsModeContext, L.kmsContextCall, L.kmsContextBlob, L.kmsContextEc, L.kmsContextReturn);
    if (r.legacyWraps === false) lines.push(L.kmsContextNotLegacy);
    if (has('kms:encryption-context-check')) lines.push(L.kmsContextValidate, L.kmsContextMatch);
    if (has('read:v3')) lines.push(L.v3ContextUse, L.v3Wrap12);
  }
  if (has('read:v3') && has('wrap:aes-gcm')) lines.push(L.v3Wrap02, L.v3MatDescUse);
  if (has('read:v3') && has('wrap:rsa-oaep-sha1')) lines.push(L.v3Wrap22, L.v3MatDescUse);
  return lines;
}

/** The lines a successful read of such an object exercises. */
export function positiveReadLines(r: PositiveRead): SpecLine[] {
  const has = (f: string): boolean => r.features.includes(f);
  const lines: SpecLine[] = [L2.getImplemented, L.getDecrypts, ...formatLines(has), ...wrapLines(has, r)];
  const raw = has('wrap:aes-gcm') || has('wrap:rsa-oaep-sha1');
  if (has('read:v3') && raw && r.envelopeKeys && !r.envelopeKeys.includes('x-amz-m')) lines.push(L.v3MatDescDefault);
  if (has('store:instruction-file')) lines.push(L.statusInstructionFile, L.ifJson, ...(has('read:v3') ? [] : [L.v1v2AllInInstructionFile]));
  if (has('metadata:rfc2047')) lines.push(L.metadataDoubleEncoding);
  if (r.nonAscii) lines.push(L.utf8);
  return [...new Map(lines.map((l) => [`${l.section}\n${l.quote}`, l])).values()];
}
