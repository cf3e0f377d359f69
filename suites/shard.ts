/**
 * Sharding for CI matrices (`s3cse run --shard I/N`): a run's work falls into units (a writer and
 * a configuration in the cross and range suites, a case and an implementation for the corpus
 * suites), and each unit goes to one shard by a hash of its name, so the same unit always lands
 * on the same shard and the N shards together hold every case exactly once.
 */
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export function inShard(unit: string, shard: Shard | undefined): boolean {
  if (!shard || shard.count === 1) return true;
  return createHash('sha256').update(unit).digest().readUInt32BE(0) % shard.count === shard.index - 1;
}
