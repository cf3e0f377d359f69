/**
 * The one recipe every write follows (putObject, the offline encryptObject, and multipart
 * upload, whose body arrives over many calls): a keyring wraps a fresh data key, a random IV (V2)
 * or message id (V3) is drawn, the GCM cipher is started, and the envelope is encoded for the
 * storage mode. The data key (and the V3 derived key) are zeroed before this returns: the cipher
 * keeps its own copy.
 */
import { randomBytes, type CipherGCM } from 'node:crypto';
import { contentFor, GCM_IV_BYTES, V3_MESSAGE_ID_BYTES, type WriteFormat } from '../algorithms.js';
import { deriveCommittedKeys, V3_CONTENT_AAD, V3_CONTENT_IV } from '../content/committing.js';
import { createGcmCipher } from '../content/gcm.js';
import { DataKeyMaterials } from '../materials.js';
import { encodeEnvelope } from '../metadata/codec.js';
import type { Envelope } from '../metadata/envelope.js';
import { serializeInstructionFile } from '../metadata/instruction-file.js';
import { objectRef, type WriteRequest, type WriteSettings } from './options.js';

interface SealedObject {
  /** The started GCM cipher: the body (or every part, in order) goes through it. */
  readonly cipher: CipherGCM;
  /** S3EC metadata for the object (all of it, or V3's c/d/i in instruction-file mode). */
  readonly metadata: Record<string, string>;
  /** Instruction-file body (JSON), in instruction-file storage mode. */
  readonly instructionFile?: string;
}

type CipherFields = Pick<Envelope, 'iv' | 'messageId' | 'commitment'> & { readonly format: WriteFormat };

export async function sealObject(settings: WriteSettings, request: WriteRequest): Promise<SealedObject> {
  const content = contentFor(settings.format);
  const { description } = request;
  const keyring = await settings.provider.encryptionKeyring({ ...objectRef(request), description });
  const materials = new DataKeyMaterials();
  try {
    const wrapped = await keyring.wrap({ content, description });
    materials.setDataKey(wrapped.dataKey);
    const { fields, cipher } = startCipher(settings.format, materials);
    const envelope: Envelope = {
      ...fields,
      content,
      wrap: wrapped.wrap,
      encryptedKey: wrapped.encryptedKey,
      description: wrapped.description,
      ...(request.plaintextLength === undefined ? {} : { plaintextLength: request.plaintextLength }),
    };
    const encoded = encodeEnvelope(envelope, settings.storage);
    return {
      cipher,
      metadata: encoded.metadata,
      ...(encoded.instructionFile ? { instructionFile: serializeInstructionFile(encoded.instructionFile) } : {}),
    };
  } finally {
    materials.zero();
  }
}

/** V3: HKDF-derived key, fixed IV, suite-id AAD, and the commitment to store; V2: the data key and a random IV. */
function startCipher(format: WriteFormat, materials: DataKeyMaterials): { fields: CipherFields; cipher: CipherGCM } {
  if (format === 'v3') {
    const messageId = randomBytes(V3_MESSAGE_ID_BYTES);
    const keys = deriveCommittedKeys(materials.dataKey, messageId);
    const key = materials.adopt(keys.encryptionKey);
    return { fields: { format, messageId, commitment: keys.commitment }, cipher: createGcmCipher({ key, iv: V3_CONTENT_IV, aad: V3_CONTENT_AAD }) };
  }
  const iv = randomBytes(GCM_IV_BYTES);
  return { fields: { format, iv }, cipher: createGcmCipher({ key: materials.dataKey, iv }) };
}
