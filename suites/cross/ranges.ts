/**
 * Ranged GET across implementations: every writer's object read back in slices by every reader
 * that claims `range`, each slice compared with the same slice of the plaintext as S3 would cut
 * it (peers.md B #15, #16: range support broke between client generations and diverges from S3).
 * Readers get the legacy-unauthenticated switch on, which every client requires for ranges.
 */
import { randomBytes } from 'node:crypto';
import type { ErrorKind } from '../error-kind.js';
import { expectBytes, judge, type Judgement } from '../judge.js';
import { inShard, type Shard } from '../shard.js';
import type { CaseResult, MatrixCoordinates } from '../run.js';
import { settle } from './outcome.js';
import { rangeCostCase, type BytesServed, type RangeCost } from './range-cost.js';
import { isObjectCallFailure, type ObjectImplementation } from './object-implementation.js';
import { claims, KEY_KINDS, type Configuration, type KeyKind } from './vocabulary.js';

export const RANGE_SUITE = 'range';
/** Long enough for many blocks, not a multiple of 16, so the last block is partial. */
export const RANGE_OBJECT_BYTES = 100_003;

/** Ranges as S3 takes them, and the slice of an n-byte object S3 returns for each. */
export const RANGES: readonly { readonly header: string; readonly slice: (n: number) => [number, number] }[] = [
  { header: 'bytes=0-0', slice: () => [0, 1] },
  { header: 'bytes=0-15', slice: () => [0, 16] },
  { header: 'bytes=16-31', slice: () => [16, 32] },
  { header: 'bytes=17-4112', slice: () => [17, 4113] },
  { header: 'bytes=65535-65537', slice: () => [65535, 65538] },
  { header: 'bytes=99990-', slice: (n) => [99990, n] },
  { header: 'bytes=99990-200000', slice: (n) => [99990, n] },
  { header: 'bytes=-1', slice: (n) => [n - 1, n] },
  { header: 'bytes=-17', slice: (n) => [n - 17, n] },
];

export interface RangeRequest {
  readonly bucket: string;
  readonly objectKey: string;
  readonly key: KeyKind;
  readonly format: Configuration['format'];
  readonly range: string;
}

/** Implementations that can be asked for a range. */
export interface RangeReader extends ObjectImplementation {
  getRange(request: RangeRequest): Promise<Uint8Array>;
}

export interface RangeOptions {
  readonly implementations: readonly RangeReader[];
  readonly bucket: string;
  readonly keyPrefix?: string;
  readonly onResult?: (result: CaseResult) => void;
  /** Only the writer × configuration units of this shard (suites/shard.ts). */
  readonly shard?: Shard;
  /** The target's byte counter: each passing read gains a `range-bytes/…` case (range-cost.ts). */
  readonly bytesServed?: BytesServed;
  readonly onCost?: (cost: RangeCost) => void;
}

/** One configuration per format: the first key kind and metadata storage the writer claims. */
export function writerConfigurations(w: ObjectImplementation): Configuration[] {
  const out: Configuration[] = [];
  for (const format of ['v2', 'v3'] as const) {
    const key = KEY_KINDS.find((k) => claims(w.info.write, { format, key: k, storage: 'metadata' }));
    if (key) out.push({ format, key, storage: 'metadata' });
  }
  return out;
}

export async function runRangeSuite(options: RangeOptions): Promise<CaseResult[]> {
  const prefix = options.keyPrefix ?? `range-${Date.now().toString(36)}`;
  const results: CaseResult[] = [];
  const emit = (r: CaseResult): void => {
    results.push(r);
    options.onResult?.(r);
  };
  const readers = options.implementations.filter((r) => r.info.features.includes('range'));
  for (const writer of options.implementations) {
    for (const config of writerConfigurations(writer)) {
      if (!inShard(`${writer.info.id}/${config.format}-${config.key}`, options.shard)) continue;
      const objectKey = `${prefix}_${writer.info.id}_${config.format}-${config.key}`;
      const plaintext = randomBytes(RANGE_OBJECT_BYTES);
      let written: { message: string; errorKind: ErrorKind } | undefined;
      try {
        await writer.put({ ...config, bucket: options.bucket, objectKey, plaintext });
      } catch (e) {
        written = { message: isObjectCallFailure(e) ? `${e.kind}: ${e.message}` : String(e), errorKind: errorKindOf(e) };
      }
      for (const reader of readers) {
        if (!claims(reader.info.read, config)) continue;
        for (const range of RANGES) {
          const pair: MatrixCoordinates & { range: string } = {
            writer: writer.info.id,
            reader: reader.info.id,
            format: config.format,
            key: config.key,
            storage: config.storage,
            size: plaintext.length,
            legacy: true,
            range: range.header,
          };
          await readRange(options, reader, { objectKey, plaintext, written, pair }, emit);
        }
      }
    }
  }
  return results;
}

interface RangeRead {
  readonly objectKey: string;
  readonly plaintext: Uint8Array;
  readonly written: { message: string; errorKind: ErrorKind } | undefined;
  readonly pair: MatrixCoordinates & { readonly range: string };
}

/** One reader's read of one range, judged; with a byte counter, its cost judged too. */
async function readRange(options: RangeOptions, reader: RangeReader, read: RangeRead, emit: (r: CaseResult) => void): Promise<void> {
  const { objectKey, plaintext, written, pair } = read;
  const range = RANGES.find((r) => r.header === pair.range)!;
  const started = performance.now();
  const [from, to] = range.slice(plaintext.length);
  const expected = expectBytes(plaintext.subarray(from, to), `bytes ${from}-${to - 1}`);
  const before = options.bytesServed?.(options.bucket, objectKey) ?? 0;
  const j: Judgement =
    written === undefined
      ? judge(expected, await settle(() => reader.getRange({ bucket: options.bucket, objectKey, key: pair.key as KeyKind, format: pair.format as Configuration['format'], range: pair.range })))
      : { status: 'errored', expected: expected.label!, actual: 'write failed', detail: written.message, errorKind: written.errorKind };
  emit({
    suite: RANGE_SUITE,
    id: `range/${pair.writer}->${pair.reader}/${pair.format}/${pair.key}/${pair.range}`,
    ...j,
    requirements: ['s3-encryption/decryption.md#ranged-gets', 's3-encryption/client.md#enable-legacy-unauthenticated-modes'],
    durationMs: Math.round(performance.now() - started),
    pair,
  });
  if (!options.bytesServed || j.status !== 'pass') return;
  const { result, cost } = rangeCostCase(pair, to - from, options.bytesServed(options.bucket, objectKey) - before);
  options.onCost?.(cost);
  emit(result);
}

function errorKindOf(e: unknown): ErrorKind {
  if (!isObjectCallFailure(e)) return 'exception';
  return e.kind === 'refused' ? 'write-refused' : (e.errorKind ?? 'exception');
}
