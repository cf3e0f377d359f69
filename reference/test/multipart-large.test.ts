/**
 * The acceptance case of issue 4: a 100 MiB object uploaded in 5 MiB parts decrypts correctly.
 * Neither side holds the object: the plaintext is generated as it is uploaded (an AES-CTR
 * keystream, so it can be generated again) and compared by SHA-256 as it streams back through
 * delayed-authentication decryption.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { s3ClientFor } from '../../harness/targets/embedded/clients.js';
import { startEmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { S3EncryptionClient } from '../src/client.js';
import { AesKeyring } from '../src/keyrings/aes.js';

const MiB = 1024 * 1024;
const TOTAL = 100 * MiB;
const PART = 5 * MiB;

/** Deterministic pseudo-random bytes in 1 MiB chunks, hashed as they are produced. */
async function* generated(total: number, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  const ctr = createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16));
  const zeros = Buffer.alloc(MiB);
  for (let sent = 0; sent < total; sent += MiB) {
    const chunk = ctr.update(zeros.subarray(0, Math.min(MiB, total - sent)));
    hash.update(chunk);
    yield chunk;
  }
}

test('a 100 MiB stream uploaded in 5 MiB parts decrypts to the same bytes', async () => {
  const target = await startEmbeddedTarget();
  const s3 = s3ClientFor(target.endpoint);
  try {
    target.s3.createBucket('large');
    const client = new S3EncryptionClient({ client: s3, keyring: new AesKeyring({ key: Buffer.alloc(32, 1) }), delayedAuthentication: true });
    const sentHash = createHash('sha256');
    await client.upload({ Bucket: 'large', Key: '100MiB.bin', Body: generated(TOTAL, sentHash), partSize: PART });

    const parts = target.requestLog.filter((r) => r.query.includes('partNumber'));
    assert.is(parts.length, TOTAL / PART);
    assert.ok(parts.every((r) => r.bytesReceived === PART || r.bytesReceived === PART + 16));
    assert.is(parts.filter((r) => r.bytesReceived === PART + 16).length, 1, 'one part, the last, carries the tag');

    const got = await client.getObject({ Bucket: 'large', Key: '100MiB.bin' });
    assert.is(got.ContentLength, TOTAL);
    const receivedHash = createHash('sha256');
    let received = 0;
    for await (const chunk of got.Body as AsyncIterable<Uint8Array>) {
      receivedHash.update(chunk);
      received += chunk.byteLength;
    }
    assert.is(received, TOTAL);
    assert.is(receivedHash.digest('hex'), sentHash.digest('hex'));
  } finally {
    s3.destroy();
    await target.stop();
  }
});

test.run();
