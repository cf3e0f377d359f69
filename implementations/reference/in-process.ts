import type { KMSClient } from '@aws-sdk/client-kms';
import { AesKeyring, collectBody as collect, decryptObject, encryptObject, isS3EncryptionError, KmsKeyring, RsaKeyring, type Keyring } from '@s3cse/reference';
import type { Feature, Implementation, ImplementationError, KeySpec } from '../../suites/adapter.js';
import { FEATURES } from '../../suites/adapter.js';

const PACKAGE_VERSION = '0.1.0';

/** The reference claims every feature the suites know. */
const REFERENCE_FEATURES: readonly Feature[] = FEATURES;

/**
 * Wires the reference implementation's offline API to the suites' contract, in process.
 * `kmsClientFor` builds a KMS client for an endpoint (the harness owns endpoints and credentials).
 */
export function referenceImplementation(kmsClientFor: (endpoint: string | undefined) => KMSClient): Implementation {
  const keyringFor = (key: KeySpec): Keyring => {
    switch (key.type) {
      case 'aes':
        return new AesKeyring({ key: Buffer.from(key.keyHex, 'hex'), ...(key.description ? { description: key.description } : {}) });
      case 'rsa':
        return new RsaKeyring({ privateKey: key.privatePem, publicKey: key.publicPem, ...(key.description ? { description: key.description } : {}) });
      case 'kms':
        return new KmsKeyring({
          client: kmsClientFor(key.kmsEndpoint),
          keyId: key.keyId,
          ...(key.encryptionContext ? { encryptionContext: key.encryptionContext } : {}),
        });
    }
  };
  return {
    info: { name: 's3-cse-conformance reference', version: PACKAGE_VERSION, language: 'typescript', features: REFERENCE_FEATURES },
    async encrypt(request) {
      return asImplementationError(async () => {
        // Each format under the one commitment policy that writes it (reference/src/pipeline/policy.ts).
        const commitmentPolicy = request.format === 'v3' ? 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT' : 'FORBID_ENCRYPT_ALLOW_DECRYPT';
        const encrypted = await encryptObject(request.plaintext, { keyring: keyringFor(request.key), format: request.format, storage: request.storage, commitmentPolicy });
        const body = await collect(encrypted.body);
        return { body, metadata: encrypted.metadata, ...(encrypted.instructionFile === undefined ? {} : { instructionFile: encrypted.instructionFile }) };
      });
    },
    async decrypt(request) {
      return asImplementationError(async () => {
        const { object } = request;
        const decrypted = await decryptObject(
          {
            body: object.body,
            metadata: object.metadata,
            contentLength: object.body.length,
            ...(object.instructionFile === undefined ? {} : { instructionFile: object.instructionFile }),
          },
          {
            keyring: keyringFor(request.key),
            // The suites read every format they claim (V1, V2, V3): the policy that allows them all.
            commitmentPolicy: request.commitmentPolicy ?? 'REQUIRE_ENCRYPT_ALLOW_DECRYPT',
            legacyUnauthenticatedModes: request.legacy.content,
            legacyWrappingAlgorithms: request.legacy.wraps,
            ...(request.encryptionContext ? { encryptionContext: request.encryptionContext } : {}),
          },
        );
        return collect(decrypted.body);
      });
    },
  };
}

/** Reference errors already carry the suites' categories; anything else is a crash. */
async function asImplementationError<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isS3EncryptionError(e)) {
      const err: ImplementationError = { category: e.category, code: e.code, message: e.message };
      throw Object.assign(new Error(e.message), err);
    }
    throw e;
  }
}
