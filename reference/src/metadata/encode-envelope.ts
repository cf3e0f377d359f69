/**
 * `Envelope` -> content metadata (and instruction file). Writers emit lower-case keys and string
 * values only (format.md §1.1, §9 "Writer recipe"). Only the current formats are writable: V2 with
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
  // V1/V2: the whole envelope goes in the file; the length stays on the object as J1 does (format.md §5.2).
  // V3: x-amz-c/d/i MUST stay in object metadata, the rest MUST go in the file (metadata-strategy.md).
  const objectKeys: readonly string[] = env.format === 'v3' ? K.V3_OBJECT_ONLY_KEYS : [K.UNENCRYPTED_CONTENT_LENGTH];
  const metadata: Record<string, string> = {};
  const instructionFile: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    (objectKeys.includes(key) ? metadata : instructionFile)[key] = value;
  }
  return { metadata, instructionFile };
}

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
  // kms+context always writes x-amz-t (it holds aws:x-amz-cek-alg); x-amz-m only when non-empty, as J4 does (format.md §1.3).
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

/** J4 does not write the length for V3, so only V2 carries it here (format.md §1.3, §10). */
function withLength(fields: Record<string, string>, env: Envelope): Record<string, string> {
  const n = env.plaintextLength;
  if (n === undefined) return fields;
  if (!Number.isSafeInteger(n) || n < 0) fail('INVALID_ARGUMENT', 'plaintextLength must be a non-negative integer');
  return { ...fields, [K.UNENCRYPTED_CONTENT_LENGTH]: String(n) };
}
