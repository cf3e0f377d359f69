/**
 * `certify` end to end with the strict fake server (the reference behind Starlette-like routing,
 * no error categories) as the implementation under test: per-claim verdicts from its own cases,
 * the four files, exit 1 unless every claim is certified; claiming nothing certifies nothing.
 */
import { Ajv } from 'ajv';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Certificate } from '../../reports/certificate.js';
import { certify } from '../certify.js';
import { isUsageError } from '../targets/usage-error.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/strict-server/', import.meta.url));
const REFERENCE_DIR = fileURLToPath(new URL('../../implementations/reference/', import.meta.url));
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(new URL('../../reports/schemas/certificate.schema.json', import.meta.url), 'utf8')) as object);

let work: string;
const realWrite = process.stdout.write.bind(process.stdout);
test.before.each(() => {
  work = mkdtempSync(join(tmpdir(), 's3cse-certify-'));
  process.stdout.write = (() => true) as typeof process.stdout.write;
});
test.after.each(() => {
  process.stdout.write = realWrite;
  rmSync(work, { recursive: true, force: true });
});

function manifest(name: string, capabilities: object): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, start: { command: ['node', join(FIXTURE, 'strict-server.mjs')], env: { STRICT_REFERENCE_DIR: REFERENCE_DIR } }, capabilities, startupTimeoutMs: 30000 }));
  return file;
}

const claimsOf = (): { capabilities: object } => JSON.parse(readFileSync(join(FIXTURE, 'claims.json'), 'utf8')) as { capabilities: object };

test('the strict server: range certified, claims with unclassified refusals not verified, exit 1; four files, schema-valid', async () => {
  const out = join(work, 'cert');
  const lines: string[] = [];
  const status = await certify({ impl: manifest('strict-cert', claimsOf().capabilities), out, sizes: [0, 17], log: (l) => lines.push(l) });
  assert.is(status, 1);
  assert.equal(
    readdirSync(out)
      .filter((f) => f.startsWith('certificate') || f === 'badge.json')
      .sort(),
    ['badge.json', 'certificate.html', 'certificate.json', 'certificate.md'],
  );
  const c = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as Certificate;
  assert.ok(validate(c), JSON.stringify(validate.errors));
  const verdict = (claim: string) => c.claims.find((r) => r.claim === claim)?.verdict;
  // Ranged reads refuse nothing, so nothing depends on a category there.
  assert.is(verdict('range'), 'certified');
  assert.ok((c.claims.find((r) => r.claim === 'write:v2')?.passed ?? 0) > 0);
  // Its known-answer refusals carry no category (as AWS's servers answer).
  assert.is(verdict('read:v3'), 'not verified: categories unreported');
  assert.equal(c.peers, ['reference']);
  assert.match(lines[0] ?? '', /^certificate: strict-cert 0\.0\.0: not certified \(\d+ of \d+ claims certified, \d+ not verified\)/);
  assert.equal(JSON.parse(readFileSync(join(out, 'badge.json'), 'utf8')).message, 'not verified');
});

test('an adapter that claims nothing certifies nothing: exit 1, and the certificate says so', async () => {
  const out = join(work, 'none');
  const status = await certify({ impl: manifest('claims-nothing', { ...claimsOf().capabilities, write: [], read: [], features: [] }), out, sizes: [0], log: () => undefined });
  assert.is(status, 1);
  const c = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as Certificate;
  assert.equal([c.verdict, c.summary, c.claims.length], ['not certified', 'claims nothing, so certifies nothing', 0]);
});

test('usage: the reference is the peer, not a subject; one of --impl and --server', async () => {
  for (const [options, pattern] of [
    [{ impl: 'reference', out: work }, /reference is the peer/],
    [{ out: work }, /exactly one of --impl/],
    [{ impl: 'java-v1', server: 'http://127.0.0.1:1', out: work }, /exactly one of --impl/],
  ] as const) {
    await certify(options).then(
      () => assert.unreachable(String(pattern)),
      (e: unknown) => assert.ok(isUsageError(e) && pattern.test((e as Error).message), String(e)),
    );
  }
});

test.run();
