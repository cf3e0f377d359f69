/**
 * The protocol's extension operations on the reference (harness/PROTOCOL.md): DeleteObject,
 * DeleteObjects and a PUT through the multipart API (completed, or aborted after every part).
 * Each goes through the client's own call, so what is checked is the client's behaviour: the
 * instruction files removed with the objects, each part encrypted in sequence, the tag on the last.
 */
import { Refusal } from '../../protocol/refusal.js';
import type { ReferenceClient } from './emrfs-mode.js';

function required<T>(operation: T | undefined, name: string): T {
  if (operation === undefined) throw new Refusal('unsupported', 'UNSUPPORTED', `${name} is not offered in this mode`);
  return operation;
}

export async function deleteOne(client: ReferenceClient, bucket: string, key: string): Promise<{ bucket: string; keys: string[] }> {
  await required(client.deleteObject, 'DeleteObject').call(client, { Bucket: bucket, Key: key });
  return { bucket, keys: [key] };
}

export async function deleteMany(client: ReferenceClient, bucket: string, keys: readonly string[]): Promise<{ bucket: string; keys: string[] }> {
  const out = await required(client.deleteObjects, 'DeleteObjects').call(client, { Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } });
  if ((out.Errors ?? []).length > 0) throw new Error(`DeleteObjects: ${(out.Errors ?? []).map((e) => `${e.Key}: ${e.Code}`).join(', ')}`);
  return { bucket, keys: (out.Deleted ?? []).map((d) => d.Key ?? '') };
}

export interface MultipartPut {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
  readonly partSize: number;
  readonly abort: boolean;
  readonly description?: Readonly<Record<string, string>>;
}

/** Parts of `partSize` bytes, uploaded in order; the last part finishes the cipher. */
export async function multipartPut(client: ReferenceClient, put: MultipartPut): Promise<void> {
  if (!Number.isSafeInteger(put.partSize) || put.partSize < 1) throw new Refusal('config', 'INVALID_ARGUMENT', `part size ${put.partSize} is not a positive integer`);
  const target = { Bucket: put.bucket, Key: put.key };
  const created = await required(client.createMultipartUpload, 'CreateMultipartUpload').call(client, { ...target, ...(put.description ? { MaterialsDescription: put.description } : {}) });
  const UploadId = created.UploadId;
  const parts: { ETag: string; PartNumber: number }[] = [];
  const count = Math.max(1, Math.ceil(put.body.length / put.partSize));
  for (let n = 0; n < count; n++) {
    const Body = put.body.subarray(n * put.partSize, (n + 1) * put.partSize);
    const part = await required(client.uploadPart, 'UploadPart').call(client, { ...target, UploadId, PartNumber: n + 1, Body, isLastPart: n === count - 1 });
    parts.push({ ETag: part.ETag ?? '', PartNumber: n + 1 });
  }
  if (put.abort) await required(client.abortMultipartUpload, 'AbortMultipartUpload').call(client, { ...target, UploadId });
  else await required(client.completeMultipartUpload, 'CompleteMultipartUpload').call(client, { ...target, UploadId, MultipartUpload: { Parts: parts } });
}
