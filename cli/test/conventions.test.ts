/**
 * Issue 11's conventions, through the installed command: help on stdout with exit 0 for every
 * command, the version, suggestions for typos, repeated options refused, one exit code per kind
 * of failure, and messages that name the flags the user typed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BIN, childEnv, s3cse } from './support/bin.js';
import { workspace } from './support/fixtures.js';

const ws = workspace('s3cse-conv-');
const p = ws.path;
const COMMANDS = ['encrypt', 'decrypt', 'get', 'put', 'conformance', 'run', 'certify', 'bench', 'report', 'serve'];
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
test.after(() => ws.remove());

test('s3cse CMD --help exits 0 and prints a description, options with defaults and examples on stdout', async () => {
  for (const command of COMMANDS) {
    const r = await s3cse([command, '--help']);
    assert.is(r.status, 0, `${command}: ${r.stderr}`);
    assert.is(r.stderr, '', command);
    const text = r.stdout.toString('utf8');
    assert.match(text, new RegExp(`^Usage: s3cse ${command} `), command);
    assert.match(text, /Examples?:/, `${command} shows examples`);
  }
  const encrypt = (await s3cse(['encrypt', '-h'])).stdout.toString('utf8');
  assert.match(encrypt, /--storage <MODE>[\s\S]*choices: "metadata", "instruction",\s+default: "metadata"/);
  assert.match(encrypt, /KEY\.instruction/, 'says how to upload the instruction file');
});

test('s3cse --help and s3cse help list every command on stdout, exit 0', async () => {
  for (const args of [['--help'], ['help'], []]) {
    const r = await s3cse(args);
    assert.is(r.status, args.length === 0 ? 2 : 0, args.join(' '));
    const text = args.length === 0 ? r.stderr : r.stdout.toString('utf8');
    for (const command of COMMANDS) assert.match(text, new RegExp(`^  ${command}\\b`, 'm'), `${args.join(' ')} lists ${command}`);
  }
});

test('help into a pipe whose reader has gone (| head, | true) ends quietly with 0, not an EPIPE stack', () => {
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" run --help | true; echo "status=\${PIPESTATUS[0]}"`], {
    env: childEnv(),
    encoding: 'utf8',
  });
  assert.is(r.stdout.trim(), 'status=0');
  assert.is(r.stderr, '');
});

test('--version, -v and version print the package version', async () => {
  for (const args of [['--version'], ['-v'], ['version']]) {
    const r = await s3cse(args);
    assert.is(r.status, 0, args[0]);
    assert.is(r.stdout.toString('utf8'), `${VERSION}\n`);
  }
});

test('typos get a suggestion and exit 2: a command, an option, an --impl name', async () => {
  const cases: [string[], RegExp][] = [
    [['encrpyt'], /unknown command 'encrpyt'[\s\S]*Did you mean encrypt\?/],
    [['decrypt', '--bdy', 'x'], /unknown option '--bdy'[\s\S]*Did you mean --body\?/],
    [['run', '--impl', 'referenc'], /^s3cse: INVALID_ARGUMENT: .*no adapter named referenc.*did you mean reference\?/m],
  ];
  for (const [args, message] of cases) {
    const r = await s3cse(args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('a repeated option is refused, exit 2', async () => {
  const r = await s3cse(['encrypt', '--in', p('plain.bin'), '--in', p('plain.bin'), '--keyring', ws.aes, '--body-out', p('b'), '--metadata-out', p('m.json')]);
  assert.is(r.status, 2);
  assert.match(r.stderr, /^s3cse: INVALID_ARGUMENT: .*--in .*more than once/m);
});

test('exit codes tell a usage error (2) from a tampered object (3), a policy refusal (4) and a service error (6)', async () => {
  const enc = (flags: string[], name: string) => s3cse(['encrypt', '--in', p('plain.bin'), '--keyring', ws.aes, ...flags, '--body-out', p(`${name}.body`), '--metadata-out', p(`${name}.json`)]);
  assert.is((await enc([], 'v3')).status, 0);
  assert.is((await enc(['--format', 'v2', '--commitment-policy', 'FORBID_ENCRYPT_ALLOW_DECRYPT'], 'v2')).status, 0);
  const { writeFileSync } = await import('node:fs');
  const tampered = readFileSync(p('v3.body'));
  tampered[10]! ^= 1;
  writeFileSync(p('bad.body'), tampered);
  const dec = (body: string, json: string, ...flags: string[]) => s3cse(['decrypt', '--body', p(body), '--metadata', p(json), '--keyring', ws.aes, ...flags, '--out', p('out.bin')]);
  const bad = await dec('bad.body', 'v3.json');
  assert.is(bad.status, 3, bad.stderr);
  assert.match(bad.stderr, /^s3cse: DECRYPT_FAILED: /);
  const policy = await dec('v2.body', 'v2.json');
  assert.is(policy.status, 4, policy.stderr);
  assert.match(policy.stderr, /^s3cse: COMMITMENT_POLICY: .*--commitment-policy REQUIRE_ENCRYPT_ALLOW_DECRYPT/);
  assert.not.match(policy.stderr, /commitmentPolicy/);
  const kms = await s3cse(['encrypt', '--in', p('plain.bin'), '--keyring', 'kms:no-such-key', '--kms-endpoint', 'http://127.0.0.1:9', '--body-out', p('k.body'), '--metadata-out', p('k.json')], {
    env: { ...process.env, NODE_V8_COVERAGE: '', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_MAX_ATTEMPTS: '1' },
  });
  assert.is(kms.status, 6, kms.stderr);
  assert.match(kms.stderr, /^s3cse: KMS_ERROR: .*no-such-key/);
});

test('messages name the flags: --format v2, --legacy, --instruction, --instruction-out without --storage instruction', async () => {
  const enc = (flags: string[]) => s3cse(['encrypt', '--in', p('plain.bin'), '--keyring', ws.aes, ...flags, '--body-out', p('i.body'), '--metadata-out', p('i.json')]);
  const v2 = await enc(['--format', 'v2']);
  assert.is(v2.status, 2);
  assert.match(v2.stderr, /--commitment-policy FORBID_ENCRYPT_ALLOW_DECRYPT/);
  assert.not.match(v2.stderr, /commitmentPolicy/);
  const orphan = await enc(['--instruction-out', p('i.instruction')]);
  assert.is(orphan.status, 2, orphan.stderr);
  assert.match(orphan.stderr, /^s3cse: INVALID_ARGUMENT: --instruction-out needs --storage instruction/);
  assert.is((await enc(['--storage', 'instruction', '--instruction-out', p('i.instruction')])).status, 0);
  const read = await s3cse(['decrypt', '--body', p('i.body'), '--metadata', p('i.json'), '--keyring', ws.aes, '--out', p('o.bin')]);
  assert.is(read.status, 5, read.stderr);
  assert.match(read.stderr, /^s3cse: INSTRUCTION_FILE_MISSING: .*x-amz-c.*x-amz-d.*x-amz-i.*--instruction/);
});

test('--legacy is named for a CBC object; a KMS failure names the key id and says what is missing', async () => {
  const { createCipheriv, randomBytes } = await import('node:crypto');
  const { writeFileSync } = await import('node:fs');
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const ecb = createCipheriv('aes-256-ecb', readFileSync(p('key.bin')), null);
  const cbc = createCipheriv('aes-256-cbc', dataKey, iv);
  writeFileSync(p('v1.body'), Buffer.concat([cbc.update('legacy text'), cbc.final()]));
  writeFileSync(
    p('v1.json'),
    JSON.stringify({
      'x-amz-key': Buffer.concat([ecb.update(dataKey), ecb.final()]).toString('base64'),
      'x-amz-iv': iv.toString('base64'),
      'x-amz-matdesc': '{}',
    }),
  );
  const v1 = await s3cse(['decrypt', '--body', p('v1.body'), '--metadata', p('v1.json'), '--keyring', ws.aes, '--commitment-policy', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', '--out', p('v1.out')]);
  assert.is(v1.status, 4, v1.stderr);
  assert.match(v1.stderr, /^s3cse: LEGACY_DISABLED: .*add --legacy/);
  assert.not.match(v1.stderr, /legacyUnauthenticatedModes|legacyWrappingAlgorithms/);
  // No credentials anywhere: the SDK's CredentialsProviderError becomes a sentence naming the key.
  const bare = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  const noCredentials = await s3cse(
    ['encrypt', '--in', p('plain.bin'), '--keyring', 'kms:alias/team-key', '--kms-endpoint', 'http://127.0.0.1:9', '--body-out', p('n.body'), '--metadata-out', p('n.json')],
    {
      env: {
        ...bare,
        NODE_V8_COVERAGE: '',
        HOME: ws.dir,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: p('none'),
        AWS_SHARED_CREDENTIALS_FILE: p('none'),
      },
    },
  );
  assert.is(noCredentials.status, 6, noCredentials.stderr);
  assert.match(noCredentials.stderr, /^s3cse: KMS_ERROR: KMS GenerateDataKey with key alias\/team-key failed: no AWS credentials/);
});

test.run();
