/**
 * AdapterClient against answers that are too big, cut short, too slow or cut off: each becomes
 * its own failure (a response-too-large or truncated-json violation, a timeout before or during
 * the body, a reset), and an oversized body is cancelled, not read to the end.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isHarnessFault, type HarnessFault } from '../fault.js';
import { AdapterClient } from '../protocol/client.js';
import { rejectionOf } from './rejection.js';
import { DEFAULT_MAX_RESPONSE_BYTES, responseCapFor } from '../protocol/response-cap.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const CAP = 64 * 1024;

async function withServer(handler: Handler, run: (client: AdapterClient) => Promise<void>, callTimeoutMs = 2000): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await run(new AdapterClient(url, { callTimeoutMs, validate: true, maxResponseBytes: CAP }));
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/** Every limit broken here is a harness fault: no usable answer came. */
const faultOf = (p: Promise<unknown>): Promise<HarnessFault> => rejectionOf(p, (e): e is HarnessFault => isHarnessFault(e));

/** Streams `chunk` until the client hangs up; `stats` says how much went out and whether it hung up. */
function endless(status: number, chunk: Buffer, stats: { written: number; closed: boolean }, first = ''): Handler {
  return (_req, res) => {
    res.on('close', () => (stats.closed = true));
    res.writeHead(status, { 'content-type': 'application/json' });
    if (first) res.write(first);
    const pump = (): void => {
      while (!stats.closed && res.write(chunk)) stats.written += chunk.length;
      if (!stats.closed) res.once('drain', pump);
    };
    pump();
  };
}

const cutShort =
  (status: number, body: string): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };

test('the default cap sits 1 MiB above the largest suite object, and follows larger --sizes', () => {
  assert.is(DEFAULT_MAX_RESPONSE_BYTES, 8 * 1024 * 1024 + 1 + 1024 * 1024, 'cross 8 MiB + 1 is the largest');
  assert.is(responseCapFor([20 * 1024 * 1024]), 21 * 1024 * 1024);
  assert.is(responseCapFor([17]), DEFAULT_MAX_RESPONSE_BYTES);
});

test('a body of exactly the cap is returned; one byte more is a response-too-large violation', async () => {
  await withServer(
    (_q, res) => res.end(Buffer.alloc(CAP, 7)),
    async (c) => {
      assert.is((await c.get('id', 'b', 'k')).body.length, CAP);
    },
  );
  // Chunked, so the client only learns the size by reading.
  await withServer(
    (_q, res) => {
      res.write(Buffer.alloc(CAP));
      res.end(Buffer.alloc(1));
    },
    async (c) => {
      const e = await faultOf(c.get('id', 'b', 'k'));
      assert.equal([e.kind, e.violation], ['protocol-violation', 'response-too-large']);
      assert.match(e.message, /65536-byte response cap/);
    },
  );
});

test('an endless body is cancelled at the cap: the adapter sees the hang-up, long before the timeout', async () => {
  const stats = { written: 0, closed: false };
  const started = Date.now();
  await withServer(
    endless(200, Buffer.alloc(16 * 1024, 1), stats),
    async (c) => {
      const e = await faultOf(c.get('id', 'b', 'k'));
      assert.equal([e.kind, e.violation], ['protocol-violation', 'response-too-large']);
      await waitFor(() => stats.closed);
    },
    10_000,
  );
  assert.ok(Date.now() - started < 5000, `stopped by the cap, not the 10 s timeout (${Date.now() - started} ms)`);
  // Socket buffers hold a few MiB at most; an unbounded reader would have taken hundreds.
  assert.ok(stats.written < 16 * 1024 * 1024, `${stats.written} bytes sent before the hang-up`);
});

test('an endless JSON error body is a response-too-large violation too, not an adapter error', async () => {
  const stats = { written: 0, closed: false };
  await withServer(endless(500, Buffer.alloc(16 * 1024, 0x61), stats, '{"__type":"GenericServerError","message":"'), async (c) => {
    const e = await faultOf(c.createClient({ keyMaterial: { aesKey: 'AA==' } }));
    assert.equal([e.kind, e.violation], ['protocol-violation', 'response-too-large']);
  });
});

test('a declared Content-Length above the cap is refused before any of the body arrives', async () => {
  const started = Date.now();
  await withServer(
    (_q, res) => res.writeHead(200, { 'content-length': String(CAP + 1) }).flushHeaders(),
    async (c) => {
      const e = await faultOf(c.get('id', 'b', 'k'));
      assert.equal([e.kind, e.violation], ['protocol-violation', 'response-too-large']);
      assert.match(e.message, /Content-Length 65537/);
    },
    3000,
  );
  assert.ok(Date.now() - started < 2000, 'no wait for a body that never comes');
});

test('JSON cut short is truncated-json, on an error, a response and /capabilities; other garbage is not-json', async () => {
  await withServer(cutShort(500, '{"__type":"S3EncryptionClientError","message":"tag mism'), async (c) => {
    assert.is((await faultOf(c.get('id', 'b', 'k'))).violation, 'truncated-json');
  });
  await withServer(cutShort(200, '{"bucket":"b","key":"k","metadata":["a"'), async (c) => {
    assert.is((await faultOf(c.put('id', 'b', 'k', new Uint8Array(1)))).violation, 'truncated-json');
  });
  await withServer(cutShort(200, '{"protocol":"s3cse-adapter/1","implementation":{'), async (c) => {
    assert.is((await faultOf(c.capabilities())).violation, 'truncated-json');
  });
  for (const body of ['<html>bad gateway</html>', '{"a":1}}', '', 'null x']) {
    await withServer(cutShort(502, body), async (c) => {
      const e = await faultOf(c.get('id', 'b', 'k'));
      assert.equal([e.kind, e.violation], ['protocol-violation', 'not-json'], JSON.stringify(body));
    });
  }
});

test('a schema break is a schema violation; a hang and a slow drip are timeouts, told apart', async () => {
  await withServer(cutShort(200, '{"clientid":"x"}'), async (c) => {
    assert.is((await faultOf(c.createClient({ keyMaterial: { aesKey: 'AA==' } }))).violation, 'schema');
  });
  await withServer(
    () => {},
    async (c) => {
      const e = await faultOf(c.get('id', 'b', 'k'));
      assert.equal([e.kind, e.duringBody], ['timeout', false]);
    },
    300,
  );
  let drip: NodeJS.Timeout | undefined;
  // Cleared whatever the assertions say: a live interval would keep the test process from exiting.
  try {
    await withServer(
      (_q, res) => {
        res.writeHead(200);
        drip = setInterval(() => res.write('drip'), 50);
      },
      async (c) => {
        const e = await faultOf(c.get('id', 'b', 'k'));
        assert.equal([e.kind, e.duringBody], ['timeout', true]);
        assert.match(e.message, /body not complete within 400 ms \([1-9]\d* bytes received\)/);
      },
      400,
    );
  } finally {
    clearInterval(drip);
  }
});

test('a connection cut mid-body is unreachable, during the body', async () => {
  await withServer(
    (_q, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(Buffer.alloc(100), () => res.socket?.destroy());
    },
    async (c) => {
      const e = await faultOf(c.get('id', 'b', 'k'));
      assert.equal([e.kind, e.duringBody], ['cannot-connect', true]);
      assert.match(e.message, /after 100 body bytes/);
    },
  );
});

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.unreachable('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test.run();
