/**
 * Example provider, and the one `com.amazon.ws.emr.hadoop.fs.cse.KMSEncryptionMaterialsProvider`
 * maps to: one KMS key whose id comes from the configuration (`fs.s3.cse.kms.keyId`, or the
 * property named by `kmsKeyIdProperty`), as EMRFS's own KMS provider and the example provider of
 * the EMR docs ("my.kms.key.id") read theirs in `setConf`.
 *
 * Every object is written with it and every object is read with it: KMS finds the key from the
 * wrapped data key itself, so the stored description never has to pick one.
 */
import type { Keyring, MaterialsProvider, ObjectKeyRequest } from '@s3cse/reference';
import type { EmrfsProviderConfiguration } from '../provider-configuration.js';

export default class KmsMaterialsProvider implements MaterialsProvider {
  /** The property holding the key id (a subclass or wrapper may read another, as the docs' example does). */
  protected readonly kmsKeyIdProperty: string = 'fs.s3.cse.kms.keyId';
  #keyring: Keyring | undefined;

  setConf(conf: EmrfsProviderConfiguration): void {
    this.#keyring = new conf.keyrings.KmsKeyring({ client: conf.kmsClient(), keyId: conf.require(this.kmsKeyIdProperty) });
  }

  async encryptionKeyring(_request: ObjectKeyRequest): Promise<Keyring> {
    return this.#configured();
  }

  async decryptionKeyring(_request: ObjectKeyRequest): Promise<Keyring> {
    return this.#configured();
  }

  #configured(): Keyring {
    if (!this.#keyring) throw new Error('KmsMaterialsProvider used before setConf');
    return this.#keyring;
  }
}
