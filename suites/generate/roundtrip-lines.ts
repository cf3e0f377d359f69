/**
 * The requirement lines of the round-trip cases. A round trip writes an object, checks its envelope
 * with suites/envelope-checks.ts (every key the format requires, its encoding and its place) and
 * reads it back, so it checks the write side of the format as well as the read side.
 */
import { L, L2 } from '../lines.js';
import { sectionsOf, uniqueLines, type SpecLine } from '../spec-lines.js';
import { authenticatedContent, unwrapFails } from './rule-lines.js';
import type { Source } from './sources.js';

type Format = 'v2' | 'v3';
type Storage = 'metadata' | 'instruction';

const WRITE_V2: readonly SpecLine[] = [L.gcmV2Only, L.gcmCipherInit, L.gcmTagAppended, L.v2Key, L.v2Iv, L.v2WrapAlg, L.v2CekAlg, L.v2TagLenGcm, L.statusV2];
const WRITE_V3: readonly SpecLine[] = [
  L.committingV3Only,
  L.committingHkdf,
  L.committingStored,
  L.committingTagAppended,
  L.v3C,
  L.v3Key,
  L.v3W,
  L.v3D,
  L.v3I,
  L.statusV3,
  L.commitmentVerify,
  L.hkdfSalt,
  L.hkdfIvOnes,
  L.hkdfAad,
  L.hkdfCipherInit,
];
const V3_CODES: Record<string, SpecLine> = { 'AES/GCM': L.v3Wrap02, 'kms+context': L.v3Wrap12, 'RSA-OAEP-SHA1': L.v3Wrap22 };

function wrapWriteLines(format: Format, wrap: string): SpecLine[] {
  const lines: SpecLine[] = [];
  if (wrap === 'kms+context') {
    lines.push(
      L.kmsContextEncrypt,
      L2.kmsEncryptImplemented,
      L2.kmsEncryptPdk,
      L.kmsEncryptCall,
      L.kmsEncryptContext,
      L.kmsEncryptBlob,
      L.kmsContextDecrypt,
      L.kmsModeContext,
      L.kmsContextCall,
      L.kmsContextReturn,
    );
    if (format === 'v3') lines.push(L.v3Context, L.v3ContextUse);
  } else lines.push(L.keyringGenerate);
  if (format === 'v3') lines.push(V3_CODES[wrap]!);
  return lines;
}

function storageLines(format: Format, storage: Storage, wrap: string): SpecLine[] {
  if (storage === 'metadata') return [];
  const lines: SpecLine[] = [L.ifWrite, L.ifJson, L.statusInstructionFile];
  if (format === 'v2') return [...lines, L.v1v2AllInInstructionFile];
  lines.push(L.v3CdiInMetadata, L.v3IfCInMeta, L.v3IfCNotInFile, L.v3IfDInMeta, L.v3IfDNotInFile, L.v3IfIInMeta, L.v3IfINotInFile, L.v3If3InFile, L.v3IfWInFile);
  if (wrap === 'kms+context') lines.push(L.v3IfTInFile);
  return lines;
}

/** The lines a write-and-read-back of one combination checks. */
export function roundTripLines(format: Format, wrap: string, storage: Storage): SpecLine[] {
  return uniqueLines([
    L2.putImplemented,
    L2.getImplemented,
    L.putEncrypts,
    L.getDecrypts,
    L.prefixAmz,
    L.ivLength,
    L.ivStored,
    ...(format === 'v2' ? WRITE_V2 : WRITE_V3),
    ...wrapWriteLines(format, wrap),
    ...storageLines(format, storage, wrap),
  ]);
}

/** A stand-in source for the source-dependent rules: only format and wrap are read. */
const asSource = (format: Format, wrap: string): Source => ({ format, wrap }) as unknown as Source;

/** The lines of the round-trip tamper cases, by tamper name. */
export function tamperLines(name: string, format: Format, wrap: string): SpecLine[] {
  const s = asSource(format, wrap);
  switch (name) {
    case 'flip-message-id-bit':
      return [L.commitmentVerify, L.commitmentMismatchThrows, L.hkdfSalt];
    case 'flip-commitment-bit':
      return [L.commitmentVerify, L.commitmentMismatchThrows, L.v3D];
    case 'flip-wrapped-key-bit':
      return unwrapFails(s);
    case 'context-cek-alg-changed':
      return [L.kmsContextEc, L.kmsContextFails];
    default:
      return authenticatedContent(s);
  }
}

export const citing = (lines: readonly SpecLine[]): { requirements: string[]; specLines: SpecLine[] } => {
  const unique = uniqueLines(lines);
  return { requirements: sectionsOf(unique), specLines: unique };
};
