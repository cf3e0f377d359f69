/**
 * The keys a matrix run hands to every adapter: the public test keys of vectors/keys/keys.json
 * (or the S3CSE_KEYS_FILE that replaces it) in the protocol's encoding, and a KMS key created on the target (with the manifest's id and
 * material where the target allows it, so recorded KMS vectors stay decryptable).
 */
import { createPrivateKey } from 'node:crypto';
import type { KeyKind } from '../protocol/vocabulary.js';
import { keysFilePath, loadKeysManifest } from './environment.js';
import type { KeyMaterial } from '../protocol/messages.js';
import type { RunningTarget } from './targets/target.js';

export async function adapterKeys(target: RunningTarget, names = { aes: 'aes-256-a', rsa: 'rsa-2048-a', kms: 'kms-a' }): Promise<Record<KeyKind, KeyMaterial>> {
  const { keys } = loadKeysManifest();
  const aes = keys[names.aes];
  const rsa = keys[names.rsa];
  const kms = keys[names.kms];
  if (aes?.type !== 'aes' || rsa?.type !== 'rsa' || kms?.type !== 'kms') throw new Error(`${keysFilePath()} lacks the matrix keys ${Object.values(names).join(', ')}`);
  const der = createPrivateKey(rsa.private).export({ format: 'der', type: 'pkcs8' });
  // The key may exist already: the suites' environment creates the same one on first use.
  const known = target.supportsKnownKeyMaterial && target.kmsReplay?.hasKey(kms.keyId) === true;
  const kmsKeyId = known ? kms.keyId : target.supportsKnownKeyMaterial ? await target.createKmsKey({ keyId: kms.keyId, material: Buffer.from(kms.material, 'hex') }) : await target.createKmsKey();
  return {
    aes: { aesKey: Buffer.from(aes.material, 'hex').toString('base64') },
    rsa: { rsaKey: der.toString('base64') },
    kms: { kmsKeyId },
  };
}
