/**
 * The embedded target's byte counter and the range suite's cost verdicts. Two readers of an
 * unencrypted object stand in for clients: one sends the caller's Range to S3 (fetches exactly
 * the range), the other GETs the whole object and slices it, as a client that buffers would;
 * only the first keeps within range + 31.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { RANGE_COST_PREFIX, rangeCostCase, type RangeCost } from '../../suites/cross/range-cost.js';
import { RANGE_OBJECT_BYTES, RANGES, runRangeSuite, type RangeReader } from '../../suites/cross/ranges.js';
import { featuresOf } from '../case-features.js';
import { parseRange } from '../targets/embedded/s3.js';
import { isUnavailable, startTarget, type RunningTarget } from '../targets/index.js';

let target: RunningTarget;
const bucket = 'range-bytes';

test.before(async () => {
  const started = await startTarget('embedded');
  if (isUnavailable(started)) throw new Error(started.reason);
  target = started;
  await target.ensureBucket(bucket);
});
test.after(async () => {
  await target?.stop();
});

async function body(key: string, range?: string): Promise<Uint8Array> {
  const res = await target.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }));
  return res.Body!.transformToByteArray();
}

test('counts the response bytes served per object: full GET, ranges, HEAD none, other keys apart', async () => {
  await target.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'counted', Body: new Uint8Array(1000) }));
  await target.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'counted.instruction', Body: new Uint8Array(50) }));
  assert.is(target.bytesServed!(bucket, 'counted'), 0);
  await body('counted');
  await body('counted', 'bytes=10-19');
  await body('counted', 'bytes=-7');
  await target.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'counted' }));
  await body('counted.instruction');
  assert.is(target.bytesServed!(bucket, 'counted'), 1000 + 10 + 7);
  assert.is(target.bytesServed!(bucket, 'counted.instruction'), 50);
});

test('a cost case passes at range + 31 bytes and fails at range + 32', () => {
  const pair = { writer: 'w', reader: 'r', format: 'v2', key: 'aes', storage: 'metadata', size: 100, legacy: true, range: 'bytes=0-0' } as const;
  assert.is(rangeCostCase(pair, 1, 32).result.status, 'pass');
  const over = rangeCostCase(pair, 1, 33);
  assert.is(over.result.status, 'fail');
  assert.is(over.cost.fetchedBytes, 33);
  assert.match(over.result.id, /^range-bytes\/w->r\/v2\/aes\/bytes=0-0$/);
  // Certificates count a cost verdict against the reader's range claim only.
  assert.equal(featuresOf(over.result), { r: ['range'] });
});

function plainReader(id: string, wholeObject: boolean): RangeReader {
  const info = {
    id,
    name: id,
    version: '0',
    language: 'test',
    write: [{ format: 'v2', keys: ['aes'], storage: ['metadata'] }],
    read: [{ format: 'v2', keys: ['aes'], storage: ['metadata'] }],
    features: ['range'],
  } as const;
  return {
    info: info as unknown as RangeReader['info'],
    put: async (r) => void (await target.s3.send(new PutObjectCommand({ Bucket: r.bucket, Key: r.objectKey, Body: r.plaintext }))),
    get: async (r) => body(r.objectKey),
    getRange: async (r) => {
      if (!wholeObject) return body(r.objectKey, r.range);
      const all = await body(r.objectKey);
      const span = parseRange(r.range, all.length);
      if (span === undefined || span === 'unsatisfiable') throw new Error('unexpected range');
      return all.subarray(span.start, span.end + 1);
    },
  };
}

test('the range suite judges each read by the bytes the target served for it', async () => {
  const costs: RangeCost[] = [];
  const results = await runRangeSuite({
    implementations: [plainReader('exact', false), plainReader('buffers', true)],
    bucket,
    bytesServed: target.bytesServed!.bind(target),
    onCost: (c) => void costs.push(c),
  });
  const cost = results.filter((r) => r.id.startsWith(RANGE_COST_PREFIX));
  // 2 writers × 2 readers × every range, each read right, so each gains a cost verdict.
  assert.is(cost.length, 4 * RANGES.length);
  for (const r of cost) assert.is(r.status, r.id.includes('->buffers/') ? 'fail' : 'pass', r.id);
  const exact = costs.filter((c) => c.reader === 'exact');
  for (const c of exact) assert.is(c.fetchedBytes, c.rangeBytes, c.range);
  for (const c of costs.filter((c) => c.reader === 'buffers')) assert.is(c.fetchedBytes, RANGE_OBJECT_BYTES, c.range);
});

test.run();
