/**
 * A recorded decrypt case read by the in-process reference on an embedded target, with nothing but
 * the case: its key by name from vectors/keys/keys.json, or for KMS only its recorded answers
 * (the target's KMS holds no key, so nothing else could unwrap the data key).
 */
import { referenceImplementation } from '../../implementations/reference/in-process.js';
import type { KeySpec } from '../../suites/adapter.js';
import { bodyOf, sha256Hex, type DecryptCaseData } from '../../vectors/corpus.js';
import { loadKeysManifest } from '../environment.js';
import { kmsClientFor } from '../targets/embedded/clients.js';
import type { RunningEmbeddedTarget } from '../targets/embedded/target.js';

export type RecordedOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function keySpecFor(c: DecryptCaseData, target: RunningEmbeddedTarget): KeySpec {
  const ref = c.inputs.key;
  if (!('name' in ref)) throw new Error(`${c.id}: recorded cases name their key`);
  const k = loadKeysManifest().keys[ref.name];
  if (!k) throw new Error(`${c.id}: no key ${ref.name}`);
  if (k.type === 'aes') return { type: 'aes', keyHex: k.material };
  if (k.type === 'rsa') return { type: 'rsa', privatePem: k.private, publicPem: k.public };
  return { type: 'kms', keyId: k.keyId, kmsEndpoint: target.kmsEndpoint };
}

/** Decrypts `c` (body read from beside its case file) and compares with its expected plaintext. */
export async function decryptRecorded(c: DecryptCaseData, caseFileDir: string, target: RunningEmbeddedTarget, replay = true): Promise<RecordedOutcome> {
  const impl = referenceImplementation((endpoint) => kmsClientFor(endpoint ?? target.kmsEndpoint));
  if (replay) {
    for (const a of c.inputs.kms ?? []) {
      target.kmsReplay.register({
        ciphertextBlob: Buffer.from(a.ciphertextBlob, 'base64'),
        plaintext: Buffer.from(a.plaintext, 'base64'),
        keyId: a.keyId,
        ...(a.encryptionContext ? { expectedEncryptionContext: a.encryptionContext } : {}),
      });
    }
  }
  const { object } = c.inputs;
  const stored = { body: bodyOf(c, caseFileDir), metadata: object.metadata, ...(object.instructionFile === undefined ? {} : { instructionFile: object.instructionFile }) };
  try {
    const plaintext = await impl.decrypt({
      object: stored,
      key: keySpecFor(c, target),
      legacy: c.inputs.legacy,
      ...(c.inputs.encryptionContext ? { encryptionContext: c.inputs.encryptionContext } : {}),
    });
    const expect = c.expect as { plaintext: { sha256: string; length: number } };
    if (plaintext.length === expect.plaintext.length && sha256Hex(plaintext) === expect.plaintext.sha256) return { ok: true };
    return { ok: false, reason: `plaintext of ${plaintext.length} bytes differs from the recorded one` };
  } catch (e) {
    const err = e as { category?: string; code?: string; message?: string };
    return { ok: false, reason: `${err.category ?? 'error'} ${err.code ?? ''}: ${(err.message ?? String(e)).slice(0, 300)}` };
  }
}
