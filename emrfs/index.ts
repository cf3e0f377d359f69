/**
 * EMRFS client-side-encryption profile: a client configured from an EMR cluster's emrfs-site
 * settings (EMR configuration JSON or emrfs-site.xml), with custom materials provider modules.
 */
export { EmrfsClient, writeNote } from './client.js';
export type { EmrfsClientConfig, EmrfsPutObjectInput } from './client.js';
export { EmrfsConfigurationError } from './configuration-error.js';
export { emrfsClientFromFile, loadEmrfsProfile } from './load.js';
export type { EmrfsRuntime } from './load.js';
export { loadEmrfsSite, parseEmrfsSite } from './load-site.js';
export type { EmrfsSite } from './load-site.js';
export { defaultModuleCacheDir } from './module-cache.js';
export { emrfsRequestDescription } from './object-materials.js';
export { readsLegacy, resolveEmrfsProfile, storageOf } from './profile.js';
export type { EmrfsKeySource, EmrfsProfile } from './profile.js';
export { DESCRIPTION_KEY, EMRFS_CLASSIFICATION, EMRFS_KMS_PROVIDER_CLASS, EMRFS_PROPERTY, UNKNOWN_JOB_FLOW_ID } from './properties.js';
export { EmrfsProviderConfiguration } from './provider-configuration.js';
export { loadMaterialsProvider } from './provider-module.js';
export { default as KmsMaterialsProvider } from './providers/kms-provider.js';
export { default as RsaMaterialsProvider } from './providers/rsa-provider.js';
export { parseS3Uri } from './s3-uri.js';
