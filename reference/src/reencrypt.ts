/**
 * Instruction-file re-encryption (key rotation, or sharing an object with another key holder):
 * the data key of an existing object is unwrapped with the client's keys, wrapped again under a
 * new keyring, and written as a new instruction file `<key><suffix>`. The body is never read or
 * rewritten: only HeadObject and the current instruction file are fetched. The IV (V2) or the
 * message id and key commitment (V3, which stay in object metadata) are kept, so the new envelope
 * opens the same ciphertext.
 *
 * Rules, as the Java client's `reEncryptInstructionFile` (spec client.md "Optional API
 * Operations"; docs/format-notes.md §5.4):
 * - the object's content algorithm must be the one this client writes (V2 objects need format
 *   v2, V3 objects format v3); AES/CBC objects cannot be given a new envelope;
 * - the new keyring must store a different material description than the current envelope, since
 *   the description is how readers (and materials providers) tell the keys apart;
 * - `enforceRotation` additionally requires that the client's current keys cannot open the new
 *   wrapped key.
 * Unlike Java, any suffix is allowed with any raw keyring (the spec only restricts custom suffixes
 * to re-encryption); like Java, the new keyring must be a raw (AES or RSA) keyring: a KMS keyring
 * generates its own data keys and cannot wrap an existing one.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { timingSafeEqual } from 'node:crypto';
import { deriveCommittedKeys, verifyCommitment } from './content/committing.js';
import { fail, isS3EncryptionError } from './errors.js';
import type { Keyring } from './keyrings/keyring.js';
import { sameDescription } from './keyrings/provider.js';
import { decodeEnvelope, encodeEnvelope, locateEnvelope, normalizeMetadata } from './metadata/codec.js';
import type { Description, Envelope } from './metadata/envelope.js';
import { instructionFileKey, parseInstructionFile, serializeInstructionFile } from './metadata/instruction-file.js';
import type { DataKeyMaterials } from './materials.js';
import { unwrapDataKey } from './pipeline/decrypt.js';
import { copyDescription, type ReadRequest, type ReadSettings } from './pipeline/options.js';
import { CONTENT, type WriteFormat } from './algorithms.js';
import { getInstructionFile, putInstructionFile } from './s3/instruction-files.js';
import { sendToS3 } from './s3/send.js';

export interface ReEncryptInstructionFileInput {
  readonly Bucket: string;
  readonly Key: string;
  /** The keyring (AES or RSA) to wrap the data key under; its description is stored. */
  readonly newKeyring: Keyring;
  /** The new file is `<Key><suffix>`, suffix appended verbatim; default the client's suffix (`.instruction`). */
  readonly instructionFileSuffix?: string;
  /** Also refuse unless the client's current keys can no longer open the new wrapped key. */
  readonly enforceRotation?: boolean;
  /** KMS encryption context of the current envelope, when it was written with one (kms+context). */
  readonly encryptionContext?: Description;
}

export interface ReEncryptInstructionFileOutput {
  readonly Bucket: string;
  readonly Key: string;
  readonly instructionFileSuffix: string;
  readonly enforceRotation: boolean;
}

/** What re-encryption needs from the client that runs it. */
interface ReEncryptContext {
  readonly s3: S3Client;
  /** The current keys and read policy: they open the existing envelope. */
  readonly read: ReadSettings;
  /** The format this client writes; the object's must match it (as Java). */
  readonly writeFormat: WriteFormat;
  /** Where the client reads and writes instruction files. */
  readonly instructionFileSuffix: string;
}

export async function rewrapDataKey(ctx: ReEncryptContext, input: ReEncryptInstructionFileInput): Promise<ReEncryptInstructionFileOutput> {
  const { Bucket, Key, newKeyring } = input;
  if (!Bucket || !Key) fail('INVALID_ARGUMENT', 'Bucket and Key are required');
  if (typeof newKeyring?.wrap !== 'function') fail('INVALID_ARGUMENT', 'newKeyring is required');
  if (newKeyring.kind === 'kms') {
    fail('UNSUPPORTED', 're-encryption needs a raw (AES or RSA) newKeyring: a KMS keyring generates its own data keys and cannot wrap an existing one');
  }
  const suffix = input.instructionFileSuffix ?? ctx.instructionFileSuffix;
  const target = { bucket: Bucket, key: instructionFileKey(Key, suffix) };
  const enforceRotation = input.enforceRotation ?? false;

  const request: ReadRequest = { bucket: Bucket, key: Key, encryptionContext: copyDescription(input.encryptionContext) };

  const current = await readEnvelope(ctx, Bucket, Key);
  checkContent(current, ctx.writeFormat);
  const materials = await unwrapDataKey(current, ctx.read, request);
  try {
    const next = await rewrapped(current, newKeyring, materials);
    if (enforceRotation) await refuseIfCurrentKeysOpen(ctx, next, request);
    const file = encodeEnvelope(next, 'instruction').instructionFile!;
    await putInstructionFile(ctx.s3, target, serializeInstructionFile(file));
  } finally {
    materials.zero();
  }
  return { Bucket, Key, instructionFileSuffix: suffix, enforceRotation };
}

/** The current envelope with its data key wrapped under `newKeyring` instead. */
async function rewrapped(current: Envelope, newKeyring: Keyring, materials: DataKeyMaterials): Promise<Envelope> {
  const dataKey = materials.dataKey;
  if (current.content === 'gcm-committing') {
    // A key that does not match the commitment would make an envelope that opens nothing.
    const keys = deriveCommittedKeys(dataKey, current.messageId!);
    materials.adopt(keys.encryptionKey);
    verifyCommitment(current.commitment!, keys.commitment);
  }
  const wrapped = await newKeyring.wrap({ content: current.content, description: {}, dataKey });
  materials.adopt(wrapped.dataKey);
  if (wrapped.dataKey.byteLength !== dataKey.byteLength || !timingSafeEqual(wrapped.dataKey, dataKey)) {
    fail('UNSUPPORTED', 'newKeyring generated its own data key instead of wrapping the existing one');
  }
  if (sameDescription(wrapped.description, current.description)) {
    fail('ROTATION_REFUSED', 'newKeyring has the same material description as the current envelope; give the new key its own description');
  }
  return {
    ...current,
    format: CONTENT[current.content].writtenAs!,
    wrap: wrapped.wrap,
    encryptedKey: wrapped.encryptedKey,
    description: wrapped.description,
  };
}

/** The envelope the object is read with by default: its metadata, else its instruction file. */
async function readEnvelope(ctx: ReEncryptContext, Bucket: string, Key: string): Promise<Envelope> {
  const head = await sendToS3(() => ctx.s3.send(new HeadObjectCommand({ Bucket, Key })));
  const metadata = normalizeMetadata(head.Metadata ?? {});
  if (locateEnvelope(metadata).kind === 'object') return decodeEnvelope(metadata);
  const file = await getInstructionFile(ctx.s3, { bucket: Bucket, key: instructionFileKey(Key, ctx.instructionFileSuffix) });
  return decodeEnvelope(metadata, file === undefined ? undefined : parseInstructionFile(file));
}

function checkContent(envelope: Envelope, writeFormat: WriteFormat): void {
  if (envelope.content === 'cbc') {
    fail('UNSUPPORTED', 'the object uses AES/CBC content, for which no current envelope can be written; re-encrypt the object itself');
  }
  const objectFormat = CONTENT[envelope.content].writtenAs;
  if (objectFormat !== writeFormat) {
    fail(
      'INVALID_ARGUMENT',
      objectFormat === 'v2'
        ? "the object is not key-committing (V2); re-encrypt it with a client configured with format 'v2' and commitmentPolicy FORBID_ENCRYPT_ALLOW_DECRYPT"
        : "the object is key-committing (V3); re-encrypt it with a client configured with format 'v3'",
    );
  }
}

/**
 * Java's enforceRotation: the current keys must fail to open the new envelope. A refusal by the
 * keys proves it; a service failure (KMS unreachable) proves nothing and is passed on.
 */
async function refuseIfCurrentKeysOpen(ctx: ReEncryptContext, next: Envelope, request: ReadRequest): Promise<void> {
  let opened: DataKeyMaterials;
  try {
    // No encryption context: the new envelope is a raw keyring's, which has none.
    opened = await unwrapDataKey(next, ctx.read, { ...request, encryptionContext: {} });
  } catch (e) {
    if (isS3EncryptionError(e) && e.category !== 'service') return;
    throw e;
  }
  opened.zero();
  fail('ROTATION_REFUSED', "enforceRotation: the client's current keys can still open the re-wrapped data key; rotate to a different key");
}
