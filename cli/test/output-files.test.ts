/**
 * Issue 11's output bugs, through the installed command: `-` and /dev/stdout stream to stdout,
 * symlinks and FIFOs are written through (never replaced), a regular file is replaced atomically,
 * and a bad output path is refused, naming it, before any work.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UNPRIVILEGED, s3cse } from './support/bin.js';
import { workspace } from './support/fixtures.js';

const ws = workspace('s3cse-out-');
const p = ws.path;
const encrypted = ['--body', p('body.bin'), '--metadata', p('meta.json'), '--keyring', ws.aes];

test.before(async () => {
  const made = await s3cse(['encrypt', '--in', p('plain.bin'), '--keyring', ws.aes, '--body-out', p('body.bin'), '--metadata-out', p('meta.json')]);
  assert.is(made.status, 0, made.stderr);
});
test.after(() => ws.remove());

test('decrypt --out - streams the plaintext to stdout and creates no file named -', async () => {
  const r = await s3cse(['decrypt', ...encrypted, '--out', '-'], { cwd: ws.dir });
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.equals(ws.plaintext), 'stdout is the plaintext, byte for byte');
  assert.not.ok(existsSync(p('-')));
});

test('decrypt --out /dev/stdout writes through to stdout and leaves /dev/stdout alone', async () => {
  // As root a regression would replace the container's /dev/stdout: the child runs unprivileged.
  const r = await s3cse(['decrypt', ...encrypted, '--out', '/dev/stdout'], UNPRIVILEGED);
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.equals(ws.plaintext), 'stdout is the plaintext, byte for byte');
  assert.ok(lstatSync('/dev/stdout').isSymbolicLink(), '/dev/stdout is still a link');
});

test('decrypt --out LINK writes the file the link points to and keeps the link', async () => {
  writeFileSync(p('real.bin'), 'old');
  symlinkSync(p('real.bin'), p('link.bin'));
  const r = await s3cse(['decrypt', ...encrypted, '--out', p('link.bin')]);
  assert.is(r.status, 0, r.stderr);
  assert.ok(lstatSync(p('link.bin')).isSymbolicLink(), 'the link is still a link');
  assert.ok(readFileSync(p('real.bin')).equals(ws.plaintext));
});

test('decrypt --out FIFO writes into the FIFO for its reader and keeps the FIFO', async () => {
  assert.is(spawnSync('mkfifo', [p('pipe')]).status, 0);
  // The reader is a child process: if the FIFO were replaced, it would block for ever and is killed.
  const reader = spawn('cat', [p('pipe')], { stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  reader.stdout.on('data', (c: Buffer) => chunks.push(c));
  const readerDone = new Promise<void>((resolve) => reader.once('close', () => resolve()));
  const r = await s3cse(['decrypt', ...encrypted, '--out', p('pipe')], { timeoutMs: 20_000 });
  const killer = setTimeout(() => reader.kill('SIGKILL'), 5_000);
  await readerDone;
  clearTimeout(killer);
  assert.is(r.status, 0, r.stderr);
  assert.ok(Buffer.concat(chunks).equals(ws.plaintext));
  assert.ok(lstatSync(p('pipe')).isFIFO(), 'still a FIFO');
});

test('encrypt --body-out - and --metadata-out /dev/stdout: the body on stdout; outputs may not share stdout', async () => {
  const r = await s3cse(['encrypt', '--in', p('plain.bin'), '--keyring', ws.aes, '--body-out', '-', '--metadata-out', p('meta2.json')]);
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.length, ws.plaintext.length + 16);
  const both = await s3cse(['encrypt', '--in', p('plain.bin'), '--keyring', ws.aes, '--body-out', '-', '--metadata-out', '-']);
  assert.is(both.status, 2);
  assert.match(both.stderr, /^s3cse: INVALID_ARGUMENT: .*--body-out.*--metadata-out|^s3cse: INVALID_ARGUMENT: .*--metadata-out.*--body-out/);
});

test('a bad output path is INVALID_ARGUMENT naming the path, never a temporary name, and nothing is written', async () => {
  const cases: [string[], RegExp][] = [
    [['decrypt', ...encrypted, '--out', '/nonexistent/o.bin'], /^s3cse: INVALID_ARGUMENT: --out \/nonexistent\/o\.bin: .*\/nonexistent.* does not exist\n$/],
    [['decrypt', ...encrypted, '--out', ws.dir], /^s3cse: INVALID_ARGUMENT: --out .*: is a directory\n$/],
    [['encrypt', '--in', p('plain.bin'), '--keyring', ws.aes, '--body-out', '.', '--metadata-out', p('m.json')], /^s3cse: INVALID_ARGUMENT: --body-out \.: is a directory\n$/],
    [['decrypt', ...encrypted, '--out', p('body.bin')], /^s3cse: INVALID_ARGUMENT: --out .*body\.bin: is also the input --body\n$/],
  ];
  for (const [args, message] of cases) {
    const r = await s3cse(args, { cwd: ws.dir });
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.not.match(r.stderr, /partial/);
  }
  assert.equal(
    readdirSync(ws.dir).filter((f) => f.includes('partial') || f === 'm.json'),
    [],
  );
});

test('conformance --out FILE and run --out FILE are refused before any case runs', async () => {
  writeFileSync(p('notes.md'), 'keep me\n');
  for (const command of [
    ['conformance', '--suite', 'known-answers'],
    ['run', '--suite', 'known-answers', '--impl', 'reference'],
  ]) {
    const r = await s3cse([...command, '--out', p('notes.md')]);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, /^s3cse: INVALID_ARGUMENT: --out .*notes\.md: is a file, not a folder\n$/);
    assert.is(r.stdout.length, 0, 'no case ran, no table printed');
  }
  assert.is(readFileSync(p('notes.md'), 'utf8'), 'keep me\n');
});

test.run();
