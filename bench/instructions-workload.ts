/**
 * One workload of bench/lib/workloads.ts, run once, for bench/instructions.ts to count under
 * callgrind (bundled by esbuild first, so that no TypeScript loader runs in the counted process):
 *
 *   node --predictable --single-threaded workload.mjs DIR BYTES CHUNK INDEX raw|wrapped
 *
 * DIR holds the objects instructions.ts sealed beforehand (sealed outside the count): the raw
 * node:crypto ciphertext with its key, IV and tag, and the reference's sealed object with its
 * metadata and wrapping key. INDEX picks encrypt (0), delayed-auth decrypt (1), buffered (2).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useWrappingKey } from './lib/public-gcm.js';
import { pairs, type RawObject } from './lib/workloads.js';

const [dir = '', bytesArg = '', chunkArg = '', indexArg = '', side = ''] = process.argv.slice(2);
const total = Number(bytesArg);
const json = (name: string) => JSON.parse(readFileSync(join(dir, `${name}-${total}.json`), 'utf8'));
const rawMeta = json('raw');
const sealedMeta = json('sealed');
const raw: RawObject = {
  key: Buffer.from(rawMeta.key, 'hex'),
  iv: Buffer.from(rawMeta.iv, 'hex'),
  tag: Buffer.from(rawMeta.tag, 'hex'),
  chunks: [readFileSync(join(dir, `raw-${total}.bin`))],
};
const sealed = { chunks: [readFileSync(join(dir, `sealed-${total}.bin`))], metadata: sealedMeta.metadata };
useWrappingKey(Buffer.from(sealedMeta.wrappingKey, 'hex'));
const announceLength = process.env['S3CSE_NO_CONTENT_LENGTH'] === undefined;
const inputs = { block: randomBytes(1024 * 1024), total, raw, sealed, bufferedTotal: total, bufferedRaw: raw, bufferedSealed: sealed, announceLength };
const pair = pairs(Number(chunkArg), inputs)[Number(indexArg)];
if (pair === undefined || (side !== 'raw' && side !== 'wrapped')) throw new Error('usage: DIR BYTES CHUNK INDEX raw|wrapped');
const produced = await pair[side]();
if (produced !== pair.output) throw new Error(`${pair.name} (${side}) produced ${produced} bytes, expected ${pair.output}`);
