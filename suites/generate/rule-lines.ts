/**
 * Requirement lines the negative catalogue's rules cite, where they depend on the source object
 * (its format, wrap or storage). Plain lists are written in the rules themselves.
 */
import { L, L2 } from '../lines.js';
import type { SpecLine } from '../spec-lines.js';
import type { Source } from './sources.js';

/** A reader refusing a body whose authentication fails has released no plaintext. */
export const authenticatedContent = (s: Source): SpecLine[] =>
  s.format === 'v3' ? [L.getDecrypts, L2.delayedAuthOff, L.hkdfCipherInit, L.hkdfAad] : [L.getDecrypts, L2.delayedAuthOff, L.gcmCipherInit];

/** The wrapped key fails to unwrap: the keyring's DecryptDataKey, and KMS's failure for KMS wraps. */
export function unwrapFails(s: Source): SpecLine[] {
  const lines: SpecLine[] = [L.keyringDecryptDataKey];
  if (s.wrap === 'kms+context') lines.push(L.kmsContextCall, L.kmsContextFails);
  if (s.wrap === 'kms') lines.push(L.kmsV1Call, L.kmsV1Fails);
  return lines;
}

/** The mapkeys the format requires of the object's wrapped key and IV (or V3 equivalents). */
export function binaryMapkeys(s: Source): SpecLine[] {
  if (s.format === 'v3') return [L.v3Key, L.v3D, L.v3I];
  if (s.format === 'v1') return [L.v1Key, L.v1Iv];
  return [L.v2Key, L.v2Iv];
}

/** The mapkeys exclusive to the object's format version, and the object-status rules. */
export function exclusiveMapkeys(s: Source): SpecLine[] {
  const exclusive = s.format === 'v3' ? L.v3Exclusive : s.format === 'v1' ? L.v1Exclusive : L.v2Exclusive;
  const status = s.format === 'v3' ? L.statusV3 : s.format === 'v1' ? L.statusV1 : L.statusV2;
  return [L.statusMixed, status, exclusive];
}

/** The algorithm fields of the format. */
export const algorithmFields = (s: Source): SpecLine[] => (s.format === 'v3' ? [L.v3C, L.v3W] : [L.v2CekAlg, L.v2WrapAlg]);

/** The wrap code or name the object states, as the reader's key is asked to fit it. */
export function wrapField(s: Source): SpecLine[] {
  if (s.format !== 'v3') return [L.v2WrapAlg, L.keyringDecryptDataKey];
  const code = s.wrap === 'AES/GCM' ? L.v3Wrap02 : s.wrap === 'kms+context' ? L.v3Wrap12 : L.v3Wrap22;
  return [L.v3W, code, L.keyringDecryptDataKey];
}

/** Another object's instruction file: the wrong data key for this body. */
export const foreignInstructionFile = (s: Source): SpecLine[] =>
  s.format === 'v3' ? [L.statusInstructionFile, L.commitmentVerify, L.commitmentMismatchThrows] : [L.statusInstructionFile, L.v1v2AllInInstructionFile, L.getDecrypts, L2.delayedAuthOff];
