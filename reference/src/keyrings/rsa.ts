/**
 * Raw RSA key pair keyring (docs/format-notes.md §3.1, §3.3, §3.7, §4).
 *
 * Writes only `RSA-OAEP-SHA1` with the composite "pseudo data key" of §3.7. Reads it always, and
 * the legacy `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` and EncryptionOnly (PKCS#1 v1.5) wraps only
 * when the caller enables legacy wrapping (the rules around the wrap are KeyringBase's, base.ts).
 * Every unwrap failure is one `DECRYPT_FAILED` with one message, so a padding error cannot be
 * told apart from a wrong key.
 */
import { constants, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, timingSafeEqual, KeyObject } from 'node:crypto';
import { WRAP, contentIdBytes, isDataKeyLength, type ContentAlgorithm } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Description } from '../metadata/envelope.js';
import { RawKeyring } from './base.js';
import type { UnwrapRequest } from './keyring.js';
import { decodeOaep, decodePkcs1v15 } from './oaep.js';

export interface RsaKeyringOptions {
  /** Used to wrap; derived from `privateKey` when omitted. */
  readonly publicKey?: KeyObject | string;
  /** Needed to unwrap. */
  readonly privateKey?: KeyObject | string;
  /** Stored with every object this keyring writes; `{}` by default. */
  readonly description?: Description;
}

/** Smallest modulus accepted; the composite plus SHA-1 OAEP overhead needs 92 bytes anyway. */
const MIN_MODULUS_BITS = 1024;

export class RsaKeyring extends RawKeyring {
  readonly kind = 'rsa';
  protected readonly writes = WRAP.RSA_OAEP_SHA1;
  readonly #publicKey: KeyObject;
  readonly #privateKey: KeyObject | undefined;
  readonly #modulusBytes: number;

  constructor(options: RsaKeyringOptions) {
    super(options.description);
    const privateKey = options.privateKey === undefined ? undefined : loadKey(options.privateKey, 'private');
    const publicKey = options.publicKey === undefined ? privateKey && createPublicKey(privateKey) : loadKey(options.publicKey, 'public');
    if (publicKey === undefined) fail('INVALID_ARGUMENT', 'an RSA keyring needs a public key, a private key or both');
    if (privateKey && !publicKey.equals(createPublicKey(privateKey))) {
      fail('INVALID_ARGUMENT', 'the RSA public and private keys are not a pair');
    }
    const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_MODULUS_BITS) fail('INVALID_ARGUMENT', `RSA modulus must be at least ${MIN_MODULUS_BITS} bits, got ${bits}`);
    this.#publicKey = publicKey;
    this.#privateKey = privateKey;
    this.#modulusBytes = Math.ceil(bits / 8);
  }

  /** §3.7: [key length] ‖ data key ‖ UTF-8 content id, encrypted with OAEP(SHA-1, MGF1-SHA-1). */
  protected encryptKey(dataKey: Buffer, content: ContentAlgorithm): Buffer {
    const composite = Buffer.concat([Buffer.of(dataKey.length), dataKey, contentIdBytes(content)]);
    try {
      return publicEncrypt({ key: this.#publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, composite);
    } finally {
      composite.fill(0);
    }
  }

  protected async unwrapKey({ envelope }: UnwrapRequest): Promise<Uint8Array | undefined> {
    if (this.#privateKey === undefined) fail('KEY_MISMATCH', 'this RSA keyring has no private key to unwrap with');
    // RFC 8017 §7.1.2 / §7.2.2 step 1: the ciphertext is exactly k bytes (OpenSSL accepts shorter).
    if (envelope.encryptedKey.length !== this.#modulusBytes) return undefined;
    if (envelope.wrap === WRAP.RSA_OAEP_SHA1) return this.#unwrapComposite(envelope.encryptedKey, envelope.content);
    // EncryptionOnly reaches here only with a modulus-sized key (KeyringBase's routing).
    return this.#unwrapLegacy(envelope.encryptedKey, envelope.wrap === WRAP.RSA_OAEP_SHA256 ? 'oaep-sha256' : 'pkcs1');
  }

  /** §3.7: OpenSSL's OAEP, then the length byte and the content id must match (constant time). */
  #unwrapComposite(edk: Uint8Array, content: ContentAlgorithm): Uint8Array | undefined {
    const composite = this.#rsa(edk, constants.RSA_PKCS1_OAEP_PADDING);
    if (composite === undefined) return undefined;
    const keyLength = composite[0] ?? 0;
    const expectedId = contentIdBytes(content);
    const id = composite.subarray(1 + keyLength);
    // Length checks first (public sizes), then compare the id without early exit.
    const ok = isDataKeyLength(keyLength) && id.length === expectedId.length && timingSafeEqual(id, expectedId);
    const dataKey = ok ? Uint8Array.from(composite.subarray(1, 1 + keyLength)) : undefined;
    composite.fill(0);
    return dataKey;
  }

  /** §3.3 and §3.1: raw RSA, then our own padding decoders (Node cannot do these). */
  #unwrapLegacy(edk: Uint8Array, scheme: 'oaep-sha256' | 'pkcs1'): Uint8Array | undefined {
    const em = this.#rsa(edk, constants.RSA_NO_PADDING);
    if (em === undefined) return undefined;
    let dataKey: Uint8Array | undefined;
    if (scheme === 'pkcs1') {
      dataKey = decodePkcs1v15(em);
    } else {
      // SunJCE uses MGF1-SHA1, BouncyCastle MGF1-SHA256: decode both, prefer SunJCE (§3.3).
      const sunJce = decodeOaep(em, { labelHash: 'sha256', mgfHash: 'sha1' });
      const bouncyCastle = decodeOaep(em, { labelHash: 'sha256', mgfHash: 'sha256' });
      dataKey = sunJce ?? bouncyCastle;
    }
    em.fill(0);
    return dataKey;
  }

  #rsa(edk: Uint8Array, padding: number): Buffer | undefined {
    try {
      return privateDecrypt(padding === constants.RSA_PKCS1_OAEP_PADDING ? { key: this.#privateKey!, padding, oaepHash: 'sha1' } : { key: this.#privateKey!, padding }, edk);
    } catch {
      return undefined; // no cause kept: the OpenSSL reason would tell padding from key errors
    }
  }
}

function loadKey(key: KeyObject | string, type: 'public' | 'private'): KeyObject {
  let loaded: KeyObject;
  try {
    loaded = key instanceof KeyObject ? key : type === 'private' ? createPrivateKey(key) : createPublicKey(key);
  } catch {
    return fail('INVALID_ARGUMENT', `the RSA ${type} key could not be parsed`);
  }
  if (loaded.type !== type || loaded.asymmetricKeyType !== 'rsa') {
    fail('INVALID_ARGUMENT', `expected an RSA ${type} key, got a ${loaded.asymmetricKeyType ?? 'secret'} ${loaded.type} key`);
  }
  return loaded;
}
