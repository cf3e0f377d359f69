/**
 * The streaming benchmark's three paths through the reference's public API (V2, AES-GCM content
 * under an AES/GCM-wrapped data key): encrypt, delayed-authentication decrypt, buffered decrypt.
 * The envelope costs one key wrap per object, nothing per byte, so over 1 GiB the figures are the
 * content cipher's, measured where users meet it (Node Readable bodies included).
 */
import { randomBytes } from 'node:crypto';
import { AesKeyring, decryptObject, encryptObject } from '@s3cse/reference';

let keyring = new AesKeyring({ key: randomBytes(32) });
let WRITE = { keyring, format: 'v2', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' } as const;
let READ = { keyring, commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' } as const;

/** Uses this 32-byte wrapping key from now on (the instruction counts read objects sealed by another process). */
export function useWrappingKey(key: Uint8Array): void {
  keyring = new AesKeyring({ key });
  WRITE = { ...WRITE, keyring };
  READ = { ...READ, keyring };
}

/** Ciphertext (tag last) and the metadata that reads it. */
export interface SealedObject {
  readonly chunks: Buffer[];
  readonly metadata: Record<string, string>;
}

/** The ciphertext body itself (no wrapper generator of ours in between, which would be charged to the reference). */
export async function encryptStream(source: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Buffer>> {
  return (await encryptObject(source, WRITE)).body;
}

/** The metadata at once and the ciphertext as it is produced, so decryption can start straight away. */
export async function sealStream(source: AsyncIterable<Uint8Array>): Promise<{ metadata: Record<string, string>; body: AsyncIterable<Uint8Array> }> {
  const out = await encryptObject(source, WRITE);
  return { metadata: out.metadata, body: out.body };
}

export async function seal(source: AsyncIterable<Uint8Array>): Promise<SealedObject> {
  const out = await encryptObject(source, WRITE);
  const chunks: Buffer[] = [];
  for await (const part of out.body) chunks.push(part as Buffer);
  return { chunks, metadata: out.metadata };
}

/**
 * Delayed authentication: the plaintext body (a Node Readable) as decryptObject returns it.
 * `contentLength`: the stored length, as getObject passes S3's Content-Length.
 */
export async function decryptStreaming(body: AsyncIterable<Uint8Array>, metadata: Record<string, string>, contentLength?: number): Promise<AsyncIterable<Buffer>> {
  return (await decryptObject({ body, metadata, ...(contentLength === undefined ? {} : { contentLength }) }, { ...READ, delayedAuthentication: true })).body;
}

/** Buffered decryption: nothing is released before the tag verified. */
export async function decryptBuffered(body: AsyncIterable<Uint8Array>, metadata: Record<string, string>, bufferSize: number, contentLength?: number): Promise<AsyncIterable<Buffer>> {
  return (await decryptObject({ body, metadata, ...(contentLength === undefined ? {} : { contentLength }) }, { ...READ, bufferSize })).body;
}
