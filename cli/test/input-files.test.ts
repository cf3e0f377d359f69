/**
 * Issue 11's input bugs, through the installed command: a missing or unreadable input is one typed
 * line naming the file (no stack, no crash), `-` reads stdin, and `put` checks its file before it
 * asks KMS for anything.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmbeddedTarget, type EmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { childEnv, s3cse } from './support/bin.js';
import { workspace } from './support/fixtures.js';

const ws = workspace('s3cse-in-');
const p = ws.path;
const meta = ['--metadata', p('meta.json'), '--keyring', ws.aes];
let target: EmbeddedTarget;

test.before(async () => {
  target = await startEmbeddedTarget();
  const made = await s3cse(['encrypt', '--in', p('plain.bin'), '--keyring', ws.aes, '--body-out', p('body.bin'), '--metadata-out', p('meta.json')]);
  assert.is(made.status, 0, made.stderr);
});
test.after(async () => {
  await target.stop();
  ws.remove();
});

test('decrypt --body of a missing file: one INVALID_ARGUMENT line naming it, no crash', async () => {
  const r = await s3cse(['decrypt', '--body', p('nope.bin'), ...meta, '--out', p('o.bin')]);
  assert.is(r.status, 2);
  assert.match(r.stderr, /^s3cse: INVALID_ARGUMENT: --body .*nope\.bin: no such file\n$/);
});

test('--in and --body of a folder: INVALID_ARGUMENT naming it, not INTERNAL', async () => {
  const enc = await s3cse(['encrypt', '--in', '.', '--keyring', ws.aes, '--body-out', p('b'), '--metadata-out', p('m.json')], { cwd: ws.dir });
  assert.is(enc.status, 2);
  assert.match(enc.stderr, /^s3cse: INVALID_ARGUMENT: --in \.: is a directory\n$/);
  const dec = await s3cse(['decrypt', '--body', '.', ...meta, '--out', p('o.bin')], { cwd: ws.dir });
  assert.is(dec.status, 2);
  assert.match(dec.stderr, /^s3cse: INVALID_ARGUMENT: --body \.: is a directory\n$/);
});

test('decrypt --body - reads the body from stdin; encrypt --in - reads the plaintext from stdin', async () => {
  const body = await s3cse(['encrypt', '--in', '-', '--keyring', ws.aes, '--body-out', p('stdin.body'), '--metadata-out', p('stdin.json')], { input: ws.plaintext });
  assert.is(body.status, 0, body.stderr);
  const { readFileSync } = await import('node:fs');
  const r = await s3cse(['decrypt', '--body', '-', '--metadata', p('stdin.json'), '--keyring', ws.aes, '--out', '-'], { input: readFileSync(p('stdin.body')) });
  assert.is(r.status, 0, r.stderr);
  assert.ok(r.stdout.equals(ws.plaintext), 'byte-identical');
});

test('put of a folder is INVALID_ARGUMENT naming it, before any KMS or S3 request', async () => {
  target.s3.createBucket('b');
  const keyId = target.kms.createKey().keyId;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(p('emrfs.json'), JSON.stringify([{ Classification: 'emrfs-site', Properties: { 'fs.s3.cse.enabled': 'true', 'fs.s3.cse.kms.keyId': keyId } }]));
  const env = childEnv({ AWS_ENDPOINT_URL: target.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
  target.clearRequestLog();
  const r = await s3cse(['put', '.', 's3://b/k', '--emrfs-config', p('emrfs.json')], { cwd: ws.dir, env });
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /s3cse: INVALID_ARGUMENT: \.: is a directory\n$/);
  assert.equal(
    target.requestLog.map((e) => e.service),
    [],
    'no request reached KMS or S3',
  );
});

test.run();
