/**
 * `s3cse serve`: export lines and a readiness line on stdout, the buckets and keys asked for, any
 * SDK reaching it through the exported variables alone, and a clean stop on SIGTERM or SIGINT.
 */
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { spawn, type ChildProcess } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freeLoopbackPort } from '../../harness/targets/process/free-port.js';
import { BIN, childEnv, s3cse } from './support/bin.js';

const KEY_ID = '11111111-2222-3333-4444-555555555555';
const MATERIAL = '8ff3e5690e6409402130c2fc40195f61e18813dd343651aab2655d41d640c3cb';

/** Starts the server and resolves with its export lines once it says it is ready. */
function serve(args: string[]): Promise<{ child: ChildProcess; stdout: () => string; exports: Record<string, string> }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 30 s: ${stdout} ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`exited ${code} before ready: ${stderr}`)));
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      if (!/^# ready/m.test(stdout)) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const exports = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
      resolve({ child, stdout: () => stdout, exports });
    });
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

test('prints the variables and a readiness line; the SDK reaches its buckets and keys with them alone; SIGTERM stops it with 0', async () => {
  const { child, stdout, exports } = await serve(['--bucket', 'emr-lake', '--bucket', 'other', '--kms-key', `${KEY_ID}:${MATERIAL}`]);
  try {
    assert.match(exports['AWS_ENDPOINT_URL']!, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.is(exports['AWS_REGION'], 'us-east-1');
    assert.ok(exports['AWS_ACCESS_KEY_ID'] && exports['AWS_SECRET_ACCESS_KEY']);
    assert.not.ok('S3EC_S3_FORCE_PATH_STYLE' in exports, 'no SDK reads it');
    assert.not.match(stdout(), new RegExp(MATERIAL.slice(0, 16), 'i'), 'the key material is never printed');
    assert.match(stdout(), /^# ready: S3 and KMS on http:\/\/127\.0\.0\.1:\d+ \(bucket emr-lake, bucket other, KMS key 11111111-/m);
    // Nothing but the exported variables: no endpoint, credential or path-style setting in code.
    const saved = { ...process.env };
    Object.assign(process.env, exports);
    try {
      const s3 = new S3Client({});
      const kms = new KMSClient({});
      const buckets = await s3.send(new ListBucketsCommand({}));
      assert.equal(buckets.Buckets?.map((b) => b.Name).sort(), ['emr-lake', 'other']);
      const key = await kms.send(new DescribeKeyCommand({ KeyId: KEY_ID }));
      assert.is(key.KeyMetadata?.KeyId, KEY_ID);
      s3.destroy();
      kms.destroy();
    } finally {
      for (const name of Object.keys(exports)) if (saved[name] === undefined) delete process.env[name];
      Object.assign(process.env, saved);
    }
  } finally {
    const done = exited(child);
    child.kill('SIGTERM');
    assert.equal(await done, { code: 0, signal: null });
  }
});

test('Ctrl-C (SIGINT) stops it cleanly too, on the port it was given', async () => {
  const port = await freeLoopbackPort();
  const { child, exports } = await serve(['--port', String(port)]);
  assert.is(exports['AWS_ENDPOINT_URL'], `http://127.0.0.1:${port}`);
  const done = exited(child);
  child.kill('SIGINT');
  assert.equal(await done, { code: 0, signal: null });
});

test('a bad --kms-key or --port is a usage error (2) that never echoes the material', async () => {
  const short = await s3cse(['serve', '--kms-key', `${KEY_ID}:abcdef0123`]);
  assert.is(short.status, 2);
  assert.match(short.stderr, /^s3cse: INVALID_ARGUMENT: --kms-key 11111111-2222-3333-4444-555555555555:…: the material must be 64 hex characters/);
  assert.not.match(short.stderr, /abcdef0123/);
  const port = await s3cse(['serve', '--port', '70000']);
  assert.is(port.status, 2);
  assert.match(port.stderr, /--port <N>' argument '70000' is invalid/);
});

test.run();
