/**
 * The cross-decryption matrix: every writer × reader pair, for every configuration (format, key,
 * wrap, storage) and size both claim, written by one through the target and read by the other.
 *
 * A configuration one side does not claim is one not-applicable result per pair (never a pass).
 * Legacy formats are read twice: with the legacy switches on (must decrypt) and off (must be refused).
 */
import { randomBytes } from 'node:crypto';
import { expectBytes, judge, type Judgement, type Outcome } from '../judge.js';
import type { CaseResult, MatrixCoordinates } from '../run.js';
import type { ObjectImplementation } from './object-implementation.js';
import { settle } from './outcome.js';
import { inShard, type Shard } from '../shard.js';
import { allConfigurations, claims, configurationId, isLegacyFormat, type Configuration } from './vocabulary.js';

export const CROSS_SUITE = 'cross';
/** From empty to past the 8 MiB mark, with the GCM block edges in between. */
export const DEFAULT_SIZES: readonly number[] = [0, 1, 15, 16, 17, 1024 * 1024 + 5, 8 * 1024 * 1024 + 1];

export interface CrossOptions {
  readonly implementations: readonly ObjectImplementation[];
  readonly bucket: string;
  readonly sizes?: readonly number[];
  /** Prefix for object keys, so runs on a shared bucket do not collide. */
  readonly keyPrefix?: string;
  readonly onResult?: (result: CaseResult) => void;
  /** Only the writer × configuration units of this shard (suites/shard.ts). */
  readonly shard?: Shard;
}

export function requirementsFor(c: Configuration): string[] {
  const cm = 's3-encryption/data-format/content-metadata.md';
  const ms = 's3-encryption/data-format/metadata-strategy.md';
  const reqs = [
    's3-encryption/client.md#aws-sdk-compatibility',
    c.format === 'v3' ? `${cm}#v3` : c.format === 'v2' ? `${cm}#v2` : `${cm}#v1`,
    c.storage === 'metadata' ? `${ms}#object-metadata` : `${ms}#instruction-file`,
  ];
  if (isLegacyFormat(c.format)) {
    reqs.push('s3-encryption/client.md#enable-legacy-wrapping-algorithms');
    if (c.format === 'v1-eo') reqs.push('s3-encryption/client.md#enable-legacy-unauthenticated-modes');
  }
  if (c.format === 'v3') reqs.push('s3-encryption/key-commitment.md#commitment-policy');
  return reqs;
}

export async function runCrossSuite(options: CrossOptions): Promise<CaseResult[]> {
  const sizes = options.sizes ?? DEFAULT_SIZES;
  const prefix = options.keyPrefix ?? `cross-${Date.now().toString(36)}`;
  const results: CaseResult[] = [];
  const emit = (r: CaseResult): void => {
    results.push(r);
    options.onResult?.(r);
  };

  for (const writer of options.implementations) {
    for (const config of allConfigurations()) {
      const cid = configurationId(config);
      if (!inShard(`${writer.info.id}/${cid}`, options.shard)) continue;
      const readers = claimingReaders(writer, config, options.implementations, emit);
      if (readers.length === 0) continue;
      for (const size of sizes) {
        // No `/` in keys: servers that decode %2F before routing (Starlette) would 404 (PROTOCOL.md).
        const objectKey = `${prefix}_${writer.info.id}_${cid.replaceAll('/', '-')}_${size}`;
        const plaintext = randomBytes(size);
        const started = performance.now();
        const written = await settle(async () => {
          await writer.put({ ...config, bucket: options.bucket, objectKey, plaintext });
          return plaintext;
        });
        if (written.kind !== 'plaintext') {
          // The writer claims this configuration, so a refusal is its failure; every read is moot.
          for (const reader of readers) {
            emit(result(writer.info.id, reader.info.id, config, size, true, writeFailed(writer.info.id, written), performance.now() - started));
          }
          continue;
        }
        const expected = expectBytes(plaintext);
        for (const reader of readers) {
          const readStart = performance.now();
          const read = await settle(() => reader.get({ bucket: options.bucket, objectKey, key: config.key, format: config.format, legacy: true }));
          emit(result(writer.info.id, reader.info.id, config, size, true, judge(expected, read), performance.now() - readStart));
          if (isLegacyFormat(config.format)) {
            const offStart = performance.now();
            const refused = await settle(() => reader.get({ bucket: options.bucket, objectKey, key: config.key, format: config.format, legacy: false }));
            emit(result(writer.info.id, reader.info.id, config, size, false, judge(LEGACY_OFF, refused), performance.now() - offStart));
          }
        }
      }
    }
  }
  return results;
}

/** The readers of a configuration the writer writes; every other pair is one not-applicable result. */
function claimingReaders(writer: ObjectImplementation, config: Configuration, all: readonly ObjectImplementation[], emit: (r: CaseResult) => void): ObjectImplementation[] {
  const cid = configurationId(config);
  if (!claims(writer.info.write, config)) {
    for (const reader of all) emit(notApplicable(writer.info.id, reader.info.id, config, `${writer.info.id} does not write ${cid}`));
    return [];
  }
  return all.filter((r) => {
    if (claims(r.info.read, config)) return true;
    emit(notApplicable(writer.info.id, r.info.id, config, `${r.info.id} does not read ${cid}`));
    return false;
  });
}

/** With the switches off a legacy object is refused, whatever category the reader gives. */
const LEGACY_OFF = { kind: 'refusal', label: 'refused (legacy switches off)' } as const;

/** The writer claims this configuration, so a refusal is its failure; every read is moot. */
function writeFailed(writer: string, written: Exclude<Outcome, { kind: 'plaintext' }>): Judgement {
  if (written.kind === 'unsupported') return judge(expectBytes(new Uint8Array()), written);
  const base = { expected: 'plaintext', detail: `${writer} put: ${written.message}` };
  if (written.kind === 'errored') return { ...base, status: 'errored', actual: 'write errored', errorKind: written.errorKind };
  return { ...base, status: 'fail', actual: `write refused (${written.category})` };
}

function result(writer: string, reader: string, c: Configuration, size: number, legacy: boolean, j: Judgement, ms: number): CaseResult {
  const pair: MatrixCoordinates = { writer, reader, format: c.format, key: c.key, storage: c.storage, size, legacy };
  const suffix = isLegacyFormat(c.format) ? (legacy ? '/legacy-on' : '/legacy-off') : '';
  return {
    suite: CROSS_SUITE,
    id: `cross/${writer}->${reader}/${configurationId(c)}/${size}${suffix}`,
    requirements: requirementsFor(c),
    durationMs: Math.round(ms),
    pair,
    ...j,
  };
}

function notApplicable(writer: string, reader: string, c: Configuration, why: string): CaseResult {
  return {
    suite: CROSS_SUITE,
    id: `cross/${writer}->${reader}/${configurationId(c)}`,
    status: 'not-applicable',
    expected: 'plaintext',
    actual: '-',
    detail: why,
    requirements: requirementsFor(c),
    durationMs: 0,
    pair: { writer, reader, format: c.format, key: c.key, storage: c.storage, size: -1, legacy: true },
  };
}
