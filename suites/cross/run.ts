/**
 * The cross-decryption matrix: every writer × reader pair, for every configuration (format, key,
 * wrap, storage) and size both claim, written by one through the target and read by the other.
 *
 * A configuration one side does not claim is one not-applicable result per pair (never a pass).
 * Legacy formats are read twice: with the legacy switches on (must decrypt) and off (must be refused).
 */
import { randomBytes } from 'node:crypto';
import { digest } from '../digest.js';
import type { ErrorKind } from '../error-kind.js';
import type { CaseResult, CaseStatus, MatrixCoordinates } from '../run.js';
import { isObjectCallFailure, type ObjectImplementation } from './object-implementation.js';
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
      if (!claims(writer.info.write, config)) {
        for (const reader of options.implementations) emit(notApplicable(writer.info.id, reader.info.id, config, `${writer.info.id} does not write ${cid}`));
        continue;
      }
      const readers = options.implementations.filter((r) => {
        if (claims(r.info.read, config)) return true;
        emit(notApplicable(writer.info.id, r.info.id, config, `${r.info.id} does not read ${cid}`));
        return false;
      });
      if (readers.length === 0) continue;
      for (const size of sizes) {
        const objectKey = `${prefix}/${writer.info.id}/${cid.replaceAll('/', '-')}/${size}`;
        const plaintext = randomBytes(size);
        const started = performance.now();
        const written = await settle(() => writer.put({ ...config, bucket: options.bucket, objectKey, plaintext }));
        if (!written.ok) {
          // The writer claims this configuration, so a refusal is its failure; every read is moot.
          for (const reader of readers) {
            emit(
              result(
                writer.info.id,
                reader.info.id,
                config,
                size,
                true,
                {
                  status: written.kind === 'refused' ? 'fail' : 'errored',
                  expected: 'plaintext',
                  actual: `write ${written.kind}`,
                  detail: `${writer.info.id} put: ${written.message}`,
                  ...(written.kind === 'errored' ? { errorKind: written.errorKind } : {}),
                },
                performance.now() - started,
              ),
            );
          }
          continue;
        }
        const expectedDigest = digest(plaintext);
        for (const reader of readers) {
          const readStart = performance.now();
          const read = await settle(() => reader.get({ bucket: options.bucket, objectKey, key: config.key, format: config.format, legacy: true }));
          emit(result(writer.info.id, reader.info.id, config, size, true, judgeRead(read, expectedDigest, size), performance.now() - readStart));
          if (isLegacyFormat(config.format)) {
            const offStart = performance.now();
            const refused = await settle(() => reader.get({ bucket: options.bucket, objectKey, key: config.key, format: config.format, legacy: false }));
            emit(result(writer.info.id, reader.info.id, config, size, false, judgeRefusal(refused), performance.now() - offStart));
          }
        }
      }
    }
  }
  return results;
}

type Settled<T> = { ok: true; value: T } | { ok: false; kind: 'refused' | 'errored'; category: string; message: string; errorKind: ErrorKind };

async function settle<T>(call: () => Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (e) {
    // An implementation that does not say what broke is still errored; the harness cannot tell more.
    if (isObjectCallFailure(e)) return { ok: false, kind: e.kind, category: e.category, message: e.message, errorKind: e.errorKind ?? 'exception' };
    return { ok: false, kind: 'errored', category: 'unknown', message: (e as Error).message ?? String(e), errorKind: 'exception' };
  }
}

interface Judgement {
  readonly status: CaseStatus;
  readonly expected: string;
  readonly actual: string;
  readonly detail?: string;
  readonly errorKind?: ErrorKind;
}

function judgeRead(read: Settled<Uint8Array>, expectedDigest: string, size: number): Judgement {
  if (!read.ok) {
    if (read.kind === 'refused') return { status: 'fail', expected: 'plaintext', actual: `refused:${read.category}`, detail: read.message };
    return { status: 'errored', expected: 'plaintext', actual: `errored:${read.category}`, detail: read.message, errorKind: read.errorKind };
  }
  if (digest(read.value) === expectedDigest) return { status: 'pass', expected: 'plaintext', actual: 'plaintext' };
  return { status: 'fail', expected: 'plaintext', actual: 'different plaintext', detail: `${read.value.length} bytes back, ${size} written` };
}

function judgeRefusal(read: Settled<Uint8Array>): Judgement {
  const expected = 'refused (legacy switches off)';
  if (read.ok) return { status: 'fail', expected, actual: 'decrypted', detail: 'a legacy object was decrypted with the legacy switches off' };
  if (read.kind === 'errored') return { status: 'errored', expected, actual: `errored:${read.category}`, detail: read.message, errorKind: read.errorKind };
  return { status: 'pass', expected, actual: `refused:${read.category}` };
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
