import { AesKeyring, KmsKeyring, RsaKeyring, type Description, type Keyring } from '@s3cse/reference';
import { kmsClientFromEnvironment } from './aws-environment.js';
import { fail } from './fail.js';
import { readLocalFile } from './io/input-file.js';

export const KEYRING_SPEC_HELP = 'aes:FILE (32 raw bytes or 64 hex characters), rsa:FILE (PEM; a public key is enough to encrypt) or kms:KEY_ID (id, ARN or alias)';

export interface KeyringSpecOptions {
  readonly kmsEndpoint?: string;
  /** Description stored with raw keys (matdesc) or default encryption context for KMS. */
  readonly description?: Description;
  readonly env?: NodeJS.ProcessEnv;
}

/** Parses `--keyring`: `aes:FILE`, `rsa:FILE` (public or private PEM) or `kms:KEY_ID`. */
export function keyringFromSpec(spec: string, options: KeyringSpecOptions = {}): Keyring {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const value = colon < 0 ? '' : spec.slice(colon + 1);
  if (!value) fail('INVALID_ARGUMENT', `--keyring ${spec}: "${kind}" needs a value; use ${KEYRING_SPEC_HELP}`);
  const description = options.description ?? {};
  switch (kind) {
    case 'aes':
      return new AesKeyring({ key: readAesKey(value), description });
    case 'rsa': {
      const pem = readLocalFile('--keyring rsa:', value).toString('utf8');
      const isPrivate = /-----BEGIN (RSA |ENCRYPTED )?PRIVATE KEY-----/.test(pem);
      return new RsaKeyring(isPrivate ? { privateKey: pem, description } : { publicKey: pem, description });
    }
    case 'kms': {
      const env = options.env ?? process.env;
      // A region is needed even for a local KMS; the SDK's own resolution would fail without one.
      const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
      return new KmsKeyring({ client: kmsClientFromEnvironment(region, env, options.kmsEndpoint), keyId: value, encryptionContext: description });
    }
    default:
      return fail('INVALID_ARGUMENT', `--keyring ${spec}: unknown kind "${kind}"; use ${KEYRING_SPEC_HELP}`);
  }
}

function readAesKey(path: string): Uint8Array {
  const bytes = readLocalFile('--keyring aes:', path);
  if (bytes.length === 32) return bytes;
  const text = bytes.toString('latin1').trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  // The length is safe to report; the content never is.
  return fail('INVALID_ARGUMENT', `--keyring aes:${path}: the key file must hold 32 raw bytes or 64 hex characters (it has ${bytes.length} bytes)`);
}
