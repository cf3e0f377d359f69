/**
 * Provider modules named by an s3:// `fs.s3.cse.encryptionMaterialsProvider.uri` are fetched once
 * into a local cache and imported from there, as EMR copies the provider JAR to every node.
 *
 * An entry is keyed by the URI and the object's ETag, so a replaced module is fetched again
 * (one HEAD per load) while an unchanged one never is. Modules must be self-contained, like a
 * JAR on the classpath: beside the configuration object's keyring classes they can import only
 * Node built-ins, since a cache folder has no node_modules.
 */
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { configurationError } from './configuration-error.js';
import { EMRFS_PROPERTY } from './properties.js';
import { parseS3Uri } from './s3-uri.js';

export const MODULE_EXTENSIONS: readonly string[] = ['.mjs', '.js', '.cjs', '.ts', '.mts', '.cts'];

/** `$S3CSE_CACHE_DIR`, else `$XDG_CACHE_HOME/s3cse`, else `~/.cache/s3cse`; then `emrfs-providers`. */
export function defaultModuleCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['S3CSE_CACHE_DIR'] || join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 's3cse');
  return join(root, 'emrfs-providers');
}

/** The local path of the module at `uri` (s3://bucket/key), fetching it if the cache lacks it. */
export async function cachedProviderModule(uri: string, s3: S3Client, cacheDir: string, configFile: string): Promise<string> {
  const property = EMRFS_PROPERTY.providerUri;
  const { bucket, key } = parseS3Uri(uri);
  const name = basename(key);
  if (!MODULE_EXTENSIONS.includes(extname(name))) {
    configurationError(configFile, property, `${uri} must name a JavaScript or TypeScript module (${MODULE_EXTENSIONS.join(', ')})`);
  }
  const etag = await s3Call(configFile, uri, 'HEAD', async () => (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ETag ?? '');
  const entry = join(cacheDir, createHash('sha256').update(`${uri}\0${etag}`).digest('hex').slice(0, 32));
  const path = join(entry, name);
  if (existsSync(path)) return path;
  const body = await s3Call(configFile, uri, 'GET', async () => {
    // IfMatch: the bytes cached under this ETag are the bytes that carry it.
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(etag ? { IfMatch: etag } : {}) }));
    return Buffer.from(await response.Body!.transformToByteArray());
  });
  mkdirSync(entry, { recursive: true });
  // A plain .js provider is an ES module here, as in this project.
  writeFileSync(join(entry, 'package.json'), '{"type":"module"}\n');
  const partial = `${path}.partial-${process.pid}`;
  writeFileSync(partial, body);
  renameSync(partial, path);
  return path;
}

async function s3Call<T>(file: string, uri: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    return configurationError(file, EMRFS_PROPERTY.providerUri, `cannot fetch ${uri} (${what}: ${(e as Error).name})`, e);
  }
}
