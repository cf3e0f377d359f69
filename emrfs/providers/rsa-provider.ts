/**
 * Example provider, the counterpart of EMRFSRSAEncryptionMaterialsProvider (awslabs/emr-sample-apps,
 * `emrfs-plugins`) that also picks a key pair by S3 prefix.
 *
 * Properties (key files: DER or PEM; a path relative to the configuration file, or s3://):
 * - `fs.s3.cse.rsa.name`, `fs.s3.cse.rsa.public`, `fs.s3.cse.rsa.private`: the default key pair,
 *   exactly EMRFSRSAEncryptionMaterialsProvider's three properties.
 * - `fs.s3.cse.rsa.keys`: more key pairs by name (comma-separated); for each NAME,
 *   `fs.s3.cse.rsa.NAME.public`, `fs.s3.cse.rsa.NAME.private` and `fs.s3.cse.rsa.NAME.prefix`
 *   (comma-separated `s3://bucket/prefix` URIs the pair encrypts).
 * A pair may lack its private key (it then only encrypts) or its public key (derived).
 *
 * Writing: the object's S3 URI (EMRFS's `Path` when fs.s3.cse.materialsDescription.enabled is
 * true, else built from bucket and key) picks the pair with the longest matching prefix, else the
 * default pair. The pair's `{"rsa_name": NAME}` is what gets stored (x-amz-matdesc), as the Java
 * provider stores it. Reading: the stored `rsa_name` picks the pair; an object without one is
 * read with the default pair, as in Java.
 */
import { fail } from '../configuration-error.js';
import type { Keyring, MaterialsProvider, ObjectKeyRequest } from '@s3cse/reference';
import { configurationError } from '../configuration-error.js';
import { DESCRIPTION_KEY } from '../properties.js';
import type { EmrfsProviderConfiguration } from '../provider-configuration.js';
import { s3Uri } from '../s3-uri.js';
import { privateKeyFrom, publicKeyFrom } from './key-files.js';

const PROPERTY = 'fs.s3.cse.rsa.';
/** The description entry the Java provider stores (its `CSE_RSA_NAME`). */
export const RSA_NAME = 'rsa_name';
/** Names that would collide with the default pair's or the list's own properties. */
const RESERVED_NAMES = new Set(['name', 'public', 'private', 'keys']);

interface KeyPair {
  readonly name: string;
  readonly keyring: Keyring;
}

export default class RsaMaterialsProvider implements MaterialsProvider {
  #default: KeyPair | undefined;
  readonly #byName = new Map<string, KeyPair>();
  /** Longest prefix first, so the first match is the most specific. */
  #byPrefix: { readonly prefix: string; readonly pair: KeyPair }[] = [];

  async setConf(conf: EmrfsProviderConfiguration): Promise<void> {
    const defaultName = conf.get(`${PROPERTY}name`);
    if (defaultName !== undefined) this.#default = await this.#add(conf, defaultName, `${PROPERTY}public`, `${PROPERTY}private`);
    for (const name of list(conf.get(`${PROPERTY}keys`))) {
      if (RESERVED_NAMES.has(name)) configurationError(conf.file, `${PROPERTY}keys`, `"${name}" cannot name a key pair`);
      const pair = await this.#add(conf, name, `${PROPERTY}${name}.public`, `${PROPERTY}${name}.private`);
      const property = `${PROPERTY}${name}.prefix`;
      for (const prefix of list(conf.get(property))) {
        if (!/^s3:\/\/[^/]+/.test(prefix)) configurationError(conf.file, property, `"${prefix}" is not an s3://bucket/prefix URI`);
        if (this.#byPrefix.some((p) => p.prefix === prefix)) configurationError(conf.file, property, `prefix ${prefix} is given to two key pairs`);
        this.#byPrefix.push({ prefix, pair });
      }
    }
    if (this.#byName.size === 0) configurationError(conf.file, `${PROPERTY}name`, 'is required: the name of the default RSA key pair');
    this.#byPrefix.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  async encryptionKeyring(request: ObjectKeyRequest): Promise<Keyring> {
    const uri = request.description[DESCRIPTION_KEY.path] ?? (request.bucket !== undefined && request.key !== undefined ? s3Uri(request.bucket, request.key) : undefined);
    const pair = (uri === undefined ? undefined : this.#byPrefix.find((p) => uri.startsWith(p.prefix))?.pair) ?? this.#default;
    return pair?.keyring ?? fail('KEY_MISMATCH', `no RSA key pair for ${uri ?? 'an object without a path'}, and no default pair (fs.s3.cse.rsa.name)`);
  }

  async decryptionKeyring(request: ObjectKeyRequest): Promise<Keyring> {
    const name = request.description[RSA_NAME];
    const pair = name === undefined ? this.#default : this.#byName.get(name);
    return pair?.keyring ?? fail('KEY_MISMATCH', name === undefined ? 'the object names no RSA key pair and there is no default pair' : `no RSA key pair named "${name}"`);
  }

  async #add(conf: EmrfsProviderConfiguration, name: string, publicProperty: string, privateProperty: string): Promise<KeyPair> {
    if (this.#byName.has(name)) configurationError(conf.file, `${PROPERTY}keys`, `key pair "${name}" is configured twice`);
    const publicAt = conf.get(publicProperty);
    const privateAt = conf.get(privateProperty);
    if (publicAt === undefined && privateAt === undefined) configurationError(conf.file, publicProperty, `key pair "${name}" needs a public key, a private key or both`);
    const publicKey = publicAt === undefined ? undefined : parsed(conf, publicProperty, await conf.readResource(publicAt, publicProperty), publicKeyFrom);
    const privateKey = privateAt === undefined ? undefined : parsed(conf, privateProperty, await conf.readResource(privateAt, privateProperty), privateKeyFrom);
    let keyring: Keyring;
    try {
      keyring = new conf.keyrings.RsaKeyring({ ...(publicKey ? { publicKey } : {}), ...(privateKey ? { privateKey } : {}), description: { [RSA_NAME]: name } });
    } catch (e) {
      return configurationError(conf.file, publicProperty, `key pair "${name}": ${(e as Error).message}`, e);
    }
    const pair = { name, keyring };
    this.#byName.set(name, pair);
    return pair;
  }
}

function parsed<T>(conf: EmrfsProviderConfiguration, property: string, bytes: Buffer, parse: (b: Buffer) => T): T {
  try {
    return parse(bytes);
  } catch {
    // The key bytes stay out of the message; which file failed is what the reader needs.
    return configurationError(conf.file, property, 'is not an RSA key in DER or PEM (PKCS#8 private, X.509 SubjectPublicKeyInfo public)');
  }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
