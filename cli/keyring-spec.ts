import { KMSClient } from '@aws-sdk/client-kms';
import { readFileSync } from 'node:fs';
import { AesKeyring, KmsKeyring, RsaKeyring, type Description, type Keyring } from '../reference/src/index.js';
import { fail } from './fail.js';

export interface KeyringSpecOptions {
  readonly kmsEndpoint?: string;
  /** Description stored with raw keys (matdesc) or default encryption context for KMS. */
  readonly description?: Description;
}

/**
 * Parses the command line's key specification:
 * `aes:FILE` (32 raw bytes or 64 hex characters), `rsa:FILE` (PEM, public or private), `kms:KEY_ID`.
 */
export function keyringFromSpec(spec: string, options: KeyringSpecOptions = {}): Keyring {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const value = colon < 0 ? '' : spec.slice(colon + 1);
  if (!value) fail('INVALID_ARGUMENT', `key spec "${kind}" needs a value, e.g. aes:FILE, rsa:FILE or kms:KEY_ID`);
  const description = options.description ?? {};
  switch (kind) {
    case 'aes':
      return new AesKeyring({ key: readAesKey(value), description });
    case 'rsa': {
      const pem = readKeyFile(value).toString('utf8');
      const isPrivate = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem);
      return new RsaKeyring(isPrivate ? { privateKey: pem, description } : { publicKey: pem, description });
    }
    case 'kms':
      return new KmsKeyring({ client: kmsClient(options.kmsEndpoint), keyId: value, encryptionContext: description });
    default:
      return fail('INVALID_ARGUMENT', `unknown key spec "${kind}"; use aes:FILE, rsa:FILE or kms:KEY_ID`);
  }
}

function readAesKey(path: string): Uint8Array {
  const bytes = readKeyFile(path);
  if (bytes.length === 32) return bytes;
  const text = bytes.toString('latin1').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  // The length is safe to report; the content never is.
  return fail('INVALID_ARGUMENT', `AES key file ${path} must hold 32 raw bytes or 64 hex characters (it has ${bytes.length} bytes)`);
}

function readKeyFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    return fail('INVALID_ARGUMENT', `cannot read key file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function kmsClient(endpoint: string | undefined): KMSClient {
  return new KMSClient({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
  });
}
