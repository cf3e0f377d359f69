/**
 * `s3cse certify --impl X --out DIR`: every suite against X with the reference as its peer, then
 * a certificate from the report (reports/certificate.ts): certificate.json, certificate.md,
 * certificate.html and badge.json in DIR beside report.jsonl. Exit 0 only when X claims
 * something and every claim is certified; 1 otherwise (a claim failed, went unverified, or X
 * claims nothing or never started).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCertificate, verdictLine, type Certificate } from '../reports/certificate.js';
import { certificateBadge, renderCertificateHtml, renderCertificateMarkdown } from '../reports/certificate-render.js';
import { readReport } from './report-commands.js';
import { REPORT_FILE } from './report-stream.js';
import { resolveParticipants } from './run-implementations.js';
import { CORPUS_SUITE, runMatrix, type MatrixRunOptions } from './run.js';
import { UsageError } from './targets/usage-error.js';

const PEER = 'reference';

export type CertifyOptions = Omit<MatrixRunOptions, 'suites' | 'impls' | 'out' | 'peers'> & {
  /** The implementation to certify: a bundled name or a manifest path; or give `server`. */
  readonly impl?: string;
  readonly out: string;
  readonly log?: (line: string) => void;
};

export async function certify(options: CertifyOptions): Promise<number> {
  const { impl, out, log = (line: string) => void process.stdout.write(`${line}\n`), ...run } = options;
  if ((impl === undefined) === (run.server === undefined)) throw new UsageError('certify: give exactly one of --impl NAME|PATH and --server URL');
  const subject = resolveParticipants(impl === undefined ? [] : [impl], run.server, run.claims)[0]!.id;
  if (subject === PEER) throw new UsageError(`certify: ${PEER} is the peer every implementation is certified against; name another implementation`);
  const target = run.target ?? 'embedded';
  // The corpus suites replay recorded KMS answers, which only the embedded target can.
  const suites = target === 'embedded' ? ['cross', 'range', CORPUS_SUITE] : ['cross', 'range'];
  await runMatrix({ ...run, suites, impls: [PEER, ...(impl === undefined ? [] : [impl])], out, peers: [PEER] });
  const certificate = buildCertificate(await readReport(join(out, REPORT_FILE)), subject);
  writeCertificate(certificate, out);
  log(`certificate: ${verdictLine(certificate)}`);
  for (const c of certificate.claims) log(`  ${c.claim.padEnd(30)} ${c.verdict} (${c.passed}/${c.run} passed${c.refusedUnclassified ? `, ${c.refusedUnclassified} refused-unclassified` : ''})`);
  log(`certificate written to ${join(out, 'certificate.json')}, certificate.md, certificate.html and badge.json`);
  return certificate.verdict === 'certified' ? 0 : 1;
}

function writeCertificate(c: Certificate, out: string): void {
  writeFileSync(join(out, 'certificate.json'), `${JSON.stringify(c, null, 1)}\n`);
  writeFileSync(join(out, 'certificate.md'), renderCertificateMarkdown(c));
  writeFileSync(join(out, 'certificate.html'), renderCertificateHtml(c));
  writeFileSync(join(out, 'badge.json'), `${JSON.stringify(certificateBadge(c))}\n`);
}
