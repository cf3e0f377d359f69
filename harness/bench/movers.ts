/**
 * The two kinds of mover a bench run times: raw S3 through the target's SDK client (the
 * baseline), and an implementation through its adapter, one writer and one reader client per
 * configuration (created once, as the suites do).
 */
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { readerConfig, writerConfig, type KeyMaterial } from '../../protocol/messages.js';
import type { KeyKind, WriteFormat } from '../../protocol/vocabulary.js';
import { AdapterClient } from '../protocol/client.js';
import type { AdapterSession } from '../supervisor/session.js';
import type { Mover } from './measure.js';
import { adapterGet, adapterPut, rawGet, rawPut } from './transfer.js';

export interface BenchConfiguration {
  readonly format: WriteFormat;
  readonly key: KeyKind;
}

async function remove(s3: S3Client, bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: key }, { Key: `${key}.instruction` }] } }));
}

export function rawMover(s3: S3Client, bucket: string): Mover {
  return {
    put: (key, size) => rawPut(s3, bucket, key, size),
    get: (key, size) => rawGet(s3, bucket, key, size),
    remove: (key) => remove(s3, bucket, key),
  };
}

/** An adapter mover; `streamed` turns true once the adapter claimed to have streamed a body. */
export async function adapterMover(
  session: AdapterSession,
  s3: S3Client,
  bucket: string,
  config: BenchConfiguration,
  keys: Readonly<Record<KeyKind, KeyMaterial>>,
): Promise<Mover & { streamed: boolean }> {
  const url = session.process.url;
  const client = new AdapterClient(url, { callTimeoutMs: 60_000, validate: false, maxResponseBytes: 1 << 20 });
  const writer = await client.createClient(writerConfig(config.format, keys[config.key], 'metadata'));
  // Delayed authentication lets a streaming client release plaintext before the tag is checked.
  // A client that refuses the mode is asked again without it (it then reads as it always does).
  const plain = readerConfig(config.format, keys[config.key], true);
  const reader = await client.createClient({ ...plain, enableDelayedAuthenticationMode: true }).catch(() => client.createClient(plain));
  const mover = {
    streamed: false,
    pid: session.process.pid,
    put: async (key: string, size: number) => {
      if (await adapterPut(url, writer, bucket, key, size)) mover.streamed = true;
    },
    get: async (key: string, size: number) => {
      if (await adapterGet(url, reader, bucket, key, size)) mover.streamed = true;
    },
    remove: (key: string) => remove(s3, bucket, key),
  };
  return mover;
}
