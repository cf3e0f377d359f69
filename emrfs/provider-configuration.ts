/**
 * What a provider module is handed, as a Hadoop `Configurable` is handed its `Configuration`:
 * every emrfs-site property (the provider's own arguments included), plus what a module fetched
 * from S3 cannot import on its own: the keyring classes, a KMS client and a way to read key files.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { KMSClient } from '@aws-sdk/client-kms';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AesKeyring, KmsKeyring, RsaKeyring } from '@s3cse/reference';
import { configurationError } from './configuration-error.js';
import type { EmrfsSite } from './load-site.js';
import { parseS3Uri } from './s3-uri.js';

export interface EmrfsServices {
  readonly s3: S3Client;
  /** Built on first use: a profile without KMS never needs KMS credentials or a region. */
  readonly kms: () => KMSClient;
}

export class EmrfsProviderConfiguration {
  /** Every emrfs-site property, as written. */
  readonly properties: Readonly<Record<string, string>>;
  /** The configuration file; relative paths in properties are relative to its folder. */
  readonly file: string;
  /** The cluster id EMRFS would report (`JobflowId`). */
  readonly jobFlowId: string;
  /** Keyring classes, for modules that cannot import this package (fetched from S3 into a cache). */
  readonly keyrings = { AesKeyring, RsaKeyring, KmsKeyring } as const;
  readonly #services: EmrfsServices;

  constructor(site: EmrfsSite, jobFlowId: string, services: EmrfsServices) {
    this.properties = site.properties;
    this.file = site.file;
    this.jobFlowId = jobFlowId;
    this.#services = services;
  }

  /** A property's value, trimmed; undefined when unset or blank. */
  get(name: string): string | undefined {
    const value = this.properties[name]?.trim();
    return value ? value : undefined;
  }

  /** A property the provider cannot do without; its absence is an error naming file and property. */
  require(name: string): string {
    return this.get(name) ?? configurationError(this.file, name, 'is required by the materials provider');
  }

  /** The KMS client for the profile (fs.s3.cse.kms.region and AWS_ENDPOINT_URL_KMS applied). */
  kmsClient(): KMSClient {
    return this.#services.kms();
  }

  /** A local path (relative to the configuration file), a file: URL, or an s3:// URI. */
  resolveLocation(location: string): { readonly s3: { readonly bucket: string; readonly key: string } } | { readonly path: string } {
    if (/^s3:\/\//i.test(location)) return { s3: parseS3Uri(location) };
    if (location.startsWith('file:')) return { path: fileURLToPath(location) };
    return { path: isAbsolute(location) ? location : resolve(dirname(this.file), location) };
  }

  /**
   * The bytes at `location` (see resolveLocation). `property` names the setting the location came
   * from, so a missing file is reported against it.
   */
  async readResource(location: string, property?: string): Promise<Buffer> {
    let where: ReturnType<EmrfsProviderConfiguration['resolveLocation']>;
    try {
      where = this.resolveLocation(location);
    } catch {
      return configurationError(this.file, property, `"${location}" is neither a path nor an s3://bucket/key URI`);
    }
    try {
      if ('path' in where) return await readFile(where.path);
      const response = await this.#services.s3.send(new GetObjectCommand({ Bucket: where.s3.bucket, Key: where.s3.key }));
      return Buffer.from(await response.Body!.transformToByteArray());
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).name;
      return configurationError(this.file, property, `cannot read ${location} (${reason})`, e);
    }
  }
}
