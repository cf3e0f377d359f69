/**
 * What the recorder writes through one adapter: every write combination the adapter claims at
 * every edge size, one large object per format, and one object per format and key whose materials
 * description (AES, RSA) or encryption context (KMS) is not ASCII. Pure: claims in, jobs out.
 */
import type { Claim, ImplementationFeature, KeyKind, Storage, WriteFormat } from '../../protocol/vocabulary.js';

/** Empty, one byte, around one AES block, around a page, and past 64 KiB (buffer boundaries). */
export const RECORD_SIZES: readonly number[] = [0, 1, 15, 16, 17, 4095, 4096, 65_539];
/** 1 MiB + 3: past the part and buffer sizes clients use, and not block-aligned. */
export const LARGE_SIZE = 1_048_579;
/** Latin, accented and CJK characters: what an RFC 2047 round trip through S3 has to keep. */
export const NON_ASCII_VALUE = 'zürich-東京';

export type JobVariant = 'size' | 'large' | 'non-ascii';

export interface RecordJob {
  readonly id: string;
  readonly impl: string;
  readonly format: WriteFormat;
  readonly key: KeyKind;
  readonly storage: Storage;
  readonly size: number;
  readonly variant: JobVariant;
}

/** A combination the recorder leaves out, with the reason (reported, never silently dropped). */
export interface SkippedJob {
  readonly id: string;
  readonly reason: string;
}

export function jobId(impl: string, format: WriteFormat, key: KeyKind, storage: Storage, tail: string | number): string {
  return `recorded/${impl}/${format}/${key}/${storage}/${tail}`;
}

export function planJobs(impl: string, write: readonly Claim[], features: readonly ImplementationFeature[]): { jobs: RecordJob[]; skipped: SkippedJob[] } {
  const jobs: RecordJob[] = [];
  const skipped: SkippedJob[] = [];
  for (const claim of write) {
    for (const key of claim.keys) {
      for (const storage of claim.storage) {
        for (const size of RECORD_SIZES) jobs.push({ id: jobId(impl, claim.format, key, storage, size), impl, format: claim.format, key, storage, size, variant: 'size' });
      }
      const storage = preferredStorage(claim.storage);
      const nonAscii = jobId(impl, claim.format, key, storage, 'non-ascii');
      // A KMS context travels in the per-call Content-Metadata header, which only adapters claiming it read.
      if (key === 'kms' && !features.includes('encryption-context')) skipped.push({ id: nonAscii, reason: 'the adapter does not claim encryption-context' });
      else jobs.push({ id: nonAscii, impl, format: claim.format, key, storage, size: 17, variant: 'non-ascii' });
    }
    const key = claim.keys.includes('aes') ? 'aes' : claim.keys[0];
    if (key) {
      const storage = preferredStorage(claim.storage);
      jobs.push({ id: jobId(impl, claim.format, key, storage, '1mib'), impl, format: claim.format, key, storage, size: LARGE_SIZE, variant: 'large' });
    }
  }
  return { jobs: dedupe(jobs), skipped };
}

function preferredStorage(storages: readonly Storage[]): Storage {
  return storages.includes('metadata') ? 'metadata' : (storages[0] ?? 'metadata');
}

/** Two claims for one format (an adapter may split keys across claims) must not record a case twice. */
function dedupe(jobs: readonly RecordJob[]): RecordJob[] {
  const seen = new Set<string>();
  return jobs.filter((j) => !seen.has(j.id) && seen.add(j.id));
}
