/**
 * The per-call deadline holds for a server that never answers, one that stops half way through a
 * body, and a fetch that ignores its abort signal (what Node 20's fetch does once a garbage
 * collection drops the signal's controller, nodejs/undici#4068: a CI run hung 75 minutes so).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fetchWithin, readWithin } from '../targets/process/http-deadline.js';

async function serve(handler: (res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => handler(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

async function rejection(work: () => Promise<unknown>): Promise<{ name: string; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (e) {
    return { name: (e as Error).name, ms: Date.now() - started };
  }
  throw new Error('resolved, expected a rejection');
}

function closeAll(server: Server): void {
  server.closeAllConnections();
  server.close();
}

test('a server that never answers: TimeoutError at the deadline', async () => {
  const { url, server } = await serve(() => {});
  const r = await rejection(() => fetchWithin(url, {}, 200));
  closeAll(server);
  assert.is(r.name, 'TimeoutError');
  assert.ok(r.ms >= 190 && r.ms < 2000, `rejected after ${r.ms} ms`);
});

test('headers then a stalled body: the body read shares the deadline', async () => {
  const { url, server } = await serve((res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('x'.repeat(10));
  });
  const started = Date.now();
  const res = await fetchWithin(url, {}, 300);
  const r = await rejection(() => readWithin(res, () => res.arrayBuffer()));
  closeAll(server);
  assert.is(r.name, 'TimeoutError');
  assert.ok(Date.now() - started < 2000);
});

test('a fetch that ignores its abort signal still gives up at the deadline', async () => {
  const { url, server } = await serve(() => {});
  const realFetch = globalThis.fetch;
  // The signal is dropped, as a collected controller drops it: only the race can end the call.
  globalThis.fetch = ((input: string, init?: RequestInit) => realFetch(input, { ...init, signal: null })) as typeof fetch;
  try {
    const r = await rejection(() => fetchWithin(url, {}, 200));
    assert.is(r.name, 'TimeoutError');
    assert.ok(r.ms < 2000, `rejected after ${r.ms} ms`);
  } finally {
    globalThis.fetch = realFetch;
    closeAll(server);
  }
});

test('an answer in time is read whole, and the timer does not fire later', async () => {
  const { url, server } = await serve((res) => res.end('hello'));
  const res = await fetchWithin(url, {}, 100);
  const text = await readWithin(res, () => res.text());
  await new Promise((resolve) => setTimeout(resolve, 150));
  closeAll(server);
  assert.is(text, 'hello');
});

test.run();
