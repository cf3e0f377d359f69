/**
 * Multipart upload for the embedded S3: CreateMultipartUpload (POST ?uploads), UploadPart
 * (PUT ?partNumber&uploadId), CompleteMultipartUpload (POST ?uploadId with the part list) and
 * AbortMultipartUpload (DELETE ?uploadId). Behaviour follows S3 where an S3EC client could notice:
 * - user metadata, Content-Type and Content-Encoding are taken at create (the 2 KB limit checked
 *   there) and end up on the completed object; the object does not exist until complete;
 * - part ETags are the part's MD5; the object's ETag is MD5(concatenated binary part MD5s)-N;
 * - complete checks the list: ascending part numbers (InvalidPartOrder), every part uploaded with
 *   the ETag given (InvalidPart), every part but the last at least 5 MiB (EntityTooSmall);
 * - unknown upload ids give 404 NoSuchUpload.
 * Uploads are kept per store in a WeakMap, so the store itself needs no new state.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HandlerResult, ObjectStore, S3Request } from './handler-result.js';
import { exceedsMetadataLimit, userMetadataFromHeaders } from './s3-metadata.js';
import { S3_NS, elements, s3Error, unescapeXml, xmlResult } from './s3-xml.js';
import { withoutAwsChunked } from './aws-chunked.js';

/** S3's minimum size of every part but the last (the SDKs and S3EC clients assume it). */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

interface UploadedPart {
  readonly body: Buffer;
  /** Binary MD5, for the multipart ETag. */
  readonly md5: Buffer;
}

interface Upload {
  readonly bucket: string;
  readonly key: string;
  readonly contentType: string;
  readonly contentEncoding?: string;
  readonly metadata: ReadonlyMap<string, Buffer>;
  readonly parts: Map<number, UploadedPart>;
}

const uploadsByStore = new WeakMap<ObjectStore, Map<string, Upload>>();

function uploadsOf(store: ObjectStore): Map<string, Upload> {
  let uploads = uploadsByStore.get(store);
  if (!uploads) uploadsByStore.set(store, (uploads = new Map()));
  return uploads;
}

/** Routes a request that carries `?uploads` or `?uploadId`. */
export function handleMultipartRequest(store: ObjectStore, bucket: string, key: string, request: S3Request): HandlerResult {
  const { method, query } = request;
  if (method === 'POST' && query.has('uploads')) return createUpload(store, bucket, key, request);
  const uploadId = query.get('uploadId') ?? '';
  const upload = uploadsOf(store).get(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) {
    return s3Error(method, 404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', [['UploadId', uploadId]]);
  }
  if (method === 'PUT' && query.has('partNumber')) return uploadPart(upload, request);
  if (method === 'POST') return completeUpload(store, uploadId, upload, request.body);
  if (method === 'DELETE') {
    uploadsOf(store).delete(uploadId);
    return { status: 204, headers: {} };
  }
  return s3Error(method, 501, 'NotImplemented', `${method} on a multipart upload is not implemented by the embedded target`);
}

function createUpload(store: ObjectStore, bucket: string, key: string, request: S3Request): HandlerResult {
  const metadata = userMetadataFromHeaders(request.headers);
  if (exceedsMetadataLimit(metadata)) {
    return s3Error('POST', 400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', [['MaxSizeAllowed', 2048]]);
  }
  const uploadId = randomBytes(24).toString('base64url');
  const contentEncoding = withoutAwsChunked(request.headers['content-encoding']);
  uploadsOf(store).set(uploadId, {
    bucket,
    key,
    contentType: request.headers['content-type'] ?? 'binary/octet-stream',
    ...(contentEncoding === undefined ? {} : { contentEncoding }),
    metadata,
    parts: new Map(),
  });
  const fields = [
    ['Bucket', bucket],
    ['Key', key],
    ['UploadId', uploadId],
  ] as const;
  return xmlResult(200, `<InitiateMultipartUploadResult xmlns="${S3_NS}">${elements(fields)}</InitiateMultipartUploadResult>`);
}

function uploadPart(upload: Upload, request: S3Request): HandlerResult {
  const partNumber = Number(request.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    return s3Error('PUT', 400, 'InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`, [
      ['ArgumentName', 'partNumber'],
      ['ArgumentValue', request.query.get('partNumber') ?? ''],
    ]);
  }
  const md5 = createHash('md5').update(request.body).digest();
  upload.parts.set(partNumber, { body: request.body, md5 });
  return { status: 200, headers: { etag: `"${md5.toString('hex')}"` } };
}

function completeUpload(store: ObjectStore, uploadId: string, upload: Upload, body: Buffer): HandlerResult {
  const listed = parseCompleteRequest(body.toString('utf8'));
  if (!listed || listed.length === 0) return s3Error('POST', 400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  const chosen: UploadedPart[] = [];
  for (const [i, { partNumber, etag }] of listed.entries()) {
    const previous = listed[i - 1];
    if (previous && previous.partNumber >= partNumber) {
      return s3Error('POST', 400, 'InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
    }
    const part = upload.parts.get(partNumber);
    if (!part || part.md5.toString('hex') !== etag.replace(/"/g, '').toLowerCase()) {
      return s3Error(
        'POST',
        400,
        'InvalidPart',
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        [
          ['UploadId', uploadId],
          ['PartNumber', partNumber],
          ['ETag', etag],
        ],
      );
    }
    chosen.push(part);
  }
  const tooSmall = chosen.slice(0, -1).findIndex((p) => p.body.length < MIN_PART_BYTES);
  if (tooSmall >= 0) {
    return s3Error('POST', 400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', [
      ['ProposedSize', chosen[tooSmall]?.body.length ?? 0],
      ['MinSizeAllowed', MIN_PART_BYTES],
      ['PartNumber', listed[tooSmall]?.partNumber ?? 0],
    ]);
  }
  const etag = `"${createHash('md5')
    .update(Buffer.concat(chosen.map((p) => p.md5)))
    .digest('hex')}-${chosen.length}"`;
  store.createBucket(upload.bucket).set(upload.key, {
    body: Buffer.concat(chosen.map((p) => p.body)),
    etag,
    lastModified: new Date(),
    contentType: upload.contentType,
    ...(upload.contentEncoding === undefined ? {} : { contentEncoding: upload.contentEncoding }),
    metadata: upload.metadata,
  });
  uploadsOf(store).delete(uploadId);
  const fields = [
    ['Location', `/${upload.bucket}/${upload.key}`],
    ['Bucket', upload.bucket],
    ['Key', upload.key],
    ['ETag', etag],
  ] as const;
  return xmlResult(200, `<CompleteMultipartUploadResult xmlns="${S3_NS}">${elements(fields)}</CompleteMultipartUploadResult>`);
}

/** `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"…"</ETag></Part>…`; checksum fields are ignored. */
export function parseCompleteRequest(xml: string): Array<{ partNumber: number; etag: string }> | undefined {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) return undefined;
  const parts: Array<{ partNumber: number; etag: string }> = [];
  for (const match of xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)) {
    const inner = match[1] ?? '';
    const partNumber = /<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner)?.[1];
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner)?.[1];
    if (partNumber === undefined || etag === undefined) return undefined;
    parts.push({ partNumber: Number(partNumber), etag: unescapeXml(etag).trim() });
  }
  return parts;
}
