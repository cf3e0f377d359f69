/**
 * Raw AES master key keyring (format.md §3.1, §3.2, §3.6, §4).
 *
 * Writes only `AES/GCM`. Reads `AES/GCM` always, and the legacy `AESWrap` (RFC 3394) and
 * EncryptionOnly (AES-ECB/PKCS#5) wraps only when the caller enables legacy wrapping.
 */
import { DECRYPT_FAILED_MESSAGE } from '../content/failure.js';
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, KeyObject, type CipherGCMTypes } from 'node:crypto';
import { GCM_IV_BYTES, GCM_TAG_BYTES, WRAP, contentIdFor, isDataKeyLength, keyringKindFor, type ContentAlgorithm } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Description, Envelope } from '../metadata/envelope.js';
import { dataKeyToWrap, type Keyring, type UnwrapRequest, type WrapRequest, type WrappedKey } from './keyring.js';

export interface AesKeyringOptions {
  /** 16, 24 or 32 bytes (a secret KeyObject of those sizes is accepted too). */
  readonly key: Uint8Array | KeyObject;
  /** Stored with every object this keyring writes; `{}` by default. */
  readonly description?: Description;
}

/** RFC 3394 adds one 8-byte integrity block. */
const AES_WRAP_OVERHEAD = 8;
const RFC3394_DEFAULT_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
// One message for every unwrap and content failure: a wrong key must look like a bad tag.
const UNWRAP_FAILED = DECRYPT_FAILED_MESSAGE;

export class AesKeyring implements Keyring {
  readonly kind = 'aes';
  readonly #key: KeyObject;
  readonly #bits: 128 | 192 | 256;
  readonly #description: Description;

  constructor(options: AesKeyringOptions) {
    const key = options.key instanceof KeyObject ? options.key : toSecretKey(options.key);
    if (key.type !== 'secret' || !isDataKeyLength(key.symmetricKeySize ?? 0)) {
      fail('INVALID_ARGUMENT', 'AES master key must be a 16, 24 or 32 byte secret key');
    }
    this.#key = key;
    this.#bits = (key.symmetricKeySize! * 8) as 128 | 192 | 256;
    this.#description = { ...(options.description ?? {}) };
  }

  /** The keyring's own material description (a copy); this is what `wrap` stores. */
  get description(): Description {
    return { ...this.#description };
  }

  async wrap(request: WrapRequest): Promise<WrappedKey> {
    // AES/GCM binds the key to a GCM content id; V2+ writers never produce CBC objects.
    if (request.content === 'cbc') fail('UNSUPPORTED', 'AES/GCM wrapping is not defined for CBC content');
    const dataKey = dataKeyToWrap(request);
    const iv = randomBytes(GCM_IV_BYTES);
    const cipher = createCipheriv(`aes-${this.#bits}-gcm` satisfies CipherGCMTypes, this.#key, iv, { authTagLength: GCM_TAG_BYTES });
    cipher.setAAD(contentAad(request.content));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return {
      dataKey,
      encryptedKey: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
      wrap: WRAP.AES_GCM,
      // Raw keyrings store their own description; request.description is ignored (format.md §4).
      description: { ...this.#description },
    };
  }

  async unwrap(request: UnwrapRequest): Promise<Uint8Array> {
    const { envelope } = request;
    const wrap = envelope.wrap;
    // Ownership and policy are decided from metadata alone, before any key material is used.
    if (!this.#canOpen(envelope)) {
      fail('KEY_MISMATCH', `an AES keyring cannot unwrap a data key wrapped with "${describeWrap(envelope)}"`);
    }
    if (wrap !== WRAP.AES_GCM && !request.legacyWrapping) {
      fail('LEGACY_DISABLED', `legacy wrapping "${describeWrap(envelope)}" is disabled; enable legacy wrapping to read it`);
    }
    const dataKey =
      wrap === WRAP.AES_GCM
        ? this.#unwrapGcm(envelope.encryptedKey, envelope.content)
        : wrap === WRAP.AES_WRAP
          ? this.#unwrapRfc3394(envelope.encryptedKey)
          : this.#unwrapEcb(envelope.encryptedKey);
    if (!isDataKeyLength(dataKey.length)) fail('DECRYPT_FAILED', UNWRAP_FAILED);
    return dataKey;
  }

  #canOpen(envelope: Envelope): boolean {
    return keyringKindFor(envelope.wrap, envelope.encryptedKey) === 'aes';
  }

  /** §3.6: IV (12) ‖ ciphertext ‖ tag (16), AAD = UTF-8 content id. */
  #unwrapGcm(edk: Uint8Array, content: ContentAlgorithm): Buffer {
    if (!isDataKeyLength(edk.length - GCM_IV_BYTES - GCM_TAG_BYTES)) fail('DECRYPT_FAILED', UNWRAP_FAILED);
    const iv = edk.subarray(0, GCM_IV_BYTES);
    const tag = edk.subarray(edk.length - GCM_TAG_BYTES);
    return attempt(() => {
      const decipher = createDecipheriv(`aes-${this.#bits}-gcm` satisfies CipherGCMTypes, this.#key, iv, { authTagLength: GCM_TAG_BYTES });
      decipher.setAAD(contentAad(content));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(edk.subarray(GCM_IV_BYTES, edk.length - GCM_TAG_BYTES)), decipher.final()]);
    });
  }

  /** §3.2: RFC 3394 with the default IV; OpenSSL checks the integrity block. */
  #unwrapRfc3394(edk: Uint8Array): Buffer {
    if (!isDataKeyLength(edk.length - AES_WRAP_OVERHEAD)) fail('DECRYPT_FAILED', UNWRAP_FAILED);
    return attempt(() => {
      const decipher = createDecipheriv(`id-aes${this.#bits}-wrap`, this.#key, RFC3394_DEFAULT_IV);
      return Buffer.concat([decipher.update(edk), decipher.final()]);
    });
  }

  /** §3.1: Java `Cipher("AES")` = AES-ECB with PKCS#5 padding; the padding is the only check. */
  #unwrapEcb(edk: Uint8Array): Buffer {
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

function contentAad(content: ContentAlgorithm): Buffer {
  return Buffer.from(contentIdFor(content), 'utf8');
}

function describeWrap(envelope: Envelope): string {
  return envelope.wrap === 'none' ? `EncryptionOnly (${envelope.encryptedKey.length}-byte key)` : envelope.wrap;
}

/**
 * Every OpenSSL failure (tag, padding, integrity block, length) becomes the same error, without
 * the OpenSSL reason as cause: telling a padding failure apart from others would be an oracle.
 */
function attempt(operation: () => Buffer): Buffer {
  try {
    return operation();
  } catch {
    return fail('DECRYPT_FAILED', UNWRAP_FAILED);
  }
}
