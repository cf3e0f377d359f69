/** Checks of `s3cse run`'s numeric and fault options, apart from the run itself. */
import { responseCapFor } from './protocol/response-cap.js';
import { FaultSpecError, parseFaultSpec } from './targets/faults/plan.js';
import { UsageError } from './targets/usage-error.js';
import type { Shard } from '../suites/shard.js';

/** `I/N`, 1 ≤ I ≤ N: which shard of how many (suites/shard.ts). */
export function parseShard(spec: string | Shard | undefined): Shard | undefined {
  if (spec === undefined || typeof spec === 'object') return spec && checkedShard(spec);
  const m = /^(\d+)\/(\d+)$/.exec(spec);
  if (!m) throw new UsageError(`--shard: ${spec} is not I/N (1/4, say)`);
  return checkedShard({ index: Number(m[1]), count: Number(m[2]) });
}

function checkedShard(s: Shard): Shard {
  if (!(s.count >= 1 && s.index >= 1 && s.index <= s.count)) throw new UsageError(`--shard: ${s.index}/${s.count}: I must be between 1 and N`);
  return s;
}

/** --faults works on every local target; on AWS the proxy would need real credentials re-signed. */
export function checkedFaultOptions(spec: string | undefined, seed: number, target: string): { spec: string; seed: number } | undefined {
  if (spec === undefined) return undefined;
  if (target === 'aws') throw new UsageError('--faults needs a local target (embedded, moto, localstack)');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--fault-seed must be a non-negative integer');
  try {
    parseFaultSpec(spec);
  } catch (e) {
    if (e instanceof FaultSpecError) throw new UsageError(`--faults: ${e.message}`);
    throw e;
  }
  return { spec, seed };
}

/** The explicit cap, or one a little above the largest object this run reads (the suites' and --sizes). */
export function responseCap(cap: number | undefined, sizes: readonly number[]): number {
  if (cap === undefined) return responseCapFor(sizes);
  if (!Number.isSafeInteger(cap) || cap <= 0) throw new UsageError('--max-response-bytes must be a positive integer');
  const largest = Math.max(...sizes);
  if (cap < largest) process.stderr.write(`s3cse run: --max-response-bytes ${cap} is below the ${largest}-byte objects of --sizes; their reads will be protocol violations\n`);
  return cap;
}
