/**
 * Reads an adapter's response body chunk by chunk under a ceiling, so a misbehaving adapter (an
 * endless or oversized body) costs the harness at most the ceiling in memory, never the run.
 */

/** The body is larger than the ceiling; what was not read yet was cancelled, never buffered. */
export class BodyTooLarge extends Error {
  readonly maxBytes: number;
  /** Bytes read before giving up, or the declared Content-Length when that alone was too much. */
  readonly seenBytes: number;
  readonly declared: boolean;
  constructor(maxBytes: number, seenBytes: number, declared: boolean) {
    super(declared ? `Content-Length ${seenBytes} exceeds the ${maxBytes}-byte response cap` : `body passed the ${maxBytes}-byte response cap (${seenBytes} bytes read, rest cancelled)`);
    this.name = 'BodyTooLarge';
    this.maxBytes = maxBytes;
    this.seenBytes = seenBytes;
    this.declared = declared;
  }
}

/** The stream failed part way (timeout, reset, the adapter died) after `receivedBytes`. */
export class BodyInterrupted extends Error {
  override readonly cause: unknown;
  readonly receivedBytes: number;
  constructor(cause: unknown, receivedBytes: number) {
    super(`body interrupted after ${receivedBytes} bytes`);
    this.name = 'BodyInterrupted';
    this.cause = cause;
    this.receivedBytes = receivedBytes;
  }
}

export async function readBoundedBody(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isSafeInteger(declared) && declared > maxBytes) {
    // Refused before a byte is read: no point in receiving what will be thrown away.
    await res.body?.cancel().catch(() => {});
    throw new BodyTooLarge(maxBytes, declared, true);
  }
  if (res.body === null) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch (e) {
      throw new BodyInterrupted(e, received);
    }
    if (next.done) return Buffer.concat(chunks, received);
    received += next.value.byteLength;
    if (received > maxBytes) {
      // Cancelling closes the connection, so the adapter stops sending and nothing piles up.
      await reader.cancel().catch(() => {});
      throw new BodyTooLarge(maxBytes, received, false);
    }
    chunks.push(next.value);
  }
}
