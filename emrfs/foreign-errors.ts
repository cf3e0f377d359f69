/**
 * Errors from provider code that carries its own copy of this implementation (a module fetched
 * from S3 is bundled, like a provider JAR; under a CommonJS test runner an imported module gets a
 * second copy too) are S3EncryptionErrors of another class. They are re-issued as this copy's,
 * so callers can rely on `isS3EncryptionError` and the stable codes whoever threw.
 */
import {
  ERROR_CODES,
  S3EncryptionError,
  type ErrorCode,
  type Keyring,
  type MaterialsProvider,
  type ObjectKeyRequest,
  type UnwrapRequest,
  type WrapAlgorithm,
  type WrappedKey,
  type WrapRequest,
} from '@s3cse/reference';
import { EmrfsConfigurationError } from './configuration-error.js';

export function adoptError(e: unknown): unknown {
  if (e instanceof S3EncryptionError || !(e instanceof Error) || e.name !== 'S3EncryptionError') return e;
  const { code, file, property } = e as Error & { code?: unknown; file?: unknown; property?: unknown };
  if (typeof code !== 'string' || !Object.hasOwn(ERROR_CODES, code)) return e;
  if (code === 'INVALID_CONFIGURATION' && typeof file === 'string') {
    const prefix = `${file}: ${typeof property === 'string' ? `${property}: ` : ''}`;
    const problem = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return new EmrfsConfigurationError(file, typeof property === 'string' ? property : undefined, problem, e);
  }
  return new S3EncryptionError(code as ErrorCode, e.message, { cause: e });
}

async function adopting<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw adoptError(e);
  }
}

/** A provider whose own failures come out as this copy's errors (its keyrings are not wrapped). */
export class AdoptingProvider implements MaterialsProvider {
  readonly #inner: MaterialsProvider;

  constructor(inner: MaterialsProvider) {
    this.#inner = inner;
  }

  encryptionKeyring(request: ObjectKeyRequest): Promise<Keyring> {
    return adopting(() => this.#inner.encryptionKeyring(request));
  }

  decryptionKeyring(request: ObjectKeyRequest & { readonly wrap: WrapAlgorithm }): Promise<Keyring> {
    return adopting(() => this.#inner.decryptionKeyring(request));
  }
}

export function adoptingWrap(keyring: Keyring, request: WrapRequest): Promise<WrappedKey> {
  return adopting(() => keyring.wrap(request));
}

export function adoptingUnwrap(keyring: Keyring, request: UnwrapRequest): Promise<Uint8Array> {
  return adopting(() => keyring.unwrap(request));
}
