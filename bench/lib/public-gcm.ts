/**
 * The streaming benchmark's three paths through the reference's public API (V2, AES-GCM content
 * under an AES/GCM-wrapped data key): encrypt, delayed-authentication decrypt, buffered decrypt.
 * The envelope costs one key wrap per object, nothing per byte, so over 1 GiB the figures are the
 * content cipher's, measured where users meet it (Node Readable bodies included).
 */
import { randomBytes } from 'node:crypto';
import { AesKeyring, decryptObject, encryptObject } from '@s3cse/reference';

const keyring = new AesKeyring({ key: randomBytes(32) });
const WRITE = { keyring, format: 'v2', commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' } as const;
const READ = { keyring, commitmentPolicy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' } as const;

/** Ciphertext (tag last) and the metadata that reads it. */
export interface SealedObject {
  readonly chunks: Buffer[];
  readonly metadata: Record<string, string>;
}

export async function* encryptStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const out = await encryptObject(source, WRITE);
  for await (const part of out.body) yield part as Buffer;
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

export async function* decryptStreaming(body: AsyncIterable<Uint8Array>, metadata: Record<string, string>): AsyncGenerator<Buffer> {
  const out = await decryptObject({ body, metadata }, { ...READ, delayedAuthentication: true });
  for await (const part of out.body) yield part as Buffer;
}

/** Buffered decryption: nothing is released before the tag verified; returns the plaintext bytes. */
export async function decryptBuffered(body: AsyncIterable<Uint8Array>, metadata: Record<string, string>, bufferSize: number): Promise<number> {
  const out = await decryptObject({ body, metadata }, { ...READ, bufferSize });
  let bytes = 0;
  for await (const part of out.body) bytes += (part as Buffer).length;
  return bytes;
}
