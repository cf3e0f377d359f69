/** Certificates from the fixture report: per-claim counts from the subject's own cases, verdicts, schema, badge. */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCertificate, verdictOf } from '../certificate.js';
import { certificateBadge, renderCertificateHtml, renderCertificateMarkdown } from '../certificate-render.js';
import { fixtureReport, HEADER } from './fixture-report.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(new URL('../schemas/certificate.schema.json', import.meta.url), 'utf8')) as object);

test("per claim: only the subject's own cases count, the reference's never; verdicts follow the counts", () => {
  const c = buildCertificate(fixtureReport(), 'mine');
  assert.ok(validate(c), JSON.stringify(validate.errors));
  const by = Object.fromEntries(c.claims.map((r) => [r.claim, r]));
  // write:v2: mine->reference (fail) and mine->mine (pass); reference->reference is the peer's own.
  assert.equal([by['write:v2']?.run, by['write:v2']?.passed, by['write:v2']?.failed, by['write:v2']?.verdict], [2, 1, 1, 'not certified: 1 failure']);
  assert.equal([by['read:v2']?.run, by['read:v2']?.failed, by['read:v2']?.refusedUnclassified, by['read:v2']?.notApplicable], [5, 1, 1, 1]);
  assert.equal(by['write:v2']?.failing, ['cross/mine->reference/v2/kms/metadata/1']);
  assert.is(c.verdict, 'not certified');
  assert.equal(c.peers, ['reference']);
  assert.equal([c.harness.commit, c.spec.commit, c.corpus.digest, c.target], [HEADER.harness.commit, HEADER.spec.commit, HEADER.corpus.digest, 'embedded']);
});

test('verdicts: failures first, then unreported categories, then nothing run, else certified', () => {
  assert.is(verdictOf({ run: 3, failed: 2, refusedUnclassified: 1 }), 'not certified: 2 failures');
  assert.is(verdictOf({ run: 3, failed: 0, refusedUnclassified: 1 }), 'not verified: categories unreported');
  assert.is(verdictOf({ run: 0, failed: 0, refusedUnclassified: 0 }), 'not verified: no case ran');
  assert.is(verdictOf({ run: 3, failed: 0, refusedUnclassified: 0 }), 'certified');
});

test('every claim certified: certified overall, and the badge names the formats and keys', () => {
  const clean = fixtureReport((cases) => cases.filter((c) => c.status === 'pass' || c.status === 'not-applicable'));
  const c = buildCertificate(clean, 'mine');
  assert.is(c.verdict, 'certified');
  assert.equal(certificateBadge(c), { schemaVersion: 1, label: 's3cse', message: 'certified: v2 kms', color: 'brightgreen' });
  assert.match(renderCertificateMarkdown(c), /\*\*certified\*\*: 3 of 3 claims certified/);
  assert.match(renderCertificateHtml(c), /Mine &lt;S3EC&gt; 2/);
});

test('claiming nothing certifies nothing; an implementation that never started is not certified, with why', () => {
  const report = fixtureReport();
  const none = buildCertificate({ ...report, header: { ...HEADER, implementations: [HEADER.implementations[0]!, { ...HEADER.implementations[1]!, features: [] }] } }, 'mine');
  assert.equal([none.verdict, none.summary, none.claims], ['not certified', 'claims nothing, so certifies nothing', []]);
  assert.equal(certificateBadge(none).message, 'claims nothing');
  assert.match(renderCertificateMarkdown(none), /claims nothing, so nothing is certified/);
  const gone = buildCertificate({ ...report, header: { ...HEADER, implementations: [HEADER.implementations[0]!] } }, 'mine');
  assert.is(gone.verdict, 'not certified');
  assert.match(gone.summary, /^did not start/);
  assert.ok(validate(gone), JSON.stringify(validate.errors));
});

test.run();
