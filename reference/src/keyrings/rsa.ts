/**
 * Raw RSA key pair keyring (format.md §3.1, §3.3, §3.7, §4).
 *
 * Writes only `RSA-OAEP-SHA1` with the composite "pseudo data key" of §3.7. Reads it always, and
 * the legacy `RSA/ECB/OAEPWithSHA-256AndMGF1Padding` and EncryptionOnly (PKCS#1 v1.5) wraps only
 * when the caller enables legacy wrapping. Every unwrap failure is one `DECRYPT_FAILED` with one
 * message, so a padding error cannot be told apart from a wrong key.
 */
import { DECRYPT_FAILED_MESSAGE } from '../content/failure.js';
import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  timingSafeEqual,
  KeyObject,
} from 'node:crypto';
import { WRAP, contentIdFor, isDataKeyLength, keyringKindFor, type ContentAlgorithm } from '../algorithms.js';
import { fail } from '../errors.js';
import type { Description, Envelope } from '../metadata/envelope.js';
import { dataKeyToWrap, type Keyring, type UnwrapRequest, type WrapRequest, type WrappedKey } from './keyring.js';
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
// One message for every unwrap and content failure: a wrong key must look like a bad tag.
const UNWRAP_FAILED = DECRYPT_FAILED_MESSAGE;

type RsaScheme = 'oaep-sha1-composite' | 'oaep-sha256-legacy' | 'pkcs1-encryption-only';

export class RsaKeyring implements Keyring {
  readonly kind = 'rsa';
  readonly #publicKey: KeyObject;
  readonly #privateKey: KeyObject | undefined;
  readonly #modulusBytes: number;
  readonly #description: Description;

  constructor(options: RsaKeyringOptions) {
    const privateKey = options.privateKey === undefined ? undefined : loadKey(options.privateKey, 'private');
    const publicKey =
      options.publicKey === undefined
        ? privateKey && createPublicKey(privateKey)
        : loadKey(options.publicKey, 'public');
    if (publicKey === undefined) fail('INVALID_ARGUMENT', 'an RSA keyring needs a public key, a private key or both');
    if (privateKey && !publicKey.equals(createPublicKey(privateKey))) {
      fail('INVALID_ARGUMENT', 'the RSA public and private keys are not a pair');
    }
    const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_MODULUS_BITS) fail('INVALID_ARGUMENT', `RSA modulus must be at least ${MIN_MODULUS_BITS} bits, got ${bits}`);
    this.#publicKey = publicKey;
    this.#privateKey = privateKey;
    this.#modulusBytes = Math.ceil(bits / 8);
    this.#description = { ...(options.description ?? {}) };
  }

  /** The keyring's own material description (a copy); this is what `wrap` stores. */
  get description(): Description {
    return { ...this.#description };
  }

  async wrap(request: WrapRequest): Promise<WrappedKey> {
    // The composite names a GCM content id; V2+ writers never produce CBC objects.
    if (request.content === 'cbc') fail('UNSUPPORTED', 'RSA-OAEP-SHA1 wrapping is not defined for CBC content');
    const dataKey = dataKeyToWrap(request);
    // §3.7: [key length] ‖ data key ‖ UTF-8 content id, encrypted with OAEP(SHA-1, MGF1-SHA-1).
    const composite = Buffer.concat([Buffer.of(dataKey.length), dataKey, contentId(request.content)]);
    const encryptedKey = publicEncrypt(
      { key: this.#publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      composite,
    );
    composite.fill(0);
    // Raw keyrings store their own description; request.description is ignored (format.md §4).
    return { dataKey, encryptedKey, wrap: WRAP.RSA_OAEP_SHA1, description: { ...this.#description } };
  }

  async unwrap(request: UnwrapRequest): Promise<Uint8Array> {
    const { envelope } = request;
    // Ownership and policy are decided from metadata alone, before any key material is used.
    const scheme = schemeFor(envelope);
    if (scheme === undefined) {
      fail('KEY_MISMATCH', `an RSA keyring cannot unwrap a data key wrapped with "${describeWrap(envelope)}"`);
    }
    if (scheme !== 'oaep-sha1-composite' && !request.legacyWrapping) {
      fail('LEGACY_DISABLED', `legacy wrapping "${describeWrap(envelope)}" is disabled; enable legacy wrapping to read it`);
    }
    if (this.#privateKey === undefined) fail('KEY_MISMATCH', 'this RSA keyring has no private key to unwrap with');
    // RFC 8017 §7.1.2 / §7.2.2 step 1: the ciphertext is exactly k bytes (OpenSSL accepts shorter).
    if (envelope.encryptedKey.length !== this.#modulusBytes) fail('DECRYPT_FAILED', UNWRAP_FAILED);
    const dataKey =
      scheme === 'oaep-sha1-composite'
        ? this.#unwrapComposite(envelope.encryptedKey, envelope.content)
        : this.#unwrapLegacy(envelope.encryptedKey, scheme);
    if (dataKey === undefined || !isDataKeyLength(dataKey.length)) fail('DECRYPT_FAILED', UNWRAP_FAILED);
    return dataKey;
  }

  /** §3.7: OpenSSL's OAEP, then the length byte and the content id must match (constant time). */
  #unwrapComposite(edk: Uint8Array, content: ContentAlgorithm): Uint8Array | undefined {
    const composite = this.#rsa(edk, constants.RSA_PKCS1_OAEP_PADDING);
    if (composite === undefined) return undefined;
    const keyLength = composite[0] ?? 0;
    const expectedId = contentId(content);
    const id = composite.subarray(1 + keyLength);
    // Length checks first (public sizes), then compare the id without early exit.
    const ok =
      isDataKeyLength(keyLength) && id.length === expectedId.length && timingSafeEqual(id, expectedId);
    const dataKey = ok ? Uint8Array.from(composite.subarray(1, 1 + keyLength)) : undefined;
    composite.fill(0);
    return dataKey;
  }

  /** §3.3 and §3.1: raw RSA, then our own padding decoders (Node cannot do these). */
  #unwrapLegacy(edk: Uint8Array, scheme: RsaScheme): Uint8Array | undefined {
    const em = this.#rsa(edk, constants.RSA_NO_PADDING);
    if (em === undefined) return undefined;
    let dataKey: Uint8Array | undefined;
    if (scheme === 'pkcs1-encryption-only') {
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
      return privateDecrypt(
        padding === constants.RSA_PKCS1_OAEP_PADDING
          ? { key: this.#privateKey!, padding, oaepHash: 'sha1' }
          : { key: this.#privateKey!, padding },
        edk,
      );
    } catch {
      return undefined; // no cause kept: the OpenSSL reason would tell padding from key errors
    }
  }
}

function schemeFor(envelope: Envelope): RsaScheme | undefined {
  switch (envelope.wrap) {
    case WRAP.RSA_OAEP_SHA1:
      return 'oaep-sha1-composite';
    case WRAP.RSA_OAEP_SHA256:
      return 'oaep-sha256-legacy';
    case 'none':
      return keyringKindFor(envelope.wrap, envelope.encryptedKey) === 'rsa' ? 'pkcs1-encryption-only' : undefined;
    default:
      return undefined;
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

function contentId(content: ContentAlgorithm): Buffer {
  return Buffer.from(contentIdFor(content), 'utf8');
}

function describeWrap(envelope: Envelope): string {
  return envelope.wrap === 'none' ? `EncryptionOnly (${envelope.encryptedKey.length}-byte key)` : envelope.wrap;
}
