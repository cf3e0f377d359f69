/**
 * Raw AES master key keyring (docs/format-notes.md §3.1, §3.2, §3.6, §4).
 *
 * Writes only `AES/GCM`. Reads `AES/GCM` always, and the legacy `AESWrap` (RFC 3394) and
 * EncryptionOnly (AES-ECB/PKCS#5) wraps only when the caller enables legacy wrapping (the rules
 * around the wrap are KeyringBase's, base.ts).
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, KeyObject, type CipherGCMTypes } from 'node:crypto';
import { GCM_IV_BYTES, GCM_TAG_BYTES, WRAP, aesKeyBits, contentIdBytes, isDataKeyLength, type ContentAlgorithm } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Description } from '../metadata/envelope.js';
import { RawKeyring } from './base.js';
import type { UnwrapRequest } from './keyring.js';

export interface AesKeyringOptions {
  /** 16, 24 or 32 bytes (a secret KeyObject of those sizes is accepted too). */
  readonly key: Uint8Array | KeyObject;
  /** Stored with every object this keyring writes; `{}` by default. */
  readonly description?: Description;
}

/** RFC 3394 adds one 8-byte integrity block. */
const AES_WRAP_OVERHEAD = 8;
const RFC3394_DEFAULT_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');

export class AesKeyring extends RawKeyring {
  readonly kind = 'aes';
  protected readonly writes = WRAP.AES_GCM;
  readonly #key: KeyObject;
  readonly #bits: 128 | 192 | 256;

  constructor(options: AesKeyringOptions) {
    super(options.description);
    const key = options.key instanceof KeyObject ? options.key : toSecretKey(options.key);
    const bits = key.type === 'secret' ? aesKeyBits(key.symmetricKeySize ?? 0) : undefined;
    if (bits === undefined) fail('INVALID_ARGUMENT', 'AES master key must be a 16, 24 or 32 byte secret key');
    this.#key = key;
    this.#bits = bits;
  }

  /** §3.6: IV (12) ‖ GCM ciphertext ‖ tag (16), AAD = UTF-8 content id. */
  protected encryptKey(dataKey: Buffer, content: ContentAlgorithm): Buffer {
    const iv = randomBytes(GCM_IV_BYTES);
    const cipher = createCipheriv(`aes-${this.#bits}-gcm` satisfies CipherGCMTypes, this.#key, iv, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(contentIdBytes(content));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
  }

  protected async unwrapKey({ envelope }: UnwrapRequest): Promise<Uint8Array | undefined> {
    const edk = envelope.encryptedKey;
    if (envelope.wrap === WRAP.AES_GCM) return this.#unwrapGcm(edk, envelope.content);
    if (envelope.wrap === WRAP.AES_WRAP) return this.#unwrapRfc3394(edk);
    return this.#unwrapEcb(edk); // EncryptionOnly: KeyringBase routed only short keys here
  }

  /** §3.6: the tag authenticates the key and binds it to the content id. */
  #unwrapGcm(edk: Uint8Array, content: ContentAlgorithm): Buffer | undefined {
    if (!isDataKeyLength(edk.length - GCM_IV_BYTES - GCM_TAG_BYTES)) return undefined;
    const iv = edk.subarray(0, GCM_IV_BYTES);
    const tag = edk.subarray(edk.length - GCM_TAG_BYTES);
    return attempt(() => {
      const decipher = createDecipheriv(`aes-${this.#bits}-gcm` satisfies CipherGCMTypes, this.#key, iv, { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(contentIdBytes(content));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(edk.subarray(GCM_IV_BYTES, edk.length - GCM_TAG_BYTES)), decipher.final()]);
    });
  }

  /** §3.2: RFC 3394 with the default IV; OpenSSL checks the integrity block. */
  #unwrapRfc3394(edk: Uint8Array): Buffer | undefined {
    if (!isDataKeyLength(edk.length - AES_WRAP_OVERHEAD)) return undefined;
    return attempt(() => {
      const decipher = createDecipheriv(`id-aes${this.#bits}-wrap`, this.#key, RFC3394_DEFAULT_IV);
      return Buffer.concat([decipher.update(edk), decipher.final()]);
    });
  }

  /** §3.1: Java `Cipher("AES")` = AES-ECB with PKCS#5 padding; the padding is the only check. */
  #unwrapEcb(edk: Uint8Array): Buffer | undefined {
    return attempt(() => {
      const decipher = createDecipheriv(`aes-${this.#bits}-ecb`, this.#key, null);
      return Buffer.concat([decipher.update(edk), decipher.final()]);
    });
  }
}

function toSecretKey(bytes: Uint8Array): KeyObject {
  if (!(bytes instanceof Uint8Array) || !isDataKeyLength(bytes.length)) {
    fail('INVALID_ARGUMENT', 'AES master key must be a 16, 24 or 32 byte secret key');
  }
  return createSecretKey(Buffer.from(bytes)); // copy: later changes by the caller do not leak in
}

/**
 * Every OpenSSL failure (tag, padding, integrity block, length) becomes "does not authenticate",
 * without the OpenSSL reason: telling a padding failure apart from others would be an oracle.
 */
function attempt(operation: () => Buffer): Buffer | undefined {
  try {
    return operation();
  } catch {
    return undefined;
  }
}
