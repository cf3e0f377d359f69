import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Key files as EMRFS users keep them: DER, as the EMRFSRSAEncryptionMaterialsProvider README has
 * openssl write them (PKCS#8 private, X.509 SubjectPublicKeyInfo public), or the same in PEM.
 */
export function privateKeyFrom(bytes: Buffer): KeyObject {
  return isPem(bytes) ? createPrivateKey(bytes.toString('utf8')) : createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
}

export function publicKeyFrom(bytes: Buffer): KeyObject {
  return isPem(bytes) ? createPublicKey(bytes.toString('utf8')) : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
}

function isPem(bytes: Buffer): boolean {
  return bytes.subarray(0, 64).toString('latin1').trimStart().startsWith('-----BEGIN');
}
