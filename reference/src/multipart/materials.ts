/**
 * Keys and envelope for a multipart upload, made once at CreateMultipartUpload: one wrapped data
 * key, one IV (V2) or message id (V3), and the GCM cipher every part then runs through. The same
 * recipe as `pipeline/encrypt.ts`, but handing out the cipher itself, because the body arrives
 * over many calls. No plaintext length is stored: it is not known when the upload starts (the
 * Java client does not store one for multipart uploads either).
 */
import { createCipheriv, randomBytes, type CipherGCM } from 'node:crypto';
import { aesKeyBits, contentFor, GCM_IV_BYTES, GCM_TAG_BYTES, V3_MESSAGE_ID_BYTES } from '../algorithms.js';
import { deriveCommittedKeys, V3_CONTENT_AAD, V3_CONTENT_IV } from '../content/committing.js';
import { fail } from '../errors.js';
import { encodeEnvelope } from '../metadata/codec.js';
import type { Description, Envelope, StorageMode } from '../metadata/envelope.js';
import { serializeInstructionFile } from '../metadata/instruction-file.js';
import { copyDescription, providerFor, type KeySource } from '../pipeline/options.js';
import type { WriteFormat } from '../algorithms.js';

export interface UploadMaterialsRequest {
  readonly keys: KeySource;
  readonly format: WriteFormat;
  readonly storage: StorageMode;
  readonly description?: Description;
  readonly bucket: string;
  readonly key: string;
}

export interface UploadMaterials {
  readonly cipher: CipherGCM;
  /** S3EC metadata for CreateMultipartUpload (all of it, or V3's c/d/i in instruction-file mode). */
  readonly metadata: Record<string, string>;
  /** Instruction-file body, in instruction-file storage mode. */
  readonly instructionFile?: string;
}

export async function prepareUploadMaterials(request: UploadMaterialsRequest): Promise<UploadMaterials> {
  const content = contentFor(request.format);
  const description = copyDescription(request.description);
  const keyring = await providerFor(request.keys).encryptionKeyring({ bucket: request.bucket, key: request.key, description });
  const wrapped = await keyring.wrap({ content, description });
  const base = { content, wrap: wrapped.wrap, encryptedKey: wrapped.encryptedKey, description: wrapped.description };

  let envelope: Envelope;
  let cipher: CipherGCM;
  if (request.format === 'v3') {
    const messageId = randomBytes(V3_MESSAGE_ID_BYTES);
    const keys = deriveCommittedKeys(wrapped.dataKey, messageId);
    envelope = { ...base, format: 'v3', messageId, commitment: keys.commitment };
    cipher = gcmCipher(keys.encryptionKey, V3_CONTENT_IV);
    cipher.setAAD(V3_CONTENT_AAD);
  } else {
    const iv = randomBytes(GCM_IV_BYTES);
    envelope = { ...base, format: 'v2', iv };
    cipher = gcmCipher(wrapped.dataKey, iv);
  }
  const encoded = encodeEnvelope(envelope, request.storage);
  return {
    cipher,
    metadata: encoded.metadata,
    ...(encoded.instructionFile ? { instructionFile: serializeInstructionFile(encoded.instructionFile) } : {}),
  };
}

function gcmCipher(key: Uint8Array, iv: Uint8Array): CipherGCM {
  const bits = aesKeyBits(key.byteLength);
  if (bits === undefined) fail('INVALID_ARGUMENT', `the keyring returned a ${key.byteLength}-byte data key; AES-GCM needs 16, 24 or 32`);
  return createCipheriv(`aes-${bits}-gcm`, key, iv, { authTagLength: GCM_TAG_BYTES });
}
