/**
 * The protocol layer on its own: schemas accept the documented messages and reject broken ones,
 * Content-Metadata round-trips, and AdapterClient sorts every kind of answer into the right
 * failure kind (served by a throwaway HTTP server per test).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isHarnessFault, type HarnessFault } from '../fault.js';
import { AdapterClient } from '../protocol/client.js';
import { rejectionOf } from './rejection.js';
import { CallFailure } from '../supervisor/call-failure.js';
import { decodeContentMetadata, encodeContentMetadata, readerConfig, writerConfig } from '../../protocol/messages.js';
import { protocolViolations } from '../protocol/validate.js';
import { referenceCapabilities } from '../../implementations/reference/capabilities.js';

test('writer and reader configs for every format satisfy the client-request schema', () => {
  for (const format of ['v1-eo', 'v1-ae', 'v2', 'v3'] as const) {
    for (const keyMaterial of [{ aesKey: 'AAAA' }, { rsaKey: 'AAAA' }, { kmsKeyId: 'k' }]) {
      assert.equal(protocolViolations('client-request', { config: writerConfig(format, keyMaterial, 'instruction') }), []);
      assert.equal(protocolViolations('client-request', { config: readerConfig(format, keyMaterial, true) }), []);
    }
  }
});

test('writer configs ask for the format through the standard members too', () => {
  assert.is(writerConfig('v3', { aesKey: 'AA==' }, 'metadata').encryptionAlgorithm, 'ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY');
  assert.is(writerConfig('v2', { aesKey: 'AA==' }, 'metadata').commitmentPolicy, 'FORBID_ENCRYPT_ALLOW_DECRYPT');
  assert.is(writerConfig('v1-eo', { aesKey: 'AA==' }, 'metadata').encryptionAlgorithm, 'ALG_AES_256_CBC_IV16_NO_KDF');
  assert.is(writerConfig('v2', { aesKey: 'AA==' }, 'instruction').instructionFileConfig?.enableInstructionFilePutObject, true);
  const v1ae = readerConfig('v1-ae', { aesKey: 'AA==' }, true);
  assert.equal([v1ae.enableLegacyWrappingAlgorithms, v1ae.enableLegacyUnauthenticatedModes], [true, false], 'v1-ae needs legacy wraps only');
  const off = readerConfig('v1-eo', { aesKey: 'AA==' }, false);
  assert.equal([off.enableLegacyWrappingAlgorithms, off.enableLegacyUnauthenticatedModes], [false, false]);
});

test('client-request schema rejects two keys, no key, and unknown enum values', () => {
  assert.ok(protocolViolations('client-request', { config: { keyMaterial: { aesKey: 'AA==', kmsKeyId: 'k' } } }).length > 0);
  assert.ok(protocolViolations('client-request', { config: { keyMaterial: {} } }).length > 0);
  assert.ok(protocolViolations('client-request', { config: { keyMaterial: { aesKey: 'AA==' }, commitmentPolicy: 'SOMETIMES' } }).length > 0);
  assert.ok(protocolViolations('client-request', { config: { keyMaterial: { aesKey: 'AA==' }, s3cse: { writeFormat: 'v9' } } }).length > 0);
  assert.ok(protocolViolations('client-request', {}).length > 0);
});

test('capabilities schema: the reference document is valid, a bad claim is not', () => {
  assert.equal(protocolViolations('capabilities', referenceCapabilities()), []);
  const bad = { ...referenceCapabilities(), write: [{ format: 'v2', keys: ['des'], storage: ['metadata'] }] };
  assert.ok(protocolViolations('capabilities', bad).length > 0);
  assert.ok(protocolViolations('capabilities', { ...referenceCapabilities(), protocol: 'other/1' }).length > 0);
});

test('error schema accepts both AWS error types, with or without namespace, and rejects others', () => {
  assert.equal(protocolViolations('error', { __type: 'software.amazon.encryption.s3#S3EncryptionClientError', message: 'm' }), []);
  assert.equal(protocolViolations('error', { __type: 'GenericServerError', message: 'm' }), []);
  assert.ok(protocolViolations('error', { __type: 'Oops', message: 'm' }).length > 0);
  assert.ok(protocolViolations('error', { __type: 'GenericServerError' }).length > 0);
});

test('Content-Metadata round-trips and refuses what the bracket form cannot carry', () => {
  const ec = { purpose: 'test', 'x:y': 'a b', unicode: 'é' };
  assert.equal(decodeContentMetadata(encodeContentMetadata(ec)), ec);
  assert.is(encodeContentMetadata({ a: '1', b: '2' }), '[a]:[1],[b]:[2]');
  assert.equal(decodeContentMetadata(''), {});
  assert.equal(decodeContentMetadata(null), {});
  assert.throws(() => encodeContentMetadata({ a: 'x,y' }), /cannot carry/);
  assert.throws(() => decodeContentMetadata('a=b'), /malformed/);
});

// --- AdapterClient against scripted answers ---------------------------------------------------

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

async function withServer(handler: Handler, run: (client: AdapterClient) => Promise<void>, callTimeoutMs = 2000): Promise<void> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(new AdapterClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { callTimeoutMs, validate: true }));
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

/** What the implementation answered: a refusal or its own bug, an outcome. */
const outcomeOf = (p: Promise<unknown>): Promise<CallFailure> => rejectionOf(p, (e): e is CallFailure => e instanceof CallFailure);

/** No usable answer: a harness fault. */
const faultOf = (p: Promise<unknown>): Promise<HarnessFault> => rejectionOf(p, (e): e is HarnessFault => isHarnessFault(e));

const reply =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

test('S3EncryptionClientError is a refusal with its category and code', async () => {
  await withServer(
    reply(500, { __type: 'software.amazon.encryption.s3#S3EncryptionClientError', message: 'tag mismatch\n\tat stack', category: 'security', code: 'AEADBadTagException' }),
    async (c) => {
      const e = await outcomeOf(c.get('id', 'b', 'k'));
      assert.equal([e.kind, e.category, e.code, e.message], ['refused', 'security', 'AEADBadTagException', 'tag mismatch']);
    },
  );
});

test('a refusal typed only by the X-Amzn-ErrorType header counts, without category it is unknown', async () => {
  await withServer(reply(400, { message: 'no' }, { 'x-amzn-errortype': 'S3EncryptionClientError' }), async (c) => {
    const e = await outcomeOf(c.put('id', 'b', 'k', new Uint8Array(1)));
    assert.equal([e.kind, e.category], ['refused', 'unknown']);
  });
});

test('GenericServerError is an adapter error (an outcome), a non-JSON error body a violation (a fault)', async () => {
  await withServer(reply(500, { __type: 'GenericServerError', message: 'NullPointerException' }), async (c) => {
    const e = await outcomeOf(c.createClient({ keyMaterial: { aesKey: 'AA==' } }));
    assert.equal([e.kind, e.errorKind], ['errored', 'adapter-error']);
  });
  await withServer(reply(502, '<html>bad gateway</html>'), async (c) => {
    assert.is((await faultOf(c.get('id', 'b', 'k'))).kind, 'protocol-violation');
  });
});

test('a response that breaks its schema is a violation under validation', async () => {
  await withServer(reply(200, { clientid: 'lower-case member' }), async (c) => {
    const e = await faultOf(c.createClient({ keyMaterial: { aesKey: 'AA==' } }));
    assert.is(e.kind, 'protocol-violation');
    assert.match(e.message, /clientId/);
  });
});

test('a request that breaks its schema is caught before it is sent', async () => {
  let calls = 0;
  await withServer(
    (_q, res) => {
      calls += 1;
      res.end('{}');
    },
    async (c) => {
      const e = await faultOf(c.createClient({ keyMaterial: { aesKey: 'AA==', rsaKey: 'AA==' } }));
      assert.is(e.kind, 'protocol-violation');
    },
  );
  assert.is(calls, 0);
});

test('a hung call times out; a closed port cannot be connected to', async () => {
  await withServer(
    () => {},
    async (c) => {
      const started = Date.now();
      assert.is((await faultOf(c.get('id', 'b', 'k'))).kind, 'timeout');
      assert.ok(Date.now() - started < 2000);
    },
    300,
  );
  const closed = new AdapterClient('http://127.0.0.1:1', { callTimeoutMs: 1000, validate: false });
  assert.is((await faultOf(closed.get('id', 'b', 'k'))).kind, 'cannot-connect');
});

test('GET sends the protocol headers and returns the body bytes untouched', async () => {
  const seen: Record<string, string | undefined> = {};
  const bytes = Buffer.from([0, 255, 1, 254]);
  await withServer(
    (req, res) => {
      for (const h of ['clientid', 'content-metadata', 'range', 'instructionfilesuffix']) seen[h] = req.headers[h] as string | undefined;
      seen['path'] = req.url;
      res.writeHead(200, { 'content-metadata': '[x-amz-wrap-alg]:[AES/GCM]' });
      res.end(bytes);
    },
    async (c) => {
      const out = await c.get('cid', 'bucket', 'dir/key name', { encryptionContext: { a: 'b' }, range: 'bytes=0-3', instructionFileSuffix: '.rotated' });
      assert.equal(Buffer.from(out.body), bytes);
      assert.equal(out.metadata, { 'x-amz-wrap-alg': 'AES/GCM' });
    },
  );
  assert.equal(seen, { clientid: 'cid', 'content-metadata': '[a]:[b]', range: 'bytes=0-3', instructionfilesuffix: '.rotated', path: '/object/bucket/dir%2Fkey%20name' });
});

test('every request states the protocol version in S3EC-Protocol; Unsupported and ProtocolVersionMismatch answers are their own outcomes', async () => {
  const versions: (string | undefined)[] = [];
  await withServer(
    (req, res) => {
      versions.push(req.headers['s3ec-protocol'] as string | undefined);
      const unsupported = req.method === 'GET';
      res.writeHead(unsupported ? 501 : 400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          unsupported ? { __type: 'Unsupported', message: 'no ranged GET here' } : { __type: 'software.amazon.encryption.s3#ProtocolVersionMismatch', message: 'I follow s3cse-adapter/2' },
        ),
      );
    },
    async (c) => {
      await c.get('cid', 'bucket', 'k', { range: 'bytes=0-1' }).then(
        () => assert.unreachable(),
        (e: unknown) => assert.equal([(e as { kind?: string }).kind, (e as Error).message, (e as { category?: string }).category], ['unsupported', 'no ranged GET here', '']),
      );
      await c.createClient(writerConfig('v3', { aesKey: 'AA==' }, 'metadata')).then(
        () => assert.unreachable(),
        (e: unknown) => assert.ok(isHarnessFault(e, 'version-mismatch') && /does not speak s3cse-adapter\/1: I follow s3cse-adapter\/2/.test((e as Error).message), String(e)),
      );
    },
  );
  assert.equal(versions, ['s3cse-adapter/1', 's3cse-adapter/1']);
});

test('capabilities: 404 means the adapter does not serve the extension', async () => {
  await withServer(reply(404, { __type: 'GenericServerError', message: 'no route' }), async (c) => {
    assert.is(await c.capabilities(), undefined);
  });
});

test.run();
