/**
 * Canary key material for the secret-hygiene scan: the key names and types of
 * vectors/keys/keys.json, with AES and KMS key bytes that say what they are
 * (`CANARY-AES-KEY-0001-` and 12 random hex characters, 32 bytes) and RSA key pairs generated for
 * this run. RSA bytes cannot be chosen, so their secret parts (the DER encodings, d, p, q and the
 * CRT values) are what the scan looks for. Every run's canaries differ, so a hit can only come
 * from the run being scanned.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Something that must never appear in an output, under a name that says where it came from. */
export interface Secret {
  readonly name: string;
  readonly bytes: Buffer;
}

type KeyEntry =
  | { type: 'aes'; bits: number; encoding: 'hex'; material: string }
  | { type: 'rsa'; bits: number; encoding: 'pem'; private: string; public: string }
  | { type: 'kms'; keyId: string; encoding: 'hex'; material: string };

export interface KeysManifest {
  readonly manifest: { readonly type: 'keys'; readonly version: 1 };
  readonly description: string;
  readonly keys: Record<string, KeyEntry>;
}

export interface CanaryKeys {
  /** The file to hand to the harness through S3CSE_KEYS_FILE. */
  readonly manifest: KeysManifest;
  readonly secrets: Secret[];
  /** The canary KMS key ids: data keys logged under them prove the canaries were used. */
  readonly kmsKeyIds: string[];
}

const PUBLIC_KEYS = new URL('../../vectors/keys/keys.json', import.meta.url);
const LABEL_BYTES = 20;
const KEY_BYTES = 32;

/** `CANARY-AES-KEY-0001-` + random hex: recognisable in raw form, unique to the run in every form. */
export function canaryBytes(kind: 'AES' | 'KMS', serial: number, length = KEY_BYTES): Buffer {
  const label = `CANARY-${kind}-KEY-${String(serial).padStart(4, '0')}-`;
  if (label.length !== LABEL_BYTES || length <= LABEL_BYTES) throw new Error(`canary serial ${serial} or length ${length} does not fit the label`);
  return Buffer.from(
    label +
      randomBytes(length)
        .toString('hex')
        .slice(0, length - LABEL_BYTES),
    'ascii',
  );
}

/**
 * One canary per key of the public manifest, so a key added there gets its canary without edits
 * here. `aesKeyBytes` other than 32 makes AES keys every implementation must refuse.
 */
export function makeCanaryKeys(options: { aesKeyBytes?: number } = {}): CanaryKeys {
  const publicKeys = (JSON.parse(readFileSync(PUBLIC_KEYS, 'utf8')) as KeysManifest).keys;
  const keys: Record<string, KeyEntry> = {};
  const secrets: Secret[] = [];
  const kmsKeyIds: string[] = [];
  const serial = { AES: 0, KMS: 0 };
  for (const [name, entry] of Object.entries(publicKeys)) {
    if (entry.type === 'aes' || entry.type === 'kms') {
      const kind = entry.type === 'aes' ? 'AES' : 'KMS';
      const bytes = canaryBytes(kind, (serial[kind] += 1), kind === 'AES' ? (options.aesKeyBytes ?? KEY_BYTES) : KEY_BYTES);
      secrets.push({ name: `${name} (${entry.type} key)`, bytes });
      if (entry.type === 'aes') keys[name] = { ...entry, material: bytes.toString('hex') };
      else {
        const keyId = randomUUID();
        kmsKeyIds.push(keyId);
        keys[name] = { ...entry, keyId, material: bytes.toString('hex') };
      }
    } else if (entry.type === 'rsa') {
      const pair = generateKeyPairSync('rsa', { modulusLength: entry.bits });
      const pem = (k: KeyObject, type: 'pkcs8' | 'spki'): string => k.export({ format: 'pem', type }).toString();
      keys[name] = { ...entry, private: pem(pair.privateKey, 'pkcs8'), public: pem(pair.publicKey, 'spki') };
      secrets.push(...rsaSecrets(name, pair.privateKey));
    } else {
      throw new Error(`vectors/keys/keys.json: key ${name} has a type the canary maker does not know`);
    }
  }
  const description = 'Canary keys for the secret-hygiene scan (harness/secret-scan.ts); generated per run, never committed.';
  return { manifest: { manifest: { type: 'keys', version: 1 }, description, keys }, secrets, kmsKeyIds };
}

/** The parts of an RSA private key that would give it away, each on its own. */
export function rsaSecrets(name: string, key: KeyObject): Secret[] {
  const jwk = key.export({ format: 'jwk' });
  const parts: Secret[] = [
    { name: `${name} private key (PKCS#8 DER)`, bytes: key.export({ format: 'der', type: 'pkcs8' }) },
    { name: `${name} private key (PKCS#1 DER)`, bytes: key.export({ format: 'der', type: 'pkcs1' }) },
  ];
  for (const field of ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const) {
    const value = jwk[field];
    if (value === undefined) throw new Error(`${name}: the RSA key has no ${field}`);
    parts.push({ name: `${name} private key component ${field}`, bytes: Buffer.from(value, 'base64url') });
  }
  return parts;
}
