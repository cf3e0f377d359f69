/**
 * A KMS client that never leaves the process: `send()` answers GenerateDataKey and Decrypt from
 * the embedded target's `EmbeddedKms`, which binds the encryption context as GCM AAD exactly as
 * the loopback server does. Fuzzing through HTTP would cost a socket round trip per input; this
 * keeps a KMS-wrapped input about as cheap as an AES one.
 */
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { EmbeddedKms, KmsServiceError } from '../../harness/targets/embedded/kms.js';

/** The KMS key every fuzz object is wrapped under (the public `kms-a` key of vectors/keys). */
export interface KmsKeySpec {
  readonly keyId: string;
  readonly material: Uint8Array;
}

export function inProcessKmsClient(keys: readonly KmsKeySpec[]): KMSClient {
  const kms = new EmbeddedKms();
  for (const key of keys) kms.createKey({ keyId: key.keyId, material: key.material });
  const client = {
    async send(command: unknown): Promise<unknown> {
      try {
        return answer(kms, command);
      } catch (e) {
        throw asSdkError(e);
      }
    },
  };
  return client as unknown as KMSClient;
}

function answer(kms: EmbeddedKms, command: unknown): unknown {
  if (command instanceof GenerateDataKeyCommand) {
    const input = command.input;
    const out = kms.generateDataKey(input.KeyId ?? '', 32, input.EncryptionContext);
    return { CiphertextBlob: new Uint8Array(out.blob), Plaintext: new Uint8Array(out.plaintext), KeyId: out.keyId };
  }
  if (command instanceof DecryptCommand) {
    const input = command.input;
    const out = kms.decrypt(input.CiphertextBlob ?? new Uint8Array(0), input.EncryptionContext, input.KeyId);
    return { Plaintext: new Uint8Array(out.plaintext), KeyId: out.keyId };
  }
  throw new KmsServiceError('UnsupportedOperationException', 'only GenerateDataKey and Decrypt are served in process');
}

/** The SDK names a service exception after its KMS error type; the keyring maps on that name. */
function asSdkError(e: unknown): Error {
  if (!(e instanceof KmsServiceError)) return e instanceof Error ? e : new Error(String(e));
  const error = new Error(e.message);
  error.name = e.type;
  return error;
}
