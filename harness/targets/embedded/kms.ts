/**
 * In-memory KMS for the embedded test target: symmetric keys, data-key generation, Encrypt/Decrypt
 * with the encryption context enforced as AAD, and replayed answers for recorded known-answer objects.
 *
 * Ciphertext blob layout, taken from LocalStack so blobs are portable between the two targets
 * (localstack/localstack `localstack-core/localstack/services/kms/models.py`,
 * `_serialize_ciphertext_blob` / `deserialize_ciphertext_blob` / `_serialize_encryption_context`,
 * and `localstack-core/localstack/utils/crypto.py` `encrypt` / `decrypt`, read at commit 0046a232):
 *
 *   key id (36 bytes, UTF-8 UUID) ‖ IV (16) ‖ GCM tag (16) ‖ AES-256-GCM ciphertext
 *
 * - the plaintext is PKCS#7-padded to a 16-byte multiple before GCM (LocalStack reuses a CBC pad);
 * - AAD = for each EC entry sorted by key: UTF-8(key) ‖ UTF-8(value), no separators; an empty or
 *   absent EC gives empty AAD; the key `aws-crypto-public-key` is skipped.
 * Quirk inherited on purpose: with no separators, {"ab":"c"} and {"a":"bc"} share an AAD.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
/** A KMS encryption context: string keys to string values. */
export type Description = Readonly<Record<string, string>>;

export const KMS_REGION = 'us-east-1';
/** LocalStack's default account, so ARNs look the same on both targets. */
export const KMS_ACCOUNT = '000000000000';
const KEY_ID_BYTES = 36;
const IV_BYTES = 16;
const TAG_BYTES = 16;
const HEADER_BYTES = KEY_ID_BYTES + IV_BYTES + TAG_BYTES;
const BLOCK = 16;
const IGNORED_CONTEXT_KEYS = new Set(['aws-crypto-public-key']);

/** A KMS service error, rendered by the protocol layer as `{"__type": type, "message": ...}`. */
export class KmsServiceError extends Error {
  readonly type: string;
  constructor(type: string, message: string) {
    super(message);
    this.type = type;
  }
}

export interface EmbeddedKey {
  readonly keyId: string;
  readonly arn: string;
  readonly description: string;
  readonly creationDate: Date;
  readonly material: Buffer;
}

export interface CreateKeyOptions {
  /** 36 ASCII characters (a UUID, or `mrk-` + 32 hex), because the blob layout stores 36 bytes. */
  readonly keyId?: string;
  /** 32-byte AES-256 key material. */
  readonly material?: Uint8Array;
  readonly description?: string;
}

export interface KmsReplay {
  readonly ciphertextBlob: Uint8Array;
  readonly plaintext: Uint8Array;
  readonly keyId?: string;
  /** When given, a Decrypt must send exactly this context or it fails like a wrong AAD would. */
  readonly expectedEncryptionContext?: Description;
}

export interface DecryptResult {
  readonly keyId: string;
  readonly plaintext: Buffer;
}

/** A plaintext data key that crossed this KMS under one of its own keys. */
export interface DataKeyEvent {
  readonly operation: 'GenerateDataKey' | 'Encrypt' | 'Decrypt';
  readonly keyId: string;
  readonly plaintext: Buffer;
  /** GenerateDataKey and Encrypt: the blob handed out and the context it is bound to, so a recorder can replay them later. */
  readonly ciphertextBlob?: Buffer;
  readonly encryptionContext?: Description;
}

export class EmbeddedKms {
  readonly #keys = new Map<string, EmbeddedKey>();
  readonly #replays = new Map<string, KmsReplay>();
  /**
   * Sees every data key generated, encrypted or unwrapped here (replayed answers excluded: their
   * keys are public vectors). Implementations make their data keys out of sight; this is where the
   * harness can see them, so the secret-hygiene scan can look for them in reports, and the
   * recorder (harness/record/) can store each blob with its data key and context for replay.
   */
  onDataKey: ((event: DataKeyEvent) => void) | undefined;

  createKey(options: CreateKeyOptions = {}): { keyId: string; arn: string } {
    const keyId = options.keyId ?? randomUUID();
    if (Buffer.byteLength(keyId, 'utf8') !== KEY_ID_BYTES || !/^[\x21-\x7e]+$/.test(keyId)) {
      throw new KmsServiceError('ValidationException', `key id must be 36 ASCII characters`);
    }
    if (this.#keys.has(keyId)) throw new KmsServiceError('AlreadyExistsException', `key ${keyId} exists`);
    const material = Buffer.from(options.material ?? randomBytes(32));
    if (material.length !== 32) throw new KmsServiceError('ValidationException', 'key material must be 32 bytes');
    const arn = `arn:aws:kms:${KMS_REGION}:${KMS_ACCOUNT}:key/${keyId}`;
    this.#keys.set(keyId, { keyId, arn, material, description: options.description ?? '', creationDate: new Date() });
    return { keyId, arn };
  }

  hasKey(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  registerReplay(replay: KmsReplay): void {
    this.#replays.set(Buffer.from(replay.ciphertextBlob).toString('base64'), replay);
  }

  /** Resolves a key id or key ARN; aliases are not modelled. */
  describeKey(keyIdOrArn: string): EmbeddedKey {
    const id = keyIdOrArn.startsWith('arn:') ? keyIdOrArn.slice(keyIdOrArn.lastIndexOf(':key/') + 5) : keyIdOrArn;
    const key = keyIdOrArn.startsWith('arn:') && !keyIdOrArn.includes(':key/') ? undefined : this.#keys.get(id);
    if (!key) throw new KmsServiceError('NotFoundException', `Key '${keyIdOrArn}' does not exist`);
    return key;
  }

  encrypt(keyIdOrArn: string, plaintext: Uint8Array, context: Description | undefined): { keyId: string; blob: Buffer } {
    const out = this.#encrypt(keyIdOrArn, plaintext, context);
    this.onDataKey?.({ operation: 'Encrypt', keyId: out.keyId, plaintext: Buffer.from(plaintext), ciphertextBlob: out.blob, ...withContext(context) });
    return out;
  }

  #encrypt(keyIdOrArn: string, plaintext: Uint8Array, context: Description | undefined): { keyId: string; blob: Buffer } {
    const key = this.describeKey(keyIdOrArn);
    if (plaintext.length < 1 || plaintext.length > 4096) {
      throw new KmsServiceError('ValidationException', 'Plaintext must be 1 to 4096 bytes');
    }
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(contextAad(context));
    const ct = Buffer.concat([cipher.update(pkcs7Pad(plaintext)), cipher.final()]);
    const blob = Buffer.concat([Buffer.from(key.keyId, 'utf8'), iv, cipher.getAuthTag(), ct]);
    return { keyId: key.arn, blob };
  }

  generateDataKey(keyIdOrArn: string, bytes: number, context: Description | undefined) {
    const plaintext = randomBytes(bytes);
    const out = this.#encrypt(keyIdOrArn, plaintext, context);
    this.onDataKey?.({ operation: 'GenerateDataKey', keyId: out.keyId, plaintext, ciphertextBlob: out.blob, ...withContext(context) });
    return { plaintext, ...out };
  }

  decrypt(blob: Uint8Array, context: Description | undefined, keyIdOrArn: string | undefined): DecryptResult {
    const replay = this.#replays.get(Buffer.from(blob).toString('base64'));
    if (replay) return decryptReplay(replay, context, keyIdOrArn);
    if (blob.length < HEADER_BYTES + BLOCK) throw invalidCiphertext();
    const blobKeyId = Buffer.from(blob.subarray(0, KEY_ID_BYTES)).toString('utf8');
    // Real KMS reports an unknown or altered key id inside the blob as InvalidCiphertextException;
    // LocalStack says NotFoundException. We follow KMS: the blob is opaque to callers.
    const key = this.#keys.get(blobKeyId);
    if (keyIdOrArn !== undefined && this.describeKey(keyIdOrArn).keyId !== blobKeyId) {
      throw new KmsServiceError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    if (!key) throw invalidCiphertext();
    const iv = blob.subarray(KEY_ID_BYTES, KEY_ID_BYTES + IV_BYTES);
    const tag = blob.subarray(KEY_ID_BYTES + IV_BYTES, HEADER_BYTES);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.material, iv);
      decipher.setAAD(contextAad(context));
      decipher.setAuthTag(tag);
      const padded = Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]);
      plaintext = pkcs7Unpad(padded);
    } catch {
      throw invalidCiphertext();
    }
    this.onDataKey?.({ operation: 'Decrypt', keyId: key.arn, plaintext });
    return { keyId: key.arn, plaintext };
  }
}

function withContext(context: Description | undefined): { encryptionContext?: Description } {
  return context === undefined ? {} : { encryptionContext: { ...context } };
}

function decryptReplay(replay: KmsReplay, context: Description | undefined, keyIdOrArn: string | undefined): DecryptResult {
  if (replay.keyId !== undefined && keyIdOrArn !== undefined && !sameKey(replay.keyId, keyIdOrArn)) {
    throw new KmsServiceError('IncorrectKeyException', 'The key ID in the request does not match the recorded key.');
  }
  if (replay.expectedEncryptionContext && !sameContext(replay.expectedEncryptionContext, context ?? {})) {
    throw invalidCiphertext();
  }
  return { keyId: replay.keyId ?? keyIdOrArn ?? 'replay', plaintext: Buffer.from(replay.plaintext) };
}

/** A key id and an ARN ending in `key/<id>` name the same key. */
function sameKey(a: string, b: string): boolean {
  const tail = (s: string): string => (s.includes(':key/') ? s.slice(s.lastIndexOf(':key/') + 5) : s);
  return a === b || tail(a) === tail(b);
}

function sameContext(a: Description, b: Description): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

function invalidCiphertext(): KmsServiceError {
  return new KmsServiceError('InvalidCiphertextException', 'The ciphertext is invalid or the encryption context does not match.');
}

/** LocalStack's AAD: sorted by key in code-point order (Python `sorted` on str). */
export function contextAad(context: Description | undefined): Buffer {
  if (!context) return Buffer.alloc(0);
  const keys = Object.keys(context).filter((k) => !IGNORED_CONTEXT_KEYS.has(k));
  keys.sort(compareCodePoints);
  return Buffer.concat(keys.flatMap((k) => [Buffer.from(k, 'utf8'), Buffer.from(context[k] ?? '', 'utf8')]));
}

function compareCodePoints(a: string, b: string): number {
  const ca = [...a].map((c) => c.codePointAt(0) ?? 0);
  const cb = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function pkcs7Pad(data: Uint8Array): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([Buffer.from(data), Buffer.alloc(n, n)]);
}

function pkcs7Unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK || n > data.length || !data.subarray(data.length - n).every((b) => b === n)) {
    throw invalidCiphertext();
  }
  return data.subarray(0, data.length - n);
}
