/**
 * The rules every keyring follows, applied once around each keyring's own wrap (a template
 * method, as the keyrings of the AWS Encryption SDK for JavaScript run `_onEncrypt` /
 * `_onDecrypt` inside checks that are not theirs to skip). A keyring class holds only its wrap.
 *
 * Unwrap, in this order:
 * 1. ownership: the wrap (for EncryptionOnly, the wrapped key's length) names this kind of
 *    keyring, else KEY_MISMATCH;
 * 2. the legacy switch: a legacy wrap is read only with `legacyWrapping`, else LEGACY_DISABLED;
 *    1 and 2 look at metadata alone, so a refusal costs no key operation and no KMS call;
 * 3. the keyring's unwrap, which returns undefined (or throws DECRYPT_FAILED) for anything that
 *    does not authenticate, never a reason;
 * 4. postcondition: the data key is 16, 24 or 32 bytes, else DECRYPT_FAILED with the message every
 *    authentication failure shares (what came back is zeroed first).
 * Wrap: CBC content is refused (every wrap the reference writes binds the key to a GCM content
 * id), then the keyring wraps, and the result names the one wrap this keyring writes.
 */
import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES, describeWrap, isDataKeyLength, keyringKindFor, wrapSpec, type ContentAlgorithm, type KeyringKind, type WrapAlgorithm } from '../algorithms.js';
import { failDecrypt } from '../content/failure.js';
import { fail } from '../errors.js';
import type { Description } from '../metadata/envelope.js';
import type { Keyring, UnwrapRequest, WrapRequest, WrappedKey } from './keyring.js';

const KIND_NAMES: Readonly<Record<KeyringKind, string>> = { aes: 'an AES', rsa: 'an RSA', kms: 'a KMS' };

export abstract class KeyringBase implements Keyring {
  abstract readonly kind: KeyringKind;
  /** The one wrap this keyring writes. */
  protected abstract readonly writes: WrapAlgorithm;

  async wrap(request: WrapRequest): Promise<WrappedKey> {
    if (request.content === 'cbc') fail('UNSUPPORTED', `${this.writes} wrapping is not defined for AES/CBC content`);
    return { ...(await this.wrapKey(request)), wrap: this.writes };
  }

  async unwrap(request: UnwrapRequest): Promise<Uint8Array> {
    const { wrap, encryptedKey } = request.envelope;
    if (keyringKindFor(wrap, encryptedKey) !== this.kind) {
      fail('KEY_MISMATCH', `${KIND_NAMES[this.kind]} keyring cannot unwrap a data key wrapped with "${describeWrap(wrap, encryptedKey)}"`);
    }
    if (wrapSpec(wrap)?.legacy && !request.legacyWrapping) {
      fail('LEGACY_DISABLED', `legacy wrapping "${describeWrap(wrap, encryptedKey)}" is disabled; enable legacy wrapping to read it`);
    }
    const dataKey = await this.unwrapKey(request);
    if (dataKey === undefined || !isDataKeyLength(dataKey.byteLength)) {
      dataKey?.fill(0);
      failDecrypt();
    }
    return dataKey;
  }

  /** Wraps a data key (a fresh one, or `request.dataKey` when the keyring can); `wrap` is added. */
  protected abstract wrapKey(request: WrapRequest): Promise<Omit<WrappedKey, 'wrap'>>;

  /**
   * Called only for a wrap this keyring owns and may read. Undefined means "does not
   * authenticate": every such failure must look alike, so no reason is returned.
   */
  protected abstract unwrapKey(request: UnwrapRequest): Promise<Uint8Array | undefined>;
}

/**
 * AES and RSA master keys: the data key is chosen here (fresh, or the one re-encryption hands
 * in) and the description stored is the keyring's own; `request.description` is ignored, as
 * Java's raw keyrings do (docs/format-notes.md §4).
 */
export abstract class RawKeyring extends KeyringBase {
  readonly #description: Description;

  constructor(description: Description | undefined) {
    super();
    this.#description = { ...(description ?? {}) };
  }

  /** The keyring's own material description (a copy); this is what `wrap` stores. */
  get description(): Description {
    return { ...this.#description };
  }

  protected async wrapKey(request: WrapRequest): Promise<Omit<WrappedKey, 'wrap'>> {
    const dataKey = dataKeyToWrap(request);
    try {
      return { dataKey, encryptedKey: this.encryptKey(dataKey, request.content), description: this.description };
    } catch (e) {
      dataKey.fill(0);
      throw e;
    }
  }

  /** The wrapped form of `dataKey`, bound to `content`. */
  protected abstract encryptKey(dataKey: Buffer, content: ContentAlgorithm): Uint8Array;
}

/** A copy, so zeroing the wrapped result after use leaves the caller's key alone. */
function dataKeyToWrap(request: WrapRequest): Buffer {
  if (request.dataKey === undefined) return randomBytes(DATA_KEY_BYTES);
  if (!isDataKeyLength(request.dataKey.byteLength)) fail('INVALID_ARGUMENT', 'a data key to wrap must be 16, 24 or 32 bytes');
  return Buffer.from(request.dataKey);
}
