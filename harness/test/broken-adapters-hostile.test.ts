/**
 * The harness against hostile adapters (issue 10): one that dies mid-answer, one that drips, one
 * whose body never ends, one that cuts its JSON short, one that returns the wrong bytes. Each
 * must end as its own kind of result, the run must finish, and the harness's memory must stay
 * bounded by the response cap however much an adapter sends.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fileURLToPath } from 'node:url';
import { adapterKeys } from '../adapter-keys.js';
import { errorKindOf } from '../supervisor/call-failure.js';
import { findAdapter } from '../supervisor/manifest.js';
import { AdapterSession } from '../supervisor/session.js';
import { startEmbeddedRunningTarget } from '../targets/embedded/target.js';
import type { RunningTarget } from '../targets/target.js';
import { runCrossSuite } from '../../suites/cross/run.js';
import type { CaseResult } from '../../suites/run.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/adapters/', import.meta.url));
const BUCKET = 'hostile-adapters';
/** Short, so the slow drip costs a second, not the manifests' 1.5 s or the default minute. */
const CALL_TIMEOUT_MS = 1000;
const MiB = 1024 * 1024;
let target: RunningTarget;
let keys: Awaited<ReturnType<typeof adapterKeys>>;

test.before(async () => {
  target = await startEmbeddedRunningTarget();
  await target.ensureBucket(BUCKET);
  keys = await adapterKeys(target);
});
test.after(async () => {
  await target.stop();
});

async function open(name: string): Promise<AdapterSession> {
  const root = name === 'reference' ? undefined : FIXTURES;
  return AdapterSession.open(findAdapter(name, root), { env: target.childEnv(), keys, validateProtocol: true, callTimeoutMs: CALL_TIMEOUT_MS });
}

async function openAll(names: readonly string[]): Promise<AdapterSession[]> {
  return Promise.all(names.map(open));
}

function pair(results: readonly CaseResult[], writer: string, reader: string): CaseResult {
  const found = results.filter((r) => r.pair?.writer === writer && r.pair.reader === reader && r.pair.format === 'v2' && r.pair.key === 'aes' && r.pair.storage === 'metadata');
  assert.is(found.length, 1, `${writer} -> ${reader}`);
  return found[0]!;
}

test('each hostile reader ends as its own result kind, and the run finishes', async () => {
  const sessions = await openAll(['reference', 'broken-crash-mid-get', 'broken-slow-drip', 'broken-endless-body', 'broken-truncated-json', 'broken-wrong-plaintext']);
  const started = Date.now();
  let results: CaseResult[] = [];
  try {
    results = await runCrossSuite({ implementations: sessions, bucket: BUCKET, sizes: [17] });
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  assert.ok(Date.now() - started < 30_000, `finished in ${Date.now() - started} ms`);
  const seen = (reader: string): [string, string | undefined] => {
    const r = pair(results, 'reference', reader);
    return [r.status, r.errorKind];
  };
  assert.equal(seen('reference'), ['pass', undefined], 'the working pair still passes');
  assert.equal(seen('broken-crash-mid-get'), ['errored', 'crash']);
  assert.match(pair(results, 'reference', 'broken-crash-mid-get').detail ?? '', /after 65536 body bytes/);
  assert.equal(seen('broken-slow-drip'), ['errored', 'timeout:slow-body']);
  assert.equal(seen('broken-endless-body'), ['errored', 'protocol-violation:response-too-large']);
  assert.equal(seen('broken-truncated-json'), ['errored', 'protocol-violation:truncated-json']);
  // Answering 200 with other bytes is the implementation's failure, not a broken harness call.
  assert.equal(seen('broken-wrong-plaintext'), ['fail', undefined]);
  const wrong = pair(results, 'reference', 'broken-wrong-plaintext');
  assert.equal([wrong.actual, wrong.detail], ['different plaintext', '33 bytes back, 17 expected'], 'the ciphertext and its tag, undecrypted');

  const written = pair(results, 'broken-truncated-json', 'reference');
  assert.equal([written.status, written.actual, written.errorKind], ['errored', 'write errored', 'protocol-violation:truncated-json']);
  const byName = new Map(sessions.map((s) => [s.info.id, s]));
  assert.ok(byName.get('broken-crash-mid-get')!.restarts >= 1, 'the crashed adapter was restarted');
  assert.is(byName.get('broken-endless-body')!.restarts, 0, 'an oversized answer is a violation, not a reason to restart');
});

test('a truncated /capabilities is a truncated-json violation; an adapter that exits at start did not start; another protocol version is a version mismatch', async () => {
  const failure = async (name: string): Promise<unknown> => {
    try {
      await (await open(name)).close();
    } catch (e) {
      return e;
    }
    return assert.unreachable(`${name} must not open`);
  };
  assert.is(errorKindOf(await failure('broken-truncated-capabilities')), 'protocol-violation:truncated-json');
  assert.is(errorKindOf(await failure('broken-exit-at-start')), 'did-not-start');
  const future = await failure('broken-future-protocol');
  assert.is(errorKindOf(future), 'version-mismatch');
  assert.match((future as Error).message, /the adapter speaks "s3cse-adapter\/2", the harness s3cse-adapter\/1/);
});

interface ProbeReport {
  readonly growthBytes: number;
  readonly kinds: string[];
  readonly endlessMs: number[];
}

/** Runs the memory probe in a child process of its own (killed if it overruns); returns its report. */
async function runMemoryProbe(args: { reads: number; cap: number; endlessTimeoutMs: number; dripTimeoutMs: number }): Promise<ProbeReport> {
  const probe = fileURLToPath(new URL('./fixtures/hostile-memory-probe.ts', import.meta.url));
  const argv = [args.reads, args.cap, args.endlessTimeoutMs, args.dripTimeoutMs].map(String);
  const child = spawn(process.execPath, ['--import', 'tsx', probe, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(killer);
  assert.is(code, 0, `the probe exited with ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '') as ProbeReport;
}

test('memory stays bounded: endless bodies and a slow drip cost at most the cap plus 64 MiB', async () => {
  // A small cap keeps what is measured the harness's own overhead, not V8's garbage-collection
  // slack, which grows with the cap (each capped read leaves a few caps' worth of garbage). The
  // endless reads may take 3 s: capped they end in well under one, uncapped they buffer ~0.5 GB.
  const reads = 8;
  const cap = 1 * MiB;
  const { growthBytes, kinds, endlessMs } = await runMemoryProbe({ reads, cap, endlessTimeoutMs: 3000, dripTimeoutMs: CALL_TIMEOUT_MS });
  const limit = cap + 64 * MiB;
  assert.ok(growthBytes < limit, `RSS grew ${(growthBytes / MiB).toFixed(1)} MiB; limit ${(limit / MiB).toFixed(1)} MiB`);
  assert.equal(kinds, [...Array<string>(reads).fill('protocol-violation:response-too-large'), 'timeout:slow-body']);
  assert.ok(
    endlessMs.every((ms) => ms < 1000),
    `the cap, not the timeout, ended each endless read (${endlessMs.join(', ')} ms)`,
  );
});

test.run();
