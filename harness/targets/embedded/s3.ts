/**
 * In-memory, path-style S3 for the embedded target: ListBuckets, CreateBucket, PutObject, GetObject (ranges),
 * HeadObject, DeleteObject, DeleteObjects, ListObjectsV2, multipart upload (s3-multipart.ts).
 * Behaviour follows S3 where a client could notice: 206/416 ranges, 404 NoSuchKey (HEAD without a body), 204 deletes of absent keys,
 * RFC 2047-encoded non-ASCII metadata, and the 2 KB user-metadata limit (which moto and LocalStack
 * do not enforce; infra.md).
 */
import { createHash } from 'node:crypto';
import type { HandlerResult, S3Request } from './handler-result.js';
import { exceedsMetadataLimit, userMetadataFromHeaders, userMetadataHeaders } from './s3-metadata.js';
import { S3_NS, elements, parseDeleteRequest, s3Error, xmlResult } from './s3-xml.js';
import { withoutAwsChunked } from './aws-chunked.js';
import { handleMultipartRequest } from './s3-multipart.js';
import type { StoredObject } from './handler-result.js';

export type { StoredObject } from './handler-result.js';

export class EmbeddedS3 {
  readonly buckets = new Map<string, Map<string, StoredObject>>();

  createBucket(name: string): Map<string, StoredObject> {
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, (bucket = new Map()));
    return bucket;
  }

  getObject(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }
}

export function handleS3Request(store: EmbeddedS3, request: S3Request): HandlerResult {
  const slash = request.path.indexOf('/', 1);
  const bucket = request.path.slice(1, slash < 0 ? undefined : slash);
  const key = slash < 0 ? '' : request.path.slice(slash + 1);
  const { method, query } = request;
  if (bucket === '') return method === 'GET' ? listBuckets(store) : notImplemented(method, `${method} on the service`);
  if (key === '') {
    if (method === 'PUT') return createBucket(store, bucket);
    if (method === 'POST' && query.has('delete')) return deleteObjects(store, bucket, request.body);
    if (method === 'GET' && query.get('list-type') === '2') return listObjectsV2(store, bucket, query);
    if (method === 'HEAD') return store.buckets.has(bucket) ? { status: 200, headers: {} } : noSuchBucket(method, bucket);
    return notImplemented(method, `${method} on a bucket`);
  }
  if (query.has('uploadId') || query.has('uploads')) return handleMultipartRequest(store, bucket, key, request);
  if (request.headers['x-amz-copy-source'] !== undefined) return notImplemented(method, 'CopyObject');
  if (method === 'PUT') return putObject(store, bucket, key, request);
  if (method === 'GET' || method === 'HEAD') return getObject(store, bucket, key, request);
  if (method === 'DELETE') {
    store.buckets.get(bucket)?.delete(key);
    return { status: 204, headers: {} };
  }
  return notImplemented(method, `${method} on an object`);
}

function createBucket(store: EmbeddedS3, bucket: string): HandlerResult {
  store.createBucket(bucket);
  return { status: 200, headers: { location: `/${bucket}` } };
}

/** Node's hash takes at most 2^31 - 1 bytes per update ("data is too long" past 2 GiB): fed in 1 GiB slices. */
function md5Hex(body: Buffer): string {
  const hash = createHash('md5');
  for (let at = 0; at < body.length; at += 1 << 30) hash.update(body.subarray(at, at + (1 << 30)));
  return hash.digest('hex');
}

function putObject(store: EmbeddedS3, bucket: string, key: string, request: S3Request): HandlerResult {
  const metadata = userMetadataFromHeaders(request.headers);
  if (exceedsMetadataLimit(metadata)) {
    return s3Error(request.method, 400, 'MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', [['MaxSizeAllowed', 2048]]);
  }
  const etag = `"${md5Hex(request.body)}"`;
  const contentEncoding = withoutAwsChunked(request.headers['content-encoding']);
  store.createBucket(bucket).set(key, {
    body: request.body,
    etag,
    lastModified: new Date(),
    contentType: request.headers['content-type'] ?? 'binary/octet-stream',
    ...(contentEncoding === undefined ? {} : { contentEncoding }),
    metadata,
  });
  return { status: 200, headers: { etag } };
}

function getObject(store: EmbeddedS3, bucket: string, key: string, request: S3Request): HandlerResult {
  const object = store.getObject(bucket, key);
  if (!object) {
    if (!store.buckets.has(bucket)) return noSuchBucket(request.method, bucket);
    return s3Error(request.method, 404, 'NoSuchKey', 'The specified key does not exist.', [['Key', key]]);
  }
  const size = object.body.length;
  const range = parseRange(request.headers['range'], size);
  if (range === 'unsatisfiable') {
    return s3Error(request.method, 416, 'InvalidRange', 'The requested range is not satisfiable', [
      ['RangeRequested', request.headers['range'] ?? ''],
      ['ActualObjectSize', size],
    ]);
  }
  const headers: Record<string, string> = {
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...(object.contentEncoding === undefined ? {} : { 'content-encoding': object.contentEncoding }),
    ...userMetadataHeaders(object.metadata),
  };
  const body = range ? object.body.subarray(range.start, range.end + 1) : object.body;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  headers['content-length'] = String(body.length);
  return { status: range ? 206 : 200, headers, ...(request.method === 'HEAD' ? {} : { body }) };
}

/**
 * One `bytes=` range, as S3 reads it (RFC 9110 §14.1.2): `a-b` (end clamped to the object),
 * `a-`, and suffix `-n`. A syntactically unusable header (other unit, several ranges, end before
 * start) is ignored and the whole object is sent, as S3 does; a start at or past the end, or an
 * empty suffix, is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const first = match[1] === '' ? undefined : Number(match[1]);
  const last = match[2] === '' ? undefined : Number(match[2]);
  if (first === undefined) {
    if (last === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - (last ?? 0)), end: size - 1 };
  }
  if (last !== undefined && last < first) return undefined;
  if (first >= size) return 'unsatisfiable';
  return { start: first, end: Math.min(last ?? size - 1, size - 1) };
}

function deleteObjects(store: EmbeddedS3, bucket: string, body: Buffer): HandlerResult {
  const parsed = parseDeleteRequest(body.toString('utf8'));
  if (!parsed) return s3Error('POST', 400, 'MalformedXML', 'The XML you provided was not well-formed.');
  const objects = store.buckets.get(bucket);
  for (const key of parsed.keys) objects?.delete(key);
  const deleted = parsed.quiet ? '' : parsed.keys.map((k) => `<Deleted>${elements([['Key', k]])}</Deleted>`).join('');
  return xmlResult(200, `<DeleteResult xmlns="${S3_NS}">${deleted}</DeleteResult>`);
}

function listObjectsV2(store: EmbeddedS3, bucket: string, query: URLSearchParams): HandlerResult {
  const objects = store.buckets.get(bucket);
  if (!objects) return noSuchBucket('GET', bucket);
  const prefix = query.get('prefix') ?? '';
  const maxKeys = Math.min(1000, Math.max(0, Number(query.get('max-keys') ?? 1000) || 0));
  const token = query.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (query.get('start-after') ?? '');
  const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  const contents = page
    .map((k) => {
      const o = objects.get(k) as StoredObject;
      const fields = [
        ['Key', k],
        ['LastModified', o.lastModified.toISOString()],
        ['ETag', o.etag],
        ['Size', o.body.length],
        ['StorageClass', 'STANDARD'],
      ] as const;
      return `<Contents>${elements(fields)}</Contents>`;
    })
    .join('');
  const next = truncated ? elements([['NextContinuationToken', Buffer.from(page.at(-1) ?? '', 'utf8').toString('base64url')]]) : '';
  const head = elements([
    ['Name', bucket],
    ['Prefix', prefix],
    ['KeyCount', page.length],
    ['MaxKeys', maxKeys],
    ['IsTruncated', truncated],
  ]);
  const echoed = token ? elements([['ContinuationToken', token]]) : '';
  return xmlResult(200, `<ListBucketResult xmlns="${S3_NS}">${head}${echoed}${contents}${next}</ListBucketResult>`);
}

/** What `aws s3 ls` asks first; every bucket is owned by the one dummy account. */
function listBuckets(store: EmbeddedS3): HandlerResult {
  const buckets = [...store.buckets.keys()].sort().map(
    (name) =>
      `<Bucket>${elements([
        ['Name', name],
        ['CreationDate', new Date(0).toISOString()],
      ])}</Bucket>`,
  );
  const owner = `<Owner>${elements([
    ['ID', 'embedded'],
    ['DisplayName', 'embedded'],
  ])}</Owner>`;
  return xmlResult(200, `<ListAllMyBucketsResult xmlns="${S3_NS}">${owner}<Buckets>${buckets.join('')}</Buckets></ListAllMyBucketsResult>`);
}

function noSuchBucket(method: string, bucket: string): HandlerResult {
  return s3Error(method, 404, 'NoSuchBucket', 'The specified bucket does not exist', [['BucketName', bucket]]);
}

function notImplemented(method: string, what: string): HandlerResult {
  return s3Error(method, 501, 'NotImplemented', `${what} is not implemented by the embedded target`);
}
