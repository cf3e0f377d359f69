/**
 * `s3cse run --emrfs-config`: the reference adapter's clients take the EMRFS settings (V2 writes
 * in the configured storage mode only, no legacy reads under StrictAuthenticatedEncryption), and
 * a bad configuration fails the command before anything starts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emrfsCapabilities } from '../../implementations/reference/emrfs-mode.js';
import { referenceCapabilities } from '../../implementations/reference/capabilities.js';
import { runMatrix } from '../../harness/run.js';
import type { RunReport } from '../../reports/summary.js';
import { loadEmrfsProfile } from '../load.js';
import { rejectsWith } from '../../testkit/expect-error.js';

const dir = mkdtempSync(join(tmpdir(), 's3cse-emrfs-run-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function site(name: string, properties: Record<string, string>): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify([{ Classification: 'emrfs-site', Properties: { 'fs.s3.cse.enabled': 'true', 'fs.s3.cse.kms.keyId': 'k', ...properties } }]));
  return file;
}

test('the reference with an EMRFS profile: V2 in InstructionFile only, every claimed cell passes', async () => {
  const out = join(dir, 'out');
  const real = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  let status: number;
  try {
    status = await runMatrix({
      suites: ['cross'],
      impls: ['reference'],
      emrfsConfig: site('instr.json', { 'fs.s3.cse.cryptoStorageMode': 'InstructionFile' }),
      sizes: [0, 17],
      validateProtocol: true,
      out,
    });
  } finally {
    process.stdout.write = real;
  }
  assert.is(status, 0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  assert.is(report.totals.pass, 6, 'v2 × 3 keys × instruction × 2 sizes');
  assert.equal([report.totals.fail, report.totals.errored], [0, 0]);
  assert.ok(report.results.filter((r) => r.status === 'pass').every((r) => r.pair?.format === 'v2' && r.pair.storage === 'instruction'));
});

test('capabilities under a profile: V2 writes in its storage mode; legacy reads only when the crypto mode allows them', () => {
  const base = referenceCapabilities();
  const metadata = emrfsCapabilities(base, loadEmrfsProfile(site('meta.json', {})));
  assert.equal(
    metadata.write.map((c) => [c.format, [...c.storage]]),
    [['v2', ['metadata']]],
  );
  assert.equal(
    metadata.read.map((c) => c.format),
    ['v1-eo', 'v1-ae', 'v2', 'v3'],
  );
  assert.equal([...metadata.features], ['range', 'instruction-file-suffix']);
  const strict = emrfsCapabilities(base, loadEmrfsProfile(site('strict.json', { 'fs.s3.cse.cryptoMode': 'StrictAuthenticatedEncryption' })));
  assert.equal(
    strict.read.map((c) => c.format),
    ['v2', 'v3'],
  );
});

test('a bad --emrfs-config fails the command at once; it needs the reference among --impl', async () => {
  await rejectsWith(runMatrix({ impls: ['reference'], emrfsConfig: site('bad.json', { 'fs.s3.cse.cryptoMode': 'Fast' }) }), 'INVALID_CONFIGURATION', /fs\.s3\.cse\.cryptoMode: must be one of/);
  try {
    await runMatrix({ impls: ['java-v1'], emrfsConfig: site('ok.json', {}) });
    assert.unreachable('expected a usage error');
  } catch (e) {
    assert.match((e as Error).message, /--emrfs-config configures the reference implementation: add reference to --impl/);
  }
});

test.run();
