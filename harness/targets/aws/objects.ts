/**
 * What a run on the aws target writes, and its removal at the end. Suites write only keys that
 * start with these prefixes (each followed by a per-run stamp), plus `<key>.instruction` files
 * beside them; `stop()` deletes the objects under the prefixes last modified since the run started
 * (less a clock-skew margin), so objects an earlier or concurrent run left stay untouched only
 * when they are older than that.
 */
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export const RUN_PREFIXES = ['cross-', 'range-', 'suites-'] as const;
const CLOCK_SKEW_MS = 5 * 60_000;

export function planLines(bucket: string, kmsKeyId: string, region: string, endpoint: string): string[] {
  return [
    `aws: region ${region}, endpoint ${endpoint}, bucket ${bucket}, KMS key ${kmsKeyId}`,
    `aws: creates no bucket and no KMS key; writes objects under ${RUN_PREFIXES.map((p) => `${p}*`).join(', ')} (and their .instruction files) in ${bucket}; calls GenerateDataKey, Encrypt and Decrypt on the key`,
    `aws: at the end deletes the objects under those prefixes written since the run started`,
  ];
}

/** Keys under the run prefixes modified at or after `since` (ms since the epoch, before the margin). */
export async function keysWrittenSince(s3: S3Client, bucket: string, since: number): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of RUN_PREFIXES) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const o of page.Contents ?? []) if (o.Key && (o.LastModified?.getTime() ?? 0) >= since - CLOCK_SKEW_MS) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  return keys;
}

/** Deletes the keys in batches of 1,000 (DeleteObjects' limit); returns how many S3 reported deleted. */
export async function deleteKeys(s3: S3Client, bucket: string, keys: readonly string[]): Promise<{ deleted: number; errors: string[] }> {
  let deleted = 0;
  const errors: string[] = [];
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: false } }));
    deleted += out.Deleted?.length ?? 0;
    for (const e of out.Errors ?? []) errors.push(`${e.Key}: ${e.Code}`);
  }
  return { deleted, errors };
}

/** The end of a run: its objects deleted, and one line saying how many and how many are left. */
export async function removeRunObjects(s3: S3Client, bucket: string, startedAt: number): Promise<string> {
  const { deleted, errors } = await deleteKeys(s3, bucket, await keysWrittenSince(s3, bucket, startedAt));
  const left = (await keysWrittenSince(s3, bucket, startedAt)).length;
  return `aws: deleted ${deleted} object(s) this run wrote in ${bucket}; ${left} left${errors.length ? `; errors: ${errors.slice(0, 5).join(', ')}` : ''}`;
}
