/** What a protocol handler hands back to the server: buffered, so the server can log exact sizes. */
export interface HandlerResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Omitted for HEAD and 204 responses. */
  readonly body?: Buffer;
}

/** The parts of an HTTP request the S3 handler needs, already read and de-chunked by the server. */
export interface S3Request {
  readonly method: string;
  /** Decoded path, e.g. `/bucket/dir/key`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names; values as Node parsed them (Latin-1, one char per byte). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  readonly contentEncoding?: string;
  /** User metadata, keys without `x-amz-meta-`, values as the bytes the client sent. */
  readonly metadata: ReadonlyMap<string, Buffer>;
}

/** The store as the multipart handler sees it (EmbeddedS3 is one). */
export interface ObjectStore {
  createBucket(name: string): Map<string, StoredObject>;
}
