/**
 * Turns the profile's key source into a MaterialsProvider, as EMRFS does with
 * `ReflectionUtils.newInstance(class, conf)`: find the code, instantiate it, hand it the
 * configuration.
 *
 * In TypeScript `fs.s3.cse.encryptionMaterialsProvider` names a module, not a class:
 * - without `.uri`: a module specifier, resolved relative to the configuration file
 *   (`./providers/rsa.ts`, `/opt/keys/provider.mjs`, a package name), optionally `#ExportName`;
 *   the default export otherwise;
 * - with `.uri` (a local path, or an s3:// URI fetched once into a cache): the module is at the
 *   URI and the property names its export, either exactly or by the simple name of a Java class
 *   name (`com.example.RsaProvider` → `RsaProvider`), so one file can serve EMR and this client;
 *   the default export when neither exists.
 *
 * The export may be a class (constructed with the configuration), a factory function (called with
 * it, may be async) or a provider object; `setConf(configuration)` is then awaited when defined,
 * as Hadoop calls `Configurable.setConf`.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { isAbsolute, resolve, dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { S3EncryptionError, type MaterialsProvider } from '@s3cse/reference';
import { configurationError } from './configuration-error.js';
import { AdoptingProvider, adoptError } from './foreign-errors.js';
import { cachedProviderModule, defaultModuleCacheDir, MODULE_EXTENSIONS } from './module-cache.js';
import type { EmrfsProfile } from './profile.js';
import { EMRFS_PROPERTY as P } from './properties.js';
import type { EmrfsProviderConfiguration } from './provider-configuration.js';
import KmsMaterialsProvider from './providers/kms-provider.js';

export interface ProviderLoadOptions {
  readonly s3: S3Client;
  /** Where s3:// provider modules are cached (default: defaultModuleCacheDir()). */
  readonly cacheDir?: string;
}

export async function loadMaterialsProvider(profile: EmrfsProfile, conf: EmrfsProviderConfiguration, options: ProviderLoadOptions): Promise<MaterialsProvider> {
  const { file } = profile.site;
  const keys = profile.keys ?? configurationError(file, P.provider, 'is not set');
  if (keys.kind === 'kms') return instantiate(KmsMaterialsProvider, conf, 'the KMS provider', P.kmsKeyId);
  const located = keys.uri === undefined ? bySpecifier(keys.provider, file) : await byUri(keys.uri, keys.provider, conf, options);
  let module: Record<string, unknown>;
  try {
    module = (await import(located.url)) as Record<string, unknown>;
  } catch (e) {
    const hint =
      keys.uri === undefined && /^[a-z_$][\w$]*(\.[\w$]+)+$/i.test(keys.provider) && !MODULE_EXTENSIONS.includes(extname(keys.provider))
        ? ' (it looks like a Java class name: here the property names a module, or an export of the module at .uri)'
        : '';
    return configurationError(file, located.property, `cannot load ${located.what}: ${(e as Error).message.split('\n', 1)[0]}${hint}`, e);
  }
  const name = located.exports.find((n) => module[n] !== undefined);
  if (name === undefined) return configurationError(file, P.provider, `${located.what} has no export named ${located.exports.join(', ')}`);
  return instantiate(module[name], conf, `export ${name} of ${located.what}`, P.provider);
}

interface Located {
  readonly url: string;
  readonly what: string;
  /** The exports to take, in order of preference. */
  readonly exports: readonly string[];
  /** The property to blame when the module cannot be loaded. */
  readonly property: string;
}

function bySpecifier(value: string, file: string): Located {
  const hash = value.lastIndexOf('#');
  const specifier = hash > 0 ? value.slice(0, hash) : value;
  const exports = hash > 0 ? [value.slice(hash + 1)] : ['default'];
  const pathLike = /^(\.{1,2}\/|\/|file:)/.test(specifier) || MODULE_EXTENSIONS.includes(extname(specifier));
  const url = !pathLike || specifier.startsWith('file:') ? specifier : pathToFileURL(isAbsolute(specifier) ? specifier : resolve(dirname(file), specifier)).href;
  return { url, what: `module ${specifier}`, exports, property: P.provider };
}

async function byUri(uri: string, provider: string, conf: EmrfsProviderConfiguration, options: ProviderLoadOptions): Promise<Located> {
  let where: ReturnType<EmrfsProviderConfiguration['resolveLocation']>;
  try {
    where = conf.resolveLocation(uri);
  } catch {
    return configurationError(conf.file, P.providerUri, `"${uri}" is neither a path nor an s3://bucket/key URI`);
  }
  const path = 's3' in where ? await cachedProviderModule(uri, options.s3, options.cacheDir ?? defaultModuleCacheDir(), conf.file) : where.path;
  const exports = [...new Set([provider, simpleName(provider), 'default'])];
  return { url: pathToFileURL(path).href, what: `module ${uri}`, exports, property: P.providerUri };
}

/** `com.example.RsaProvider` → `RsaProvider`; `RsaProvider` stays as it is. */
function simpleName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

async function instantiate(exported: unknown, conf: EmrfsProviderConfiguration, what: string, property: string): Promise<MaterialsProvider> {
  try {
    let provider: unknown = exported;
    if (typeof exported === 'function') {
      provider = isProvider((exported as { prototype?: unknown }).prototype)
        ? new (exported as new (c: EmrfsProviderConfiguration) => unknown)(conf)
        : await (exported as (c: EmrfsProviderConfiguration) => unknown)(conf);
    }
    const configurable = provider as { setConf?: unknown } | null;
    if (configurable && typeof configurable.setConf === 'function') await (configurable.setConf as (c: EmrfsProviderConfiguration) => unknown).call(provider, conf);
    if (!isProvider(provider)) return configurationError(conf.file, P.provider, `${what} is not a materials provider (it needs encryptionKeyring and decryptionKeyring methods)`);
    return new AdoptingProvider(provider);
  } catch (e) {
    const adopted = adoptError(e);
    if (adopted instanceof S3EncryptionError) throw adopted;
    return configurationError(conf.file, property, `${what} failed to start: ${(e as Error).message ?? String(e)}`, e);
  }
}

function isProvider(value: unknown): value is MaterialsProvider {
  const v = value as Partial<MaterialsProvider> | null | undefined;
  return typeof v?.encryptionKeyring === 'function' && typeof v.decryptionKeyring === 'function';
}
