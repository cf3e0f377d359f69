/** Body adapters: every supported input shape, collect's limit and rechunk's boundaries. */
import { Readable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collect, rechunk, toAsyncIterable, type BodyInput } from '../src/content/body.js';
import { rejectsWith as expectCode } from '../../testkit/expect-error.js';
import { chunks } from './support/streams.js';

async function lengths(source: AsyncIterable<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const part of source) out.push(part.byteLength);
  return out;
}

// "h\u00e9llo \u20ac": é is c3 a9, € is e2 82 ac in UTF-8.
const TEXT = 'h\u00e9llo \u20ac';
const TEXT_UTF8 = Buffer.from([0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f, 0x20, 0xe2, 0x82, 0xac]);

const SHAPES: ReadonlyArray<[string, () => BodyInput]> = [
  ['string (UTF-8)', () => TEXT],
  ['Uint8Array', () => new Uint8Array(TEXT_UTF8)],
  ['Buffer', () => TEXT_UTF8],
  ['Blob', () => new Blob([TEXT_UTF8.subarray(0, 3), TEXT_UTF8.subarray(3)])],
  [
    'web ReadableStream',
    () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(TEXT_UTF8.subarray(0, 4));
          controller.enqueue(TEXT_UTF8.subarray(4));
          controller.close();
        },
      }),
  ],
  ['Node Readable', () => Readable.from([TEXT_UTF8.subarray(0, 2), TEXT_UTF8.subarray(2)], { objectMode: false })],
  ['Node Readable with setEncoding (string chunks)', () => Readable.from([TEXT_UTF8]).setEncoding('utf8')],
  ['async generator', () => chunks(TEXT_UTF8.subarray(0, 1), TEXT_UTF8.subarray(1))],
];
for (const [name, make] of SHAPES) {
  test(`toAsyncIterable: ${name}`, async () => {
    assert.equal(await collect(toAsyncIterable(make())), TEXT_UTF8);
  });
}

test('toAsyncIterable refuses other values and non-byte chunks with INVALID_ARGUMENT', async () => {
  await expectCode(() => toAsyncIterable(42 as unknown as BodyInput), 'INVALID_ARGUMENT');
  await expectCode(() => toAsyncIterable({} as unknown as BodyInput), 'INVALID_ARGUMENT');
  async function* numbers(): AsyncGenerator<unknown> {
    yield 1;
  }
  await expectCode(() => collect(toAsyncIterable(numbers() as AsyncIterable<Uint8Array>)), 'INVALID_ARGUMENT');
});

test('a web stream is cancelled and unlocked when the consumer stops early', async () => {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new Uint8Array(8));
    },
    cancel() {
      cancelled = true;
    },
  });
  for await (const part of toAsyncIterable(stream)) {
    assert.is(part.byteLength, 8);
    break;
  }
  assert.is(cancelled, true);
  assert.is(stream.locked, false);
});

test('collect concatenates, allows exactly the limit and fails TOO_LARGE as soon as it is passed', async () => {
  assert.equal(await collect(chunks(Buffer.from('ab'), Buffer.from(''), Buffer.from('cde')), 5), Buffer.from('abcde'));
  assert.equal(await collect(chunks()), Buffer.alloc(0));
  let pulls = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 10; i++) {
      pulls++;
      yield new Uint8Array(3);
    }
  }
  await expectCode(() => collect(counted(), 7), 'TOO_LARGE');
  assert.is(pulls, 3);
});

test('rechunk: fixed-size output, same bytes, last chunk shorter', async () => {
  const input = Buffer.from(Array.from({ length: 25 }, (_, i) => i));
  const parts = [input.subarray(0, 5), input.subarray(5, 8), input.subarray(8, 18), input.subarray(18, 18), input.subarray(18)];
  assert.equal(await lengths(rechunk(chunks(...parts), 4)), [4, 4, 4, 4, 4, 4, 1]);
  assert.equal(await collect(rechunk(chunks(...parts), 4)), input);
  assert.equal(await lengths(rechunk(chunks(input), 25)), [25]);
  assert.equal(await lengths(rechunk(chunks(input), 100)), [25]);
  assert.equal(await lengths(rechunk(chunks(input.subarray(0, 2), input.subarray(2, 4)), 4)), [4]);
  assert.equal(await lengths(rechunk(chunks(), 4)), []);
});

test('rechunk passes right-sized chunks through without copying', async () => {
  const a = new Uint8Array(16);
  const out: Uint8Array[] = [];
  for await (const part of rechunk(chunks(a), 16)) out.push(part);
  assert.is(out.length, 1);
  assert.is(out[0]!.buffer, a.buffer);
});

test('rechunk refuses a size that is not a positive integer', async () => {
  for (const size of [0, -4, 1.5, Number.NaN]) {
    await expectCode(() => lengths(rechunk(chunks(new Uint8Array(4)), size)), 'INVALID_ARGUMENT');
  }
});

test.run();
