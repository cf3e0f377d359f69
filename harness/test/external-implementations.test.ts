/**
 * Implementations from outside this repository: a manifest anywhere on disk (`--impl PATH`), a
 * server someone else started (`--server URL --claims FILE`), both through a deliberately strict
 * fake server that decodes %2F before routing as Starlette does. The run must pass, write nothing
 * into this repository, keep the build stamp out of the implementer's folder, and honour the
 * version header, per-call skips and the implementer's own known issues.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runMatrix } from '../run.js';
import { loadClaims } from '../run-implementations.js';
import { loadKnownIssues } from '../known-issues.js';
import { freeLoopbackPort } from '../targets/process/free-port.js';
import type { RunReport } from '../../reports/summary.js';
import { isUsageError } from '../targets/usage-error.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/strict-server/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const REFERENCE_DIR = join(REPO, 'implementations', 'reference');
const CLAIMS = join(FIXTURE, 'claims.json');

let work: string;
const realWrite = process.stdout.write.bind(process.stdout);
const realCache = process.env['XDG_CACHE_HOME'];
test.before.each(() => {
  work = mkdtempSync(join(tmpdir(), 's3cse-external-'));
  process.env['XDG_CACHE_HOME'] = join(work, 'cache');
  process.stdout.write = (() => true) as typeof process.stdout.write;
});
test.after.each(() => {
  process.stdout.write = realWrite;
  if (realCache === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = realCache;
  rmSync(work, { recursive: true, force: true });
});

const gitStatus = (): string => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: REPO, encoding: 'utf8' });
const report = (out: string): RunReport => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
const involving = (r: RunReport, id: string) => r.results.filter((c) => c.pair?.writer === id || c.pair?.reader === id);

/** An implementer's folder outside the repo: the script copied in, a relative command, a build step. */
function outsideAdapter(env: Record<string, string> = {}): string {
  const dir = join(work, 'my-s3ec');
  execFileSync('mkdir', ['-p', dir]);
  copyFileSync(join(FIXTURE, 'strict-server.mjs'), join(dir, 'strict-server.mjs'));
  const claims = JSON.parse(readFileSync(CLAIMS, 'utf8')) as { capabilities: unknown };
  const manifest = {
    name: 'strict-outside',
    build: { command: ['node', '-e', "require('fs').writeFileSync('built.txt', 'x')"], inputs: ['strict-server.mjs'], outputs: ['built.txt'] },
    start: { command: ['node', 'strict-server.mjs'], env: { STRICT_REFERENCE_DIR: REFERENCE_DIR, ...env } },
    capabilities: claims.capabilities,
    startupTimeoutMs: 30000,
  };
  writeFileSync(join(dir, 'my-manifest.json'), JSON.stringify(manifest));
  return join(dir, 'my-manifest.json');
}

test('a manifest outside the repo, by its file: every claimed cell passes, keys survive %2F-decoding routing, the repo stays clean', async () => {
  const before = gitStatus();
  const manifest = outsideAdapter();
  const out = join(work, 'out');
  const status = await runMatrix({ suites: ['cross'], impls: ['reference', manifest], sizes: [17], out, validateProtocol: true });
  const r = report(out);
  const cells = involving(r, 'strict-outside').filter((c) => c.status !== 'not-applicable');
  assert.is(status, 0, JSON.stringify(r.results.filter((c) => c.status !== 'pass' && c.status !== 'not-applicable').slice(0, 3)));
  // reference and strict share v2/v3 × aes/kms × metadata: 4 configurations, 3 pairs with strict each.
  assert.is(cells.filter((c) => c.status === 'pass').length, 12);
  assert.is(gitStatus(), before, 'the run wrote nothing into the repository');
  assert.ok(existsSync(join(work, 'my-s3ec', 'built.txt')), 'the build ran in the manifest folder');
  assert.not.ok(
    readdirSync(join(work, 'my-s3ec')).some((f) => f.startsWith('.s3cse-build')),
    'no stamp beside the implementer sources',
  );
  assert.ok(
    readdirSync(join(work, 'cache', 's3cse', 'adapters')).some((d) => d.startsWith('strict-outside-')),
    'stamp and log in the cache folder',
  );
});

async function startStrict(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; targetPort: number }> {
  const port = await freeLoopbackPort();
  const targetPort = await freeLoopbackPort();
  const endpoint = `http://127.0.0.1:${targetPort}`;
  const child = spawn('node', [join(FIXTURE, 'strict-server.mjs')], {
    env: {
      ...process.env,
      S3EC_ADAPTER_PORT: String(port),
      STRICT_REFERENCE_DIR: REFERENCE_DIR,
      AWS_ENDPOINT_URL: endpoint,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_KMS: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      S3EC_S3_FORCE_PATH_STYLE: 'true',
      ...env,
    },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return { url: `http://127.0.0.1:${port}`, child, targetPort };
}

test('--server URL --claims FILE: a server started beforehand, on the announced target port; the fixture really 404s %2F', async () => {
  const { url, child, targetPort } = await startStrict({});
  try {
    const out = join(work, 'out');
    const status = await runMatrix({ suites: ['cross', 'range'], impls: ['reference'], server: url, claims: CLAIMS, targetPort, sizes: [0, 17], out });
    const r = report(out);
    assert.is(status, 0);
    assert.is(involving(r, 'strict-fake').filter((c) => c.suite === 'cross' && c.status === 'pass').length, 24);
    assert.ok(r.results.some((c) => c.suite === 'range' && c.pair?.reader === 'strict-fake' && c.status === 'pass'));
    // The control: a key with %2F is routed away by this server, so the passes above mean no key held a slash.
    const slashed = await fetch(`${url}/object/b/a%2Fb`, { method: 'PUT', headers: { ClientID: 'x' }, body: 'x' });
    assert.is(slashed.status, 404);
    assert.equal(await (await fetch(`${url}/__strict/not-found`)).json(), { notFound: 1 });
  } finally {
    child.kill('SIGTERM');
  }
});

test('per-call skips: a server answering Unsupported to ranged GETs gets not-applicable cases with its reason, not failures', async () => {
  const { url, child, targetPort } = await startStrict({ STRICT_UNSUPPORTED: 'range' });
  try {
    const out = join(work, 'out');
    const status = await runMatrix({ suites: ['range'], impls: ['reference'], server: url, claims: CLAIMS, targetPort, out });
    const skipped = report(out).results.filter((c) => c.suite === 'range' && c.pair?.reader === 'strict-fake');
    assert.ok(skipped.length > 0);
    assert.ok(
      skipped.every((c) => c.status === 'not-applicable' && c.actual === 'skipped: unsupported' && /no ranged GET/.test(c.detail ?? '')),
      JSON.stringify(skipped[0]),
    );
    assert.is(status, 0);
  } finally {
    child.kill('SIGTERM');
  }
});

test('the version header: a server that follows another protocol version makes every call a version-mismatch error', async () => {
  const { url, child, targetPort } = await startStrict({ STRICT_PROTOCOL: 's3cse-adapter/2' });
  try {
    const out = join(work, 'out');
    const status = await runMatrix({ suites: ['cross'], impls: ['reference'], server: url, claims: CLAIMS, targetPort, sizes: [1], out });
    const cells = involving(report(out), 'strict-fake').filter((c) => c.status !== 'not-applicable');
    assert.is(status, 1);
    assert.ok(cells.length > 0 && cells.every((c) => c.status === 'errored' && c.errorKind === 'version-mismatch'), JSON.stringify(cells[0]));
    assert.match(cells[0]?.detail ?? '', /does not speak s3cse-adapter\/1: this server follows s3cse-adapter\/2/);
  } finally {
    child.kill('SIGTERM');
  }
});

test('--known-issues FILE: the implementer marks its failures known; an entry that passes fails the run as stale', async () => {
  const { url, child, targetPort } = await startStrict({ STRICT_PROTOCOL: 's3cse-adapter/2' });
  const file = join(work, 'known.json');
  const entry = (id: string, match: object) => ({ id, summary: 'ours', flaky: false, match, links: ['https://example.invalid/1'] });
  try {
    writeFileSync(
      file,
      JSON.stringify({ manifest: { type: 's3cse-known-issues', version: 1 }, issues: [entry('ours-broken', { implementation: 'strict-fake' }), entry('ours-writer', { writer: 'strict-fake' })] }),
    );
    const out = join(work, 'out');
    assert.is(await runMatrix({ suites: ['cross'], impls: ['reference'], server: url, claims: CLAIMS, targetPort, sizes: [1], out, knownIssues: file }), 0);
    writeFileSync(file, JSON.stringify({ manifest: { type: 's3cse-known-issues', version: 1 }, issues: [entry('stale', { case: 'cross/reference->reference/*' })] }));
    assert.is(await runMatrix({ suites: ['cross'], impls: ['reference'], sizes: [1], knownIssues: file }), 1, 'a known issue that passes is stale');
    writeFileSync(file, JSON.stringify({ manifest: { type: 's3cse-known-issues', version: 1 }, issues: [{ id: 'x', flaky: false, match: {} }] }));
    await runMatrix({ impls: ['reference'], knownIssues: file }).then(
      () => assert.unreachable('a malformed file is refused'),
      (e: unknown) => assert.ok(isUsageError(e) && /must have required property 'summary'/.test((e as Error).message) && /must NOT have fewer than 1 properties/.test((e as Error).message), String(e)),
    );
  } finally {
    child.kill('SIGTERM');
  }
});

test('the claims documents for AWS test servers keep to claims.schema.json and name the source commit they were read at', () => {
  const dir = join(REPO, 'harness', 'claims');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.known-issues.json'));
  assert.equal(files.sort(), ['aws-go-v4.json', 'aws-java-v4.json', 'aws-net-v4.json', 'aws-python-v4.json']);
  for (const file of files) {
    const claims = loadClaims(join(dir, file));
    assert.is(claims.id, file.replace('.json', ''));
    assert.match(JSON.stringify(claims), /"commit":"[0-9a-f]{40}"/);
  }
  // The example of an implementer's own known issues keeps to the bundled file's schema.
  assert.is(loadKnownIssues(join(dir, 'aws-python-v4.known-issues.json')).length, 2);
});

test('usage errors: an unknown name, a manifest breaking its schema (ajv error spelled out), claims without --server, bad claims', async () => {
  const bad = join(work, 'bad.json');
  writeFileSync(bad, JSON.stringify({ name: 'Bad Name', start: {} }));
  const cases: [Parameters<typeof runMatrix>[0], RegExp][] = [
    [{ impls: ['refrence'] }, /no adapter named refrence; did you mean reference\?/],
    [{ impls: [bad] }, /bad\.json: adapter-manifest\/name must match pattern .*adapter-manifest\/start must have required property 'command'/],
    [{ impls: [join(work, 'nowhere')] }, /nowhere\/adapter\.json: no adapter manifest/],
    [{ claims: CLAIMS }, /--claims describes a --server/],
    [{ server: 'http://127.0.0.1:1', claims: bad }, /--claims: .*bad\.json: claims must have required property 'id'/],
    [{ server: 'http://127.0.0.1:1', target: 'moto' }, /--server: .*not moto/],
  ];
  for (const [options, pattern] of cases) {
    await runMatrix(options).then(
      () => assert.unreachable(String(pattern)),
      (e: unknown) => assert.ok(isUsageError(e) && pattern.test((e as Error).message), `${pattern}: ${String(e)}`),
    );
  }
});

test.run();
