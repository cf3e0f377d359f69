/**
 * `Envelope` -> content metadata (and instruction file). Writers emit lower-case keys and string
 * values only (docs/format-notes.md §1.1, §9 "Writer recipe"). Only the current formats are writable: V2 with
 * AES-GCM and V3 with the committing suite (content-metadata.md "Algorithm Suite and Message Format
 * Version Compatibility"); V1 and CBC exist here to be read, never written.
 */
import { CONTENT, GCM_IV_BYTES, V3_COMMITMENT_BYTES, V3_MESSAGE_ID_BYTES, WRAP, wrapSpec } from '../algorithms.js';
import { encodeBase64 } from '../base64.js';
import { fail } from '../errors.js';
import type { Envelope, StorageMode } from './envelope.js';
import * as K from './keys.js';

export interface EncodedEnvelope {
  metadata: Record<string, string>;
  instructionFile?: Record<string, string>;
}

export function encodeEnvelope(env: Envelope, storage: StorageMode): EncodedEnvelope {
  const fields = env.format === 'v3' ? v3Fields(env) : v2Fields(env);
  if (storage === 'metadata') return { metadata: fields };
  if (storage !== 'instruction') return fail('INVALID_ARGUMENT', `unknown storage mode ${JSON.stringify(storage)}`);
  // V1/V2: the whole envelope goes in the file; the length stays on the object as J1 does (docs/format-notes.md §5.2).
  // V3: x-amz-c/d/i MUST stay in object metadata, the rest MUST go in the file (metadata-strategy.md).
  //= specification/s3-encryption/data-format/metadata-strategy.md#v1-v2-instruction-files
  //# In the V1/V2 message format, all of the content metadata MUST be stored in the Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST store the mapkey "x-amz-c" and its value in the Object Metadata when writing with an Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST NOT store the mapkey "x-amz-c" and its value in the Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST store the mapkey "x-amz-d" and its value in the Object Metadata when writing with an Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST NOT store the mapkey "x-amz-d" and its value in the Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST store the mapkey "x-amz-i" and its value in the Object Metadata when writing with an Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST NOT store the mapkey "x-amz-i" and its value in the Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST store the mapkey "x-amz-3" and its value in the Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST store the mapkey "x-amz-w" and its value in the Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST store the mapkey "x-amz-m" and its value (when present in the content metadata) in the Instruction File.
  //= specification/s3-encryption/data-format/metadata-strategy.md#v3-instruction-files
  //# - The V3 message format MUST store the mapkey "x-amz-t" and its value (when present in the content metadata) in the Instruction File.
  const objectKeys: readonly string[] = env.format === 'v3' ? K.V3_OBJECT_ONLY_KEYS : [K.UNENCRYPTED_CONTENT_LENGTH];
  const metadata: Record<string, string> = {};
  const instructionFile: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    (objectKeys.includes(key) ? metadata : instructionFile)[key] = value;
  }
  return { metadata, instructionFile };
}

//= specification/s3-encryption/data-format/content-metadata.md#algorithm-suite-and-message-format-version-compatibility
//# Objects encrypted with ALG_AES_256_GCM_IV12_TAG16_NO_KDF MUST use the V2 message format version only.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-key-v2" MUST be present for V2 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-matdesc" MUST be present for V2 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-iv" MUST be present for V2 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-wrap-alg" MUST be present for V2 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-cek-alg" MUST be present for V2 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - If the object is encrypted using AES-GCM for content encryption, then the the mapkey "x-amz-tag-len" MUST be present.
function v2Fields(env: Envelope): Record<string, string> {
  if (env.format !== 'v2' || env.content !== 'gcm') {
    fail('UNSUPPORTED', `cannot write ${env.format} metadata with content ${env.content}; only V2 AES/GCM or V3 are written`);
  }
  if (env.wrap === 'none') fail('UNSUPPORTED', 'V2 metadata requires a key wrap algorithm');
  const iv = requireBytes(env.iv, 'iv', GCM_IV_BYTES);
  const fields: Record<string, string> = {
    [K.ENCRYPTED_DATA_KEY_V2]: encodeBase64(requireKey(env.encryptedKey)),
    [K.CONTENT_IV]: encodeBase64(iv),
    [K.MAT_DESC]: JSON.stringify(env.description),
    [K.WRAP_ALG]: env.wrap,
    [K.CONTENT_CIPHER]: CONTENT.gcm.id,
    [K.TAG_LENGTH]: '128',
  };
  return withLength(fields, env);
}

//= specification/s3-encryption/data-format/content-metadata.md#algorithm-suite-and-message-format-version-compatibility
//# Objects encrypted with ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY MUST use the V3 message format version only.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-c" MUST be present for V3 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-3" MUST be present for V3 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-w" MUST be present for V3 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-d" MUST be present for V3 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - The mapkey "x-amz-i" MUST be present for V3 format objects.
//= specification/s3-encryption/data-format/content-metadata.md#v3-only
//# The Material Description MUST be used for wrapping algorithms `AES/GCM` (`02`) and `RSA-OAEP-SHA1` (`22`).
//= specification/s3-encryption/data-format/content-metadata.md#v3-only
//# The Encryption Context value MUST be used for wrapping algorithm `kms+context` or `12`.
function v3Fields(env: Envelope): Record<string, string> {
  if (env.content !== 'gcm-committing') {
    fail('UNSUPPORTED', `cannot write V3 metadata with content ${env.content}`);
  }
  const code = wrapSpec(env.wrap)?.v3Code;
  if (code === undefined) fail('UNSUPPORTED', `key wrap ${env.wrap} has no V3 code`);
  const fields: Record<string, string> = {
    [K.CONTENT_CIPHER_V3]: CONTENT['gcm-committing'].id,
    [K.ENCRYPTED_DATA_KEY_V3]: encodeBase64(requireKey(env.encryptedKey)),
    [K.ENCRYPTED_DATA_KEY_ALGORITHM_V3]: code,
  };
  // kms+context always writes x-amz-t (it holds aws:x-amz-cek-alg); x-amz-m only when non-empty, as J4 does (docs/format-notes.md §1.3).
  if (env.wrap === WRAP.KMS_CONTEXT) fields[K.ENCRYPTION_CONTEXT_V3] = JSON.stringify(env.description);
  else if (Object.keys(env.description).length > 0) fields[K.MAT_DESC_V3] = JSON.stringify(env.description);
  fields[K.MESSAGE_ID_V3] = encodeBase64(requireBytes(env.messageId, 'messageId', V3_MESSAGE_ID_BYTES));
  fields[K.KEY_COMMITMENT_V3] = encodeBase64(requireBytes(env.commitment, 'commitment', V3_COMMITMENT_BYTES));
  return fields;
}

function requireKey(key: Uint8Array): Uint8Array {
  if (key.length === 0) fail('INVALID_ARGUMENT', 'envelope has an empty encrypted data key');
  return key;
}

function requireBytes(bytes: Uint8Array | undefined, name: string, length: number): Uint8Array {
  if (bytes?.length !== length) fail('INVALID_ARGUMENT', `envelope ${name} must be ${length} bytes`);
  return bytes;
}

/** J4 does not write the length for V3, so only V2 carries it here (docs/format-notes.md §1.3, §10). */
function withLength(fields: Record<string, string>, env: Envelope): Record<string, string> {
  const n = env.plaintextLength;
  if (n === undefined) return fields;
  if (!Number.isSafeInteger(n) || n < 0) fail('INVALID_ARGUMENT', 'plaintextLength must be a non-negative integer');
  return { ...fields, [K.UNENCRYPTED_CONTENT_LENGTH]: String(n) };
}
