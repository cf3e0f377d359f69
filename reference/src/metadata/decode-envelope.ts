/**
 * Content metadata (object metadata and/or instruction file) -> `Envelope`.
 * Rules: SPEC data-format/content-metadata.md and metadata-strategy.md; docs/format-notes.md §1.3-§1.4, §5.
 * Checks run in a fixed order (format, algorithms, then binary fields) so a value of an unknown
 * algorithm is reported as UNSUPPORTED rather than as a length error on a field it would not use.
 */
import { CONTENT, V3_COMMITMENT_BYTES, V3_MESSAGE_ID_BYTES, WRAP, wrapForV3Code, wrapNamed, type ContentAlgorithm, type WrapAlgorithm } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Envelope, FormatVersion } from './envelope.js';
import {
  assertAbsent,
  assertSingleExclusiveKey,
  descriptionField,
  encryptedKeyField,
  field,
  fixedLengthField,
  has,
  lengthField,
  nonZeroField,
  presentExclusiveKeys,
  requireField,
  type MetadataMap,
} from './fields.js';
import * as K from './keys.js';

/** J1 `CryptoRangeGetMode` also lists this spelling; it is the same cipher (docs/format-notes.md §1.3). */
const CEK_CBC_PKCS7 = 'AES/CBC/PKCS7Padding';
const isCbcName = (cek: string): boolean => cek === CONTENT.cbc.id || cek === CEK_CBC_PKCS7;

export function decodeEnvelope(objectMeta: MetadataMap, instructionFile?: MetadataMap): Envelope {
  const meta = instructionFile === undefined ? fromObjectMetadata(objectMeta) : merge(objectMeta, instructionFile);
  assertSingleExclusiveKey(meta);
  if (has(meta, K.ENCRYPTED_DATA_KEY_V3)) return decodeV3(meta);
  if (has(meta, K.ENCRYPTED_DATA_KEY_V2)) return decodeV1V2(meta, 'v2');
  if (has(meta, K.ENCRYPTED_DATA_KEY_V1)) return decodeV1V2(meta, 'v1');
  return fail('MALFORMED_METADATA', 'instruction file holds no wrapped data key (x-amz-key, x-amz-key-v2 or x-amz-3)');
}

function fromObjectMetadata(meta: MetadataMap): MetadataMap {
  if (presentExclusiveKeys(meta).length > 0) return meta;
  if (K.V3_OBJECT_ONLY_KEYS.some((key) => has(meta, key))) {
    fail('INSTRUCTION_FILE_MISSING', 'object metadata holds only V3 x-amz-c/x-amz-d/x-amz-i; the instruction file is required');
  }
  return fail('NOT_ENCRYPTED', 'object metadata holds no S3EC envelope and no instruction file was given');
}

/**
 * An instruction file replaces the object's envelope. For V3 the file holds x-amz-3/w/m/t and the
 * object keeps x-amz-c/d/i; a file carrying any of those three was not written by an S3EC and is
 * refused as tampered (metadata-strategy.md "V3 Instruction Files"; docs/format-notes.md §5.3). J1 keeps the
 * plaintext length in object metadata even when the envelope is in the file (docs/format-notes.md §5.2).
 */
function merge(objectMeta: MetadataMap, file: MetadataMap): MetadataMap {
  const smuggled = K.V3_OBJECT_ONLY_KEYS.filter((key) => has(file, key));
  if (smuggled.length > 0) {
    fail('MALFORMED_METADATA', `instruction file is tampered: it contains ${smuggled.join(', ')}, which V3 keeps only in object metadata`);
  }
  assertNoConflict(objectMeta, file);
  const merged: Record<string, string> = { ...file };
  for (const key of [...K.V3_OBJECT_ONLY_KEYS, K.UNENCRYPTED_CONTENT_LENGTH]) {
    const value = field(objectMeta, key);
    if (value !== undefined && !has(merged, key)) merged[key] = value;
  }
  return merged;
}

/**
 * An object without a wrapped key of its own was written with its envelope in the file; if its
 * metadata still holds one of the file's envelope keys with another value, the two mean different
 * things to different readers (which one wins varies between clients): refused. An object with a
 * wrapped key of its own is a re-encrypted copy, whose file replaces the envelope by design; the
 * plaintext length may differ either way (the file's wins).
 */
function assertNoConflict(objectMeta: MetadataMap, file: MetadataMap): void {
  if (presentExclusiveKeys(objectMeta).length > 0) return;
  const conflicting = Object.keys(file).filter((key) => key !== K.UNENCRYPTED_CONTENT_LENGTH && field(objectMeta, key) !== undefined && field(objectMeta, key) !== file[key]);
  if (conflicting.length > 0) fail('MALFORMED_METADATA', `the instruction file and the object metadata disagree on ${conflicting.join(', ')}`);
}

function decodeV1V2(meta: MetadataMap, format: FormatVersion): Envelope {
  assertAbsent(meta, K.V3_ONLY_KEYS, format.toUpperCase());
  const content = format === 'v1' ? v1Content(meta) : v2Content(meta);
  const wrap = v2Wrap(field(meta, K.WRAP_ALG));
  const keyName = format === 'v1' ? K.ENCRYPTED_DATA_KEY_V1 : K.ENCRYPTED_DATA_KEY_V2;
  const encryptedKey = encryptedKeyField(meta, keyName);
  const iv = nonZeroField(meta, K.CONTENT_IV, CONTENT[content].ivBytes!);
  checkTagLength(meta, content);
  //= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
  //# - The mapkey "x-amz-matdesc" MUST be present for V1 format objects.
  // Every V1 writer (Java v1, aws-sdk-go s3crypto, Ruby, .NET) writes it, `{}` at least; V2 is
  // left lenient here, since an absent description reads the same as an empty one.
  if (format === 'v1' && field(meta, K.MAT_DESC) === undefined) fail('MALFORMED_METADATA', `${K.MAT_DESC} is missing from a V1 object`);
  const description = descriptionField(meta, K.MAT_DESC);
  return withLength({ format, content, wrap, encryptedKey, iv, description }, meta);
}

/** V1 is CBC only (content-metadata.md "Algorithm Suite and Message Format Version Compatibility"). */
function v1Content(meta: MetadataMap): ContentAlgorithm {
  const cek = field(meta, K.CONTENT_CIPHER);
  if (cek !== undefined && !isCbcName(cek)) {
    fail('MALFORMED_METADATA', `V1 (x-amz-key) metadata names content cipher ${cek}; V1 is AES/CBC only`);
  }
  return 'cbc';
}

/** Absent x-amz-cek-alg means CBC (J1 `ContentCryptoScheme.fromCEKAlgo`; docs/format-notes.md §1.3). */
function v2Content(meta: MetadataMap): ContentAlgorithm {
  const cek = field(meta, K.CONTENT_CIPHER);
  if (cek === undefined || isCbcName(cek)) return 'cbc';
  if (cek === CONTENT.gcm.id) return 'gcm';
  return fail('UNSUPPORTED', `unsupported content cipher ${JSON.stringify(cek)} in ${K.CONTENT_CIPHER}`);
}

/** Absent x-amz-wrap-alg is the legacy EncryptionOnly wrap (docs/format-notes.md §3.1). */
function v2Wrap(name: string | undefined): WrapAlgorithm {
  if (name === undefined) return 'none';
  return wrapNamed(name) ?? fail('UNSUPPORTED', `unsupported key wrap algorithm ${JSON.stringify(name)} in ${K.WRAP_ALG}`);
}

/**
 * GCM: absent means 128 (real V2 objects omit it, kats.md finding 4); CBC: MUST NOT be present
 * (content-metadata.md). Empty counts as absent: aws-sdk-go v1 s3crypto writes `"x-amz-tag-len": ""`
 * into CBC instruction files (its JSON has no omitempty), and the Java and Go readers accept them.
 */
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - If the object is encrypted using AES-GCM for content encryption, then the the mapkey "x-amz-tag-len" MUST be present.
//= specification/s3-encryption/data-format/content-metadata.md#content-metadata-mapkeys
//# - If the object is encrypted using AES-CBC for content encryption, then the the mapkey "x-amz-tag-len" MUST NOT be present.
function checkTagLength(meta: MetadataMap, content: ContentAlgorithm): void {
  const tagLen = field(meta, K.TAG_LENGTH);
  if (tagLen === undefined || tagLen === '') return;
  if (content !== 'gcm') fail('MALFORMED_METADATA', `${K.TAG_LENGTH} must not be present for AES/CBC content`);
  if (tagLen !== '128') fail('MALFORMED_METADATA', `${K.TAG_LENGTH} must be 128, got ${JSON.stringify(tagLen)}`);
}

function decodeV3(meta: MetadataMap): Envelope {
  assertAbsent(meta, K.V1_V2_ONLY_KEYS, 'V3');
  const suite = requireField(meta, K.CONTENT_CIPHER_V3);
  if (suite !== CONTENT['gcm-committing'].id) fail('UNSUPPORTED', `unsupported content cipher ${JSON.stringify(suite)} in ${K.CONTENT_CIPHER_V3}`);
  const wrap = v3Wrap(requireField(meta, K.ENCRYPTED_DATA_KEY_ALGORITHM_V3));
  const encryptedKey = encryptedKeyField(meta, K.ENCRYPTED_DATA_KEY_V3);
  const messageId = nonZeroField(meta, K.MESSAGE_ID_V3, V3_MESSAGE_ID_BYTES);
  const commitment = fixedLengthField(meta, K.KEY_COMMITMENT_V3, V3_COMMITMENT_BYTES);
  // kms+context reads x-amz-t, the raw-key wraps x-amz-m (content-metadata.md "x-amz-m", "x-amz-t").
  const [used, unused] = wrap === WRAP.KMS_CONTEXT ? [K.ENCRYPTION_CONTEXT_V3, K.MAT_DESC_V3] : [K.MAT_DESC_V3, K.ENCRYPTION_CONTEXT_V3];
  if (Object.keys(descriptionField(meta, unused)).length > 0) {
    fail('MALFORMED_METADATA', `${unused} must be empty for V3 wrap ${wrap}; it uses ${used}`);
  }
  const description = descriptionField(meta, used);
  return withLength({ format: 'v3', content: 'gcm-committing', wrap, encryptedKey, messageId, commitment, description }, meta);
}

/** `x-amz-w` codes (content-metadata.md "x-amz-w"); legacy wraps cannot appear in V3. */
//= specification/s3-encryption/data-format/content-metadata.md#v3-only
//# - The wrapping algorithm value "02" MUST be translated to AES/GCM upon retrieval, and vice versa on write.
//= specification/s3-encryption/data-format/content-metadata.md#v3-only
//# - The wrapping algorithm value "12" MUST be translated to kms+context upon retrieval, and vice versa on write.
//= specification/s3-encryption/data-format/content-metadata.md#v3-only
//# - The wrapping algorithm value "22" MUST be translated to RSA-OAEP-SHA1 upon retrieval, and vice versa on write.
function v3Wrap(code: string): WrapAlgorithm {
  return wrapForV3Code(code) ?? fail('UNSUPPORTED', `unsupported key wrap algorithm code ${JSON.stringify(code)} in ${K.ENCRYPTED_DATA_KEY_ALGORITHM_V3}`);
}

function withLength(envelope: Envelope, meta: MetadataMap): Envelope {
  const plaintextLength = lengthField(meta, K.UNENCRYPTED_CONTENT_LENGTH);
  return plaintextLength === undefined ? envelope : { ...envelope, plaintextLength };
}
