/**
 * The reference as users get it (issue 12): `npm pack` of reference/, unpacked into a fresh
 * project outside the repo, imported from plain node as ESM and as CommonJS (no tsx), and
 * type-checked from a strict .ts consumer. The tarball holds built code only: no tests, no
 * TypeScript sources, no adapters.
 *
 * Offline: the project's node_modules links the repo's installed dependencies instead of
 * installing them again.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const repo = resolve(import.meta.dirname, '../..');
const NAMES = ['S3EncryptionClient', 'encryptObject', 'decryptObject', 'AesKeyring', 'RsaKeyring', 'KmsKeyring'];
let work: string;
let project: string;
let packed: string[];

const run = (cmd: string, args: string[], cwd: string): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });

test.before(() => {
  work = mkdtempSync(join(tmpdir(), 's3cse-pack-'));
  const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], join(repo, 'reference'))) as [{ filename: string; files: { path: string }[] }];
  packed = out[0].files.map((f) => f.path);
  project = join(work, 'consumer');
  const installed = join(project, 'node_modules', '@s3cse', 'reference');
  mkdirSync(installed, { recursive: true });
  run('tar', ['xzf', join(work, out[0].filename), '-C', installed, '--strip-components=1'], work);
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry !== '@s3cse' && entry !== '.bin') symlinkSync(join(repo, 'node_modules', entry), join(project, 'node_modules', entry));
  }
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
});
test.after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball holds built JavaScript and declarations only', () => {
  assert.ok(packed.includes('dist/esm/index.js') && packed.includes('dist/cjs/index.js'), packed.join(' '));
  assert.ok(packed.includes('dist/esm/index.d.ts') && packed.includes('dist/cjs/index.d.ts'));
  const stray = packed.filter((p) => !/^(dist\/(esm|cjs)\/.+\.(js|d\.ts)|dist\/cjs\/package\.json|package\.json|README\.md)$/.test(p));
  assert.equal(stray, [], 'nothing but built code, its declarations and the README');
  assert.not.ok(
    packed.some((p) => /test|adapter|\/cli\/|\/emrfs\//.test(p)),
    'no tests, adapters, CLI or EMRFS profile',
  );
});

test('plain node imports the front door as ESM and round-trips an object', () => {
  const script = `import { ${NAMES.join(', ')} } from '@s3cse/reference';
const keyring = new AesKeyring({ key: new Uint8Array(32).fill(7) });
const out = await encryptObject(new TextEncoder().encode('from a consumer'), { keyring });
const read = async (body) => { const parts = []; for await (const c of body) parts.push(c); return Buffer.concat(parts); };
const back = await decryptObject({ body: await read(out.body), metadata: out.metadata }, { keyring });
console.log([${NAMES.join(', ')}].map((x) => typeof x).join(','), (await read(back.body)).toString());`;
  writeFileSync(join(project, 'esm.mjs'), script);
  assert.is(run('node', ['esm.mjs'], project).trim(), `${NAMES.map(() => 'function').join(',')} from a consumer`);
});

test('require() from CommonJS gets the same names', () => {
  writeFileSync(join(project, 'cjs.cjs'), `const api = require('@s3cse/reference');\nconsole.log(${JSON.stringify(NAMES)}.map((n) => typeof api[n]).join(','));\n`);
  assert.is(run('node', ['cjs.cjs'], project).trim(), NAMES.map(() => 'function').join(','));
});

test('a strict TypeScript consumer type-checks against the shipped declarations', () => {
  writeFileSync(
    join(project, 'consumer.ts'),
    `import { ${NAMES.join(', ')}, type S3EncryptionClientConfig } from '@s3cse/reference';
import { S3Client } from '@aws-sdk/client-s3';
const config: S3EncryptionClientConfig = { client: new S3Client({}), keyring: new AesKeyring({ key: new Uint8Array(32) }) };
export const client: S3EncryptionClient = new S3EncryptionClient(config);
export const api: unknown[] = [encryptObject, decryptObject, RsaKeyring, KmsKeyring];
// @ts-expect-error a keyring is required
export const wrong: S3EncryptionClientConfig = { client: new S3Client({}) };
`,
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'], noEmit: true },
      files: ['consumer.ts'],
    }),
  );
  run(join(repo, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], project);
});

test.run();
