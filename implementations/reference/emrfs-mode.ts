/**
 * The reference adapter under `s3cse run --emrfs-config FILE` (environment S3CSE_EMRFS_CONFIG):
 * every client it builds behaves as that cluster's EMRFS configuration asks, while the keys stay
 * the run's own, so the matrix keeps meaning what it means.
 *
 * From the configuration: V2 writes only (what EMRFS writes at best), in its storage mode only;
 * EMRFS's request description on every write; KMS contexts taken as stored; no legacy reads
 * under StrictAuthenticatedEncryption. From the protocol: the key material, and whether legacy
 * reads are wanted (one switch, as in the Java v1 client EMRFS runs). The capabilities claim just
 * that, so the harness never asks for what EMRFS would not do.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { S3EncryptionError, StaticMaterialsProvider, type Keyring, type S3EncryptionClient } from '@s3cse/reference';
import { EmrfsClient, loadEmrfsProfile, readsLegacy, storageOf, type EmrfsProfile } from '../../emrfs/index.js';
import type { Capabilities, S3ECConfig } from '../../protocol/messages.js';

/** What the adapter calls; EMRFS mode has no deletes or multipart uploads of its own (Unsupported). */
export type ReferenceClient = Pick<S3EncryptionClient, 'putObject' | 'getObject' | 'reEncryptInstructionFile'> &
  Partial<Pick<S3EncryptionClient, 'deleteObject' | 'deleteObjects' | 'createMultipartUpload' | 'uploadPart' | 'completeMultipartUpload' | 'abortMultipartUpload'>>;

export function loadEmrfsMode(file: string): EmrfsProfile {
  return loadEmrfsProfile(file);
}

export function emrfsAdapterClient(profile: EmrfsProfile, s3: S3Client, keyring: Keyring, config: S3ECConfig): ReferenceClient {
  const client = new EmrfsClient({
    s3,
    profile,
    materialsProvider: new StaticMaterialsProvider(keyring),
    legacyReads: Boolean(config.enableLegacyUnauthenticatedModes || config.enableLegacyWrappingAlgorithms),
  });
  return {
    // EMRFS describes each write itself; a caller's description has no place in it.
    putObject: ({ Bucket, Key, Body, ContentLength }) => client.putObject({ Bucket: Bucket ?? '', Key: Key ?? '', Body, ...(ContentLength === undefined ? {} : { ContentLength }) }),
    getObject: ({ EncryptionContext: _ignored, ...input }) => client.getObject(input),
    reEncryptInstructionFile: () => Promise.reject(new S3EncryptionError('UNSUPPORTED', 'EMRFS has no instruction-file re-encryption')),
  };
}

export function emrfsCapabilities(base: Capabilities, profile: EmrfsProfile): Capabilities {
  const v2 = base.write.find((c) => c.format === 'v2');
  return {
    ...base,
    implementation: { ...base.implementation, name: `${base.implementation.name} (emrfs-site ${profile.site.file})` },
    write: v2 ? [{ ...v2, storage: [storageOf(profile)] }] : [],
    read: base.read.filter((c) => readsLegacy(profile) || (c.format !== 'v1-eo' && c.format !== 'v1-ae')),
    features: base.features.filter((f) => f === 'range' || f === 'instruction-file-suffix'),
  };
}
