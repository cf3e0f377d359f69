/** Bucket set-up over the S3 API, for the targets whose store we cannot reach directly. */
import { CreateBucketCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';

export async function bucketExists(s3: S3Client, name: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    return true;
  } catch (e) {
    // HeadBucket has no body, so a missing bucket shows only as a 404 (the SDK calls it NotFound).
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw e;
  }
}

export async function createBucketIfMissing(s3: S3Client, name: string): Promise<void> {
  if (!(await bucketExists(s3, name))) await s3.send(new CreateBucketCommand({ Bucket: name }));
}
