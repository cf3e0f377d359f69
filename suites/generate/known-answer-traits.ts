import type { PublicKat } from '../../vectors/load.js';
import type { KeyInput } from '../../vectors/corpus.js';
import { L } from '../lines.js';
import type { SpecLine } from '../spec-lines.js';
import { envelopeKeysOf, positiveReadLines } from '../spec-positive.js';

/** What a known-answer object needs an implementation to claim. */
export function katFeatures(k: PublicKat, isCbc: boolean, key: KeyInput): string[] {
  const f: string[] = [k.format === 'v3' ? 'read:v3' : k.format === 'v1' ? 'read:v1' : 'read:v2'];
  if (isCbc) f.push('legacy-content:cbc');
  if (k.wrap === 'kms') f.push('legacy-wrap:kms');
  if (k.wrap === 'kms+context') f.push('wrap:kms-context');
  if (k.wrap === 'AES') f.push('legacy-wrap:encryption-only');
  if (k.metadataLocation === 'instruction-file') f.push('store:instruction-file');
  else f.push('store:metadata');
  if (k.decryptContext?.providedEncryptionContext !== undefined) f.push('kms:encryption-context-check');
  f.push('kmsKeyId' in key ? 'key:kms' : 'key:aes');
  return f;
}

/** The requirement lines a refused known-answer object checks, from the refusal its source test states. */
function refusalLines(k: PublicKat, isCbc: boolean): SpecLine[] {
  const e = k.expectError!;
  switch (e.phase) {
    case 'policy':
      return k.wrap === 'kms' && !(e.messageContains ?? '').includes('cek') ? [L.legacyWrapsOff, L.kmsV1OnlyLegacy] : isCbc ? [L.legacyContentOff, L.cbcLegacyOff, L.legacyThrows] : [L.legacyWrapsOff];
    case 'commitment':
      return [L.commitmentVerify, L.commitmentMismatchThrows];
    case 'encryption-context':
      return e.category === 'security' ? [L.kmsContextValidate, L.kmsContextMatch, L.kmsContextMismatchThrows] : [L.kmsContextValidate];
    case 'key-unwrap':
      return [L.keyringDecryptDataKey];
    default:
      if (k.id.includes('both-present')) return [L.statusMixed, L.v3Exclusive];
      if (k.id.includes('content-cipher')) return [L.v3C];
      if (k.id.includes('wrap-alg')) return [L.v3W];
      if (k.id.includes('commitment')) return [L.v3D];
      throw new Error(`kat/${k.id}: no requirement lines for a ${e.phase} refusal`);
  }
}

/** The requirement lines a known-answer object checks. */
export function katLines(k: PublicKat, isCbc: boolean, features: readonly string[], legacyWraps: boolean): SpecLine[] {
  if (k.expectError) return refusalLines(k, isCbc);
  const nonAscii = /[^\x00-\x7f]/.test(JSON.stringify(k.metadata ?? {}));
  return positiveReadLines({ features, legacyWraps, nonAscii, envelopeKeys: envelopeKeysOf(k.metadata ?? {}, k.instructionFileBody) });
}
