import { spawnSync } from 'node:child_process';
import { createCipheriv, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmbeddedTarget } from '../../harness/targets/embedded/server.js';
import { assertFailure, runCli } from './support/in-process.js';

const encryptCommand = async (args: string[]): Promise<void> => {
  const r = await runCli(['encrypt', ...args]);
  assert.is(r.status, 0, r.stderr);
};
const decryptCommand = async (args: string[]): Promise<void> => {
  const r = await runCli(['decrypt', ...args]);
  assert.is(r.status, 0, r.stderr);
};
/** The command's failure: exit status 2 for INVALID_ARGUMENT, else the status of the code's kind. */
const STATUS: Record<string, number> = { INVALID_ARGUMENT: 2, CONTEXT_MISMATCH: 3, DECRYPT_FAILED: 3, LEGACY_DISABLED: 4, COMMITMENT_POLICY: 4 };
async function rejectsWith(command: 'encrypt' | 'decrypt', args: string[], code: string, message?: RegExp): Promise<{ message: string }> {
  const r = await runCli([command, ...args]);
  assertFailure(r, STATUS[code]!, code, message);
  return { message: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 's3cse-cli-'));
const p = (name: string) => join(dir, name);
const aesKey = randomBytes(32);
writeFileSync(p('key.bin'), aesKey);
writeFileSync(p('key.hex'), `${aesKey.toString('hex')}\n`);
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
writeFileSync(p('private.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(p('public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
const plaintext = randomBytes(300_001);
writeFileSync(p('plain.bin'), plaintext);

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('encrypt then decrypt with an AES key file (raw and hex), metadata and instruction modes', async () => {
  for (const [keyFile, storage, format] of [
    ['key.bin', 'metadata', 'v2'],
    ['key.hex', 'instruction', 'v3'],
  ] as const) {
    // V2 is written (and read) only under FORBID_ENCRYPT_ALLOW_DECRYPT; V3 under the default policy.
    const policy = format === 'v2' ? ['--commitment-policy', 'FORBID_ENCRYPT_ALLOW_DECRYPT'] : [];
    await encryptCommand([
      '--in',
      p('plain.bin'),
      '--keyring',
      `aes:${p(keyFile)}`,
      '--storage',
      storage,
      '--format',
      format,
      ...policy,
      '--matdesc',
      '{"owner":"cli"}',
      '--body-out',
      p('body'),
      '--metadata-out',
      p('meta.json'),
      ...(storage === 'instruction' ? ['--instruction-out', p('instr.json')] : []),
    ]);
    const meta = JSON.parse(readFileSync(p('meta.json'), 'utf8')) as Record<string, string>;
    assert.is(readFileSync(p('body')).length, plaintext.length + 16);
    if (storage === 'metadata') assert.equal(JSON.parse(meta['x-amz-matdesc']!), { owner: 'cli' });
    else assert.ok(existsSync(p('instr.json')));
    await decryptCommand([
      '--body',
      p('body'),
      '--metadata',
      p('meta.json'),
      '--keyring',
      `aes:${p('key.bin')}`,
      '--out',
      p('out.bin'),
      ...policy,
      ...(storage === 'instruction' ? ['--instruction', p('instr.json')] : []),
    ]);
    assert.equal(readFileSync(p('out.bin')), plaintext);
  }
});

test('a public RSA key is enough to encrypt; the private key decrypts; head-object output is accepted as metadata', async () => {
  await encryptCommand(['--in', p('plain.bin'), '--keyring', `rsa:${p('public.pem')}`, '--body-out', p('rbody'), '--metadata-out', p('rmeta.json')]);
  const meta = JSON.parse(readFileSync(p('rmeta.json'), 'utf8')) as Record<string, string>;
  // `aws s3api head-object` prints {"ContentLength": ..., "Metadata": {...}}; prefixes and case vary.
  writeFileSync(p('head.json'), JSON.stringify({ ContentLength: 1, Metadata: Object.fromEntries(Object.entries(meta).map(([k, v]) => [`X-Amz-Meta-${k}`, v])) }));
  await decryptCommand(['--body', p('rbody'), '--metadata', p('head.json'), '--keyring', `rsa:${p('private.pem')}`, '--out', p('rout.bin')]);
  assert.equal(readFileSync(p('rout.bin')), plaintext);
});

test('kms keyring against an endpoint, with an encryption context', async () => {
  const target = await startEmbeddedTarget();
  try {
    const { keyId } = target.kms.createKey();
    const kms = ['--keyring', `kms:${keyId}`, '--kms-endpoint', target.endpoint];
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    try {
      await encryptCommand(['--in', p('plain.bin'), ...kms, '--matdesc', '{"dept":"x"}', '--body-out', p('kbody'), '--metadata-out', p('kmeta.json')]);
      await rejectsWith('decrypt', ['--body', p('kbody'), '--metadata', p('kmeta.json'), ...kms, '--out', p('kout.bin')], 'CONTEXT_MISMATCH');
      await decryptCommand(['--body', p('kbody'), '--metadata', p('kmeta.json'), ...kms, '--encryption-context', '{"dept":"x"}', '--out', p('kout.bin')]);
      assert.equal(readFileSync(p('kout.bin')), plaintext);
    } finally {
      // Assigning process.env wholesale would detach it from the real environment: restore keys.
      for (const [k, v] of [
        ['AWS_ACCESS_KEY_ID', saved.id],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  } finally {
    await target.stop();
  }
});

test('a legacy CBC object decrypts only with --legacy; a failed decryption leaves no output file', async () => {
  const dataKey = randomBytes(32);
  const iv = randomBytes(16);
  const ecb = createCipheriv('aes-256-ecb', aesKey, null);
  const edk = Buffer.concat([ecb.update(dataKey), ecb.final()]);
  const cbc = createCipheriv('aes-256-cbc', dataKey, iv);
  writeFileSync(p('v1.body'), Buffer.concat([cbc.update('legacy text'), cbc.final()]));
  writeFileSync(p('v1.json'), JSON.stringify({ 'x-amz-key': edk.toString('base64'), 'x-amz-iv': iv.toString('base64'), 'x-amz-matdesc': '{}' }));
  const args = ['--body', p('v1.body'), '--metadata', p('v1.json'), '--keyring', `aes:${p('key.bin')}`, '--out', p('v1.out')];
  await rejectsWith('decrypt', args, 'LEGACY_DISABLED');
  // V1 has no key commitment: the default policy refuses it even with --legacy.
  await rejectsWith('decrypt', [...args, '--legacy'], 'COMMITMENT_POLICY');
  await decryptCommand([...args, '--legacy', '--commitment-policy', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT']);
  assert.is(readFileSync(p('v1.out'), 'utf8'), 'legacy text');

  const tampered = Buffer.from(readFileSync(p('body')));
  tampered[tampered.length - 1]! ^= 1;
  writeFileSync(p('bad.body'), tampered);
  rmSync(p('bad.out'), { force: true });
  const bad = ['--body', p('bad.body'), '--metadata', p('meta.json'), '--instruction', p('instr.json'), '--keyring', `aes:${p('key.bin')}`, '--out', p('bad.out')];
  await rejectsWith('decrypt', [...bad, '--delayed-auth'], 'DECRYPT_FAILED');
  assert.is(existsSync(p('bad.out')), false);
  assert.equal(
    readdirSync(dir).filter((f) => f.includes('partial') || f.includes('.s3cse-')),
    [],
    'no temporary file left',
  );
});

test("--format defaults to v3 and --commitment-policy must agree with it; decrypt applies the policy's read rule", async () => {
  const key = ['--keyring', `aes:${p('key.bin')}`];
  const writeArgs = (name: string, ...flags: string[]): ['encrypt', string[]] => [
    'encrypt',
    ['--in', p('plain.bin'), ...key, ...flags, '--body-out', p(`${name}.body`), '--metadata-out', p(`${name}.json`)],
  ];
  const readArgs = (name: string, ...flags: string[]): ['decrypt', string[]] => [
    'decrypt',
    ['--body', p(`${name}.body`), '--metadata', p(`${name}.json`), ...key, ...flags, '--out', p(`${name}.out`)],
  ];
  const write = (name: string, ...flags: string[]) => encryptCommand(writeArgs(name, ...flags)[1]);
  const read = (name: string, ...flags: string[]) => decryptCommand(readArgs(name, ...flags)[1]);

  await write('default');
  assert.is(JSON.parse(readFileSync(p('default.json'), 'utf8'))['x-amz-c'], '115');
  await write('v3-allow', '--commitment-policy', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT');
  await write('v2', '--format', 'v2', '--commitment-policy', 'FORBID_ENCRYPT_ALLOW_DECRYPT');
  assert.ok('x-amz-key-v2' in JSON.parse(readFileSync(p('v2.json'), 'utf8')));

  // Conflicts are refused before anything is written.
  rmSync(p('bad.body'), { force: true });
  await rejectsWith(...writeArgs('bad', '--format', 'v2'), 'INVALID_ARGUMENT', /FORBID_ENCRYPT_ALLOW_DECRYPT/);
  await rejectsWith(...writeArgs('bad', '--format', 'v2', '--commitment-policy', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT'), 'INVALID_ARGUMENT');
  await rejectsWith(...writeArgs('bad', '--commitment-policy', 'FORBID_ENCRYPT_ALLOW_DECRYPT'), 'INVALID_ARGUMENT', /add --format v2/);
  await rejectsWith(...writeArgs('bad', '--format', 'v3', '--commitment-policy', 'FORBID_ENCRYPT_ALLOW_DECRYPT'), 'INVALID_ARGUMENT');
  await rejectsWith(...writeArgs('bad', '--commitment-policy', 'SOMETIMES'), 'INVALID_ARGUMENT', /option '--commitment-policy <POLICY>' argument 'SOMETIMES' is invalid/);
  assert.is(existsSync(p('bad.body')), false);

  // Reads: V3 under every policy; V2 under all but REQUIRE_ENCRYPT_REQUIRE_DECRYPT (the default).
  for (const name of ['default', 'v3-allow']) {
    for (const policy of [[], ['--commitment-policy', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT'], ['--commitment-policy', 'FORBID_ENCRYPT_ALLOW_DECRYPT']]) {
      await read(name, ...policy);
      assert.equal(readFileSync(p(`${name}.out`)), plaintext);
    }
  }
  await rejectsWith(...readArgs('v2'), 'COMMITMENT_POLICY', /REQUIRE_ENCRYPT_ALLOW_DECRYPT/);
  await rejectsWith(...readArgs('v2', '--commitment-policy', 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT'), 'COMMITMENT_POLICY');
  await rejectsWith(...readArgs('v2', '--commitment-policy', 'nope'), 'INVALID_ARGUMENT');
  for (const policy of ['REQUIRE_ENCRYPT_ALLOW_DECRYPT', 'FORBID_ENCRYPT_ALLOW_DECRYPT']) {
    await read('v2', '--commitment-policy', policy);
    assert.equal(readFileSync(p('v2.out')), plaintext);
  }
});

test('argument errors are INVALID_ARGUMENT and never echo key bytes', async () => {
  writeFileSync(p('short.key'), randomBytes(10));
  const e = await rejectsWith('decrypt', ['--body', p('body'), '--metadata', p('meta.json'), '--keyring', `aes:${p('short.key')}`, '--out', p('x')], 'INVALID_ARGUMENT', /10 bytes/);
  assert.not.match(e.message, new RegExp(readFileSync(p('short.key')).toString('hex').slice(0, 8)));
  await rejectsWith('encrypt', ['--in', p('plain.bin'), '--keyring', 'des:x', '--body-out', p('x'), '--metadata-out', p('y')], 'INVALID_ARGUMENT', /--keyring des:x: unknown kind "des"/);
  await rejectsWith('encrypt', ['--in', p('plain.bin'), '--keyring', 'aes:', '--body-out', p('x'), '--metadata-out', p('y')], 'INVALID_ARGUMENT');
  await rejectsWith('encrypt', ['--in', p('nope'), '--keyring', `aes:${p('key.bin')}`, '--body-out', p('x'), '--metadata-out', p('y')], 'INVALID_ARGUMENT', /--in .*nope: no such file/);
  await rejectsWith(
    'encrypt',
    ['--in', p('plain.bin'), '--keyring', `aes:${p('key.bin')}`, '--storage', 'instruction', '--body-out', p('x'), '--metadata-out', p('y')],
    'INVALID_ARGUMENT',
    /instruction-out/,
  );
  await rejectsWith('encrypt', ['--in', p('plain.bin'), '--keyring', `aes:${p('key.bin')}`, '--format', 'v7', '--body-out', p('x'), '--metadata-out', p('y')], 'INVALID_ARGUMENT');
  await rejectsWith('encrypt', ['--in', p('plain.bin'), '--keyring', `aes:${p('key.bin')}`, '--storage', 'tape', '--body-out', p('x'), '--metadata-out', p('y')], 'INVALID_ARGUMENT');
  await rejectsWith('encrypt', ['--keyring', `aes:${p('key.bin')}`], 'INVALID_ARGUMENT', /--in/);
  await rejectsWith('encrypt', ['--in', p('plain.bin'), '--keyring', `aes:${p('key.bin')}`, '--matdesc', '[1]', '--body-out', p('x'), '--metadata-out', p('y')], 'INVALID_ARGUMENT');
  await rejectsWith('encrypt', ['--in', p('plain.bin'), '--keyring', `aes:${p('key.bin')}`, '--matdesc', '{"a":1}', '--body-out', p('x'), '--metadata-out', p('y')], 'INVALID_ARGUMENT');
  writeFileSync(p('broken.json'), '{');
  await rejectsWith('decrypt', ['--body', p('body'), '--metadata', p('broken.json'), '--keyring', `aes:${p('key.bin')}`, '--out', p('x')], 'INVALID_ARGUMENT', /not valid JSON/);
});

test('outcomes map to exit statuses and print the stable code: usage 2, a missing input 2', async () => {
  const nope = await runCli(['encrypt', '--nope']);
  assertFailure(nope, 2, 'INVALID_ARGUMENT', /unknown option '--nope'/);
  const missing = await runCli(['decrypt', '--body', p('missing'), '--metadata', p('meta.json'), '--keyring', `aes:${p('key.bin')}`, '--out', p('x')]);
  assertFailure(missing, 2, 'INVALID_ARGUMENT', /--body .*missing: no such file/);
});

test('the installed bin runs end to end and exits non-zero with the code on stderr', () => {
  const bin = fileURLToPath(new URL('../../bin/s3cse.js', import.meta.url));
  // The child transpiles the sources its own way and its coverage would not line up with ours.
  // Node copies NODE_V8_COVERAGE into children unless the key is present: set it empty (= off).
  const env = { ...process.env, NODE_V8_COVERAGE: '' };
  const ok = spawnSync(
    process.execPath,
    [bin, 'decrypt', '--body', p('body'), '--metadata', p('meta.json'), '--instruction', p('instr.json'), '--keyring', `aes:${p('key.bin')}`, '--out', p('bin.out')],
    { encoding: 'utf8', env },
  );
  assert.is(ok.status, 0, ok.stderr);
  assert.equal(readFileSync(p('bin.out')), plaintext);
  const bad = spawnSync(process.execPath, [bin, 'decrypt', '--body', p('body'), '--metadata', p('meta.json'), '--keyring', `aes:${p('key.bin')}`, '--out', p('bin.out')], { encoding: 'utf8', env });
  assert.is(bad.status, 5, 'an object this tool cannot read without its instruction file');
  assert.match(bad.stderr, /^s3cse: INSTRUCTION_FILE_MISSING: /);
  const unknown = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8', env });
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});

test.run();
