/**
 * AWS KMS keyring: writes `kms+context`, reads `kms+context` and (with legacy wrapping on) `kms`.
 * Rules: docs/format-notes.md §3.4 (kms), §3.5 (kms+context); spec s3-encryption/materials/s3-kms-keyring.md.
 *
 * Error mapping. KMS answers a wrong encryption context, a wrong key and a tampered blob all with
 * InvalidCiphertextException (or IncorrectKeyException for a key mismatch). Those are
 * authentication failures of the wrapped key, so they surface as DECRYPT_FAILED with the very
 * message a bad GCM tag or a bad AES/GCM key wrap gives, and without the KMS exception as cause
 * (its name would tell a wrong key from a tampered blob): a caller (or attacker) must not be able
 * to tell a tampered wrapped key from any other tampering. Everything else KMS or the network
 * reports (AccessDenied, NotFound, throttling, connection refused) is an operational fault:
 * KMS_ERROR, naming the key and the error.
 *
 * The legacy `kms` wrap is also what an attacker with write access to the metadata would turn a
 * `kms+context` object into, since KMS still opens the key when the stored context is sent back
 * verbatim. So a `kms` read is refused, before KMS is called, when the stored context holds the
 * reserved `aws:x-amz-cek-alg` (only kms+context writers put it there), and a context the caller
 * states is checked in both modes.
 */
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { HandlerExecutionContext, InitializeHandler, InitializeHandlerArguments, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { EC_CEK_ALG_KEY, KMS_CMK_ID_KEY, WRAP, contentIdFor } from '../algorithms.js';
import { failDecrypt } from '../content/failure.js';
import { fail, isS3EncryptionError } from '../errors.js';
import type { Description } from '../metadata/envelope.js';
import { KeyringBase } from './base.js';
import type { UnwrapRequest, WrapRequest, WrappedKey } from './keyring.js';

export interface KmsKeyringOptions {
  /** A configured client; the caller chooses region, endpoint and credentials. */
  readonly client: KMSClient;
  /** Key id, key ARN or alias, passed to KMS as given. */
  readonly keyId: string;
  /** Default encryption context, merged under each request's context (the request wins). */
  readonly encryptionContext?: Description;
}

/** KMS errors that mean "this wrapped key does not authenticate": see the header comment. */
const AUTHENTICATION_FAILURES = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

export class KmsKeyring extends KeyringBase {
  readonly kind = 'kms';
  protected readonly writes = WRAP.KMS_CONTEXT;
  readonly #client: KMSClient;
  readonly #keyId: string;
  readonly #context: Description;

  constructor(options: KmsKeyringOptions) {
    super();
    if (typeof options.keyId !== 'string' || options.keyId.trim() === '') {
      fail('INVALID_ARGUMENT', 'KMS keyring needs a non-empty key id');
    }
    this.#client = options.client;
    this.#keyId = options.keyId;
    this.#context = { ...(options.encryptionContext ?? {}) };
  }

  /** GenerateDataKey: KMS makes the key, so `request.dataKey` cannot be honoured (re-encryption refuses KMS). */
  //= specification/s3-encryption/materials/s3-kms-keyring.md#supported-wrapping-algorithm-modes
  //# The KmsKeyring MUST support encryption using Kms+Context mode.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#encryptdatakey
  //# The keyring MUST call [AWS KMS Encrypt](https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html) using the configured AWS KMS client.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#encryptdatakey
  //# - `EncryptionContext` MUST be the [encryption context](../structures.md#encryption-context) included in the input [encryption materials](../structures.md#encryption-materials).
  //= specification/s3-encryption/materials/s3-kms-keyring.md#encryptdatakey
  //# If the call to AWS KMS Encrypt is successful, OnEncrypt MUST return the `CiphertextBlob` as a collection of bytes.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#supported-wrapping-algorithm-modes
  //# The KmsKeyring MUST NOT support encryption using KmsV1 mode.
  protected async wrapKey(request: WrapRequest): Promise<Omit<WrappedKey, 'wrap'>> {
    const context = withoutKeys({ ...this.#context, ...request.description }, [KMS_CMK_ID_KEY]);
    if (Object.hasOwn(context, EC_CEK_ALG_KEY)) {
      fail('INVALID_ARGUMENT', `encryption context must not contain the reserved key ${EC_CEK_ALG_KEY}`);
    }
    context[EC_CEK_ALG_KEY] = contentIdFor(request.content);
    const response = await this.#call('GenerateDataKey', () => this.#client.send(tagged(new GenerateDataKeyCommand({ KeyId: this.#keyId, KeySpec: 'AES_256', EncryptionContext: context }))));
    if (response.Plaintext?.length !== 32 || !response.CiphertextBlob?.length) {
      response.Plaintext?.fill(0); // key material that will not be used is not left behind either
      fail('KMS_ERROR', 'KMS GenerateDataKey did not return a 32-byte data key and its ciphertext');
    }
    return { dataKey: response.Plaintext, encryptedKey: response.CiphertextBlob, description: context };
  }

  /** KeyringBase has refused other wraps, and `kms` without the legacy switch, before KMS is called. */
  //= specification/s3-encryption/materials/s3-kms-keyring.md#decryptdatakey
  //# The KmsKeyring MUST determine whether to decrypt using KmsV1 mode or Kms+Context mode.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#decryptdatakey
  //# If the Key Provider Info of the Encrypted Data Key is "kms", the KmsKeyring MUST attempt to decrypt using KmsV1 mode.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#decryptdatakey
  //# If the Key Provider Info of the Encrypted Data Key is "kms+context", the KmsKeyring MUST attempt to decrypt using Kms+Context mode.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#kms-context
  //# To attempt to decrypt a particular [encrypted data key](../structures.md#encrypted-data-key), the KmsKeyring MUST call [AWS KMS Decrypt](https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html) with the configured AWS KMS client.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#kms-context
  //# - `CiphertextBlob` MUST be the [encrypted data key ciphertext](../structures.md#ciphertext).
  //= specification/s3-encryption/materials/s3-kms-keyring.md#kmsv1
  //# To attempt to decrypt a particular [encrypted data key](../structures.md#encrypted-data-key), the KmsKeyring MUST call [AWS KMS Decrypt](https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html) with the configured AWS KMS client.
  //= specification/s3-encryption/materials/s3-kms-keyring.md#kmsv1
  //# - `CiphertextBlob` MUST be the [encrypted data key ciphertext](../structures.md#ciphertext).
  protected async unwrapKey(request: UnwrapRequest): Promise<Uint8Array> {
    const { envelope } = request;
    if (envelope.wrap === WRAP.KMS_CONTEXT) {
      this.#checkStoredContext(envelope.description, contentIdFor(envelope.content), request.encryptionContext ?? {});
    } else {
      this.#checkLegacyContext(envelope.description, request.encryptionContext ?? {});
    }
    // Both modes send the stored map verbatim as the encryption context (§3.4, §3.5).
    const response = await this.#call('Decrypt', () =>
      this.#client.send(
        tagged(
          new DecryptCommand({
            CiphertextBlob: envelope.encryptedKey,
            EncryptionContext: { ...envelope.description },
            KeyId: this.#keyId,
          }),
        ),
      ),
    );
    // A key of the wrong size is as unauthentic as a blob that does not decrypt (KeyringBase's postcondition).
    return response.Plaintext ?? fail('KMS_ERROR', 'KMS Decrypt returned no plaintext');
  }

  /**
   * kms+context read checks, both before KMS is called:
   * 1. the stored `aws:x-amz-cek-alg` names this object's content algorithm, so an object whose
   *    cipher header was swapped (CVE-2020-8912-style downgrade) is refused (docs/format-notes.md §3.5, §10);
   * 2. the stored context minus the reserved keys equals the caller's (spec "Kms+Context").
   */
  #checkStoredContext(stored: Description, contentId: string, requested: Description): void {
    if (stored[EC_CEK_ALG_KEY] !== contentId) {
      fail('CONTEXT_MISMATCH', `stored ${EC_CEK_ALG_KEY} does not match the object's content algorithm ${contentId}`);
    }
    //= specification/s3-encryption/materials/s3-kms-keyring.md#kms-context
    //# When decrypting using Kms+Context mode, the KmsKeyring MUST validate the provided (request) encryption context with the stored (materials) encryption context.
    //= specification/s3-encryption/materials/s3-kms-keyring.md#kms-context
    //# The stored encryption context with the two reserved keys removed MUST match the provided encryption context.
    //= specification/s3-encryption/materials/s3-kms-keyring.md#kms-context
    //# If the stored encryption context with the two reserved keys removed does not match the provided encryption context, the KmsKeyring MUST throw an exception.
    const reserved = [KMS_CMK_ID_KEY, EC_CEK_ALG_KEY];
    const expected = withoutKeys({ ...this.#context, ...requested }, reserved);
    if (!sameMap(withoutKeys(stored, reserved), expected)) {
      fail('CONTEXT_MISMATCH', 'provided encryption context does not match the one stored with the object');
    }
  }

  /**
   * Legacy `kms` read checks, before KMS is called:
   * 1. no `aws:x-amz-cek-alg` in the stored context: legacy writers never put it there, so its
   *    presence means a kms+context object whose wrap algorithm was changed (a downgrade that
   *    would skip check 2 of #checkStoredContext and, with CBC, CVE-2020-8912);
   * 2. a context the caller (or the keyring's default) states, without the reserved keys, equals
   *    the stored one minus `kms_cmk_id`. A caller stating none reads as the legacy clients did: objects such as SES's
   *    carry entries (`aws:ses:message-id`) a reader cannot know in advance.
   */
  #checkLegacyContext(stored: Description, requested: Description): void {
    if (Object.hasOwn(stored, EC_CEK_ALG_KEY)) {
      fail('CONTEXT_MISMATCH', `stored context holds ${EC_CEK_ALG_KEY}, which only kms+context writers write: the wrap algorithm "kms" was altered`);
    }
    // The stated context loses both reserved keys, as in kms+context; the stored one cannot hold aws:x-amz-cek-alg here.
    const stated = withoutKeys({ ...this.#context, ...requested }, [KMS_CMK_ID_KEY, EC_CEK_ALG_KEY]);
    if (Object.keys(stated).length > 0 && !sameMap(withoutKeys(stored, [KMS_CMK_ID_KEY]), stated)) {
      fail('CONTEXT_MISMATCH', 'provided encryption context does not match the one stored with the object');
    }
  }

  async #call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      if (isS3EncryptionError(e)) throw e;
      const name = errorName(e);
      if (operation === 'Decrypt' && AUTHENTICATION_FAILURES.has(name)) failDecrypt();
      fail('KMS_ERROR', `KMS ${operation} with key ${this.#keyId} failed: ${describeKmsFailure(name, e)}`, e);
    }
  }
}

/** The user-agent token of every KMS call the keyring makes: `lib/s3ec-js#<version>`. */
export const KMS_USER_AGENT: readonly [string, string] = ['lib/s3ec-js', '0.1.0'];

/**
 * Adds the client's token to the command's user agent, on the caller's KMS client too, so KMS
 * metrics and CloudTrail can tell S3EC calls apart. It goes in before the SDK builds the header,
 * so the header is signed as sent.
 */
//= specification/s3-encryption/materials/s3-kms-keyring.md#encryptdatakey
//# - A custom API Name or User Agent string SHOULD be provided in order to provide metrics on KMS calls associated with the S3 Encryption Client.
//= specification/s3-encryption/materials/s3-kms-keyring.md#kms-context
//# - A custom API Name or User Agent string SHOULD be provided in order to provide metrics on KMS calls associated with the S3 Encryption Client.
//= specification/s3-encryption/materials/s3-kms-keyring.md#kmsv1
//# - A custom API Name or User Agent string SHOULD be provided in order to provide metrics on KMS calls associated with the S3 Encryption Client.
function tagged<C extends GenerateDataKeyCommand | DecryptCommand>(command: C): C {
  // The step touches the context only, so the command's own input and output types do not matter.
  const stack = command.middlewareStack as unknown as MiddlewareStack<object, MetadataBearer>;
  stack.add(
    (next: InitializeHandler<object, MetadataBearer>, context: HandlerExecutionContext) => async (args: InitializeHandlerArguments<object>) => {
      const withAgent = context as { userAgent?: [string, string][] };
      withAgent.userAgent = [...(withAgent.userAgent ?? []), [...KMS_USER_AGENT]];
      return next(args);
    },
    { step: 'initialize', name: 's3ecUserAgent', override: true },
  );
  return command;
}

function withoutKeys(map: Description, keys: readonly string[]): Record<string, string> {
  const copy: Record<string, string> = { ...map };
  for (const key of keys) delete copy[key];
  return copy;
}

function sameMap(a: Description, b: Description): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** The SDK's service exceptions carry the KMS error type as `name`; network errors a `code`. */
/**
 * The error's name, and what the SDK says about it when that adds something (`NotFoundException:
 * Key 'arn:…' does not exist`). KMS and SDK messages name keys and causes, never key material.
 * A missing credential chain gets a sentence, since "CredentialsProviderError" alone helps no one.
 */
function describeKmsFailure(name: string, e: unknown): string {
  if (name === 'CredentialsProviderError') {
    return 'no AWS credentials were found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or another source of the default chain)';
  }
  const message = (e as { message?: unknown })?.message;
  if (typeof message !== 'string' || message === '' || message === name || message.length > 300) return name;
  return `${name}: ${message.split('\n')[0]}`;
}

function errorName(e: unknown): string {
  if (e && typeof e === 'object') {
    const { name, code } = e as { name?: unknown; code?: unknown };
    if (typeof code === 'string' && (name === 'Error' || name === undefined)) return code;
    if (typeof name === 'string') return name;
  }
  return 'unknown error';
}
