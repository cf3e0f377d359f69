/**
 * A certificate: what one implementation's claims came to in a run against the reference as its
 * peer. Per claim, the cases that exercised it for this implementation (featuresOf), so the
 * reference's own results never count; a verdict per claim, and overall `certified` only when
 * the implementation claims something and every claim is certified. Schema:
 * schemas/certificate.schema.json. Rendered as Markdown and HTML here, as a badge in badges.ts.
 */
import type { JsonlReport, ReportImplementation } from './jsonl.js';
import { ran, tally } from './views.js';

export interface ClaimResult {
  readonly claim: string;
  readonly run: number;
  readonly passed: number;
  /** Failed or errored, known issues included: a known failure is still a failure. */
  readonly failed: number;
  readonly refusedUnclassified: number;
  readonly notApplicable: number;
  readonly knownIssues: readonly string[];
  readonly verdict: string;
  /** Up to 20 failing case ids, for whoever reads the verdict. */
  readonly failing: readonly string[];
}

export interface Certificate {
  readonly format: 's3cse-certificate';
  readonly version: 1;
  readonly implementation: Pick<ReportImplementation, 'id' | 'name' | 'version' | 'language'>;
  readonly harness: JsonlReport['header']['harness'];
  readonly corpus: JsonlReport['header']['corpus'];
  readonly spec: JsonlReport['header']['spec'];
  readonly node: string;
  readonly target: string;
  readonly suites: readonly string[];
  readonly peers: readonly string[];
  readonly date: string;
  readonly interrupted: boolean;
  readonly claims: readonly ClaimResult[];
  readonly verdict: 'certified' | 'not certified';
  readonly summary: string;
}

export function verdictOf(r: Pick<ClaimResult, 'run' | 'failed' | 'refusedUnclassified'>): string {
  if (r.failed > 0) return `not certified: ${r.failed} failure${r.failed === 1 ? '' : 's'}`;
  if (r.refusedUnclassified > 0) return 'not verified: categories unreported';
  if (r.run === 0) return 'not verified: no case ran';
  return 'certified';
}

export function buildCertificate(report: JsonlReport, subject: string): Certificate {
  const h = report.header;
  const impl = h.implementations.find((i) => i.id === subject);
  // It never came up, so it claims nothing the run could see: its start case says why.
  if (!impl) return notStarted(report, subject);
  const mine = report.cases.filter((c) => c.featuresOf?.[subject] !== undefined);
  const claims = impl.features.map((claim): ClaimResult => {
    const cases = mine.filter((c) => c.featuresOf?.[subject]?.includes(claim));
    const t = tally(cases);
    const counts = { run: ran(t), passed: t.pass, failed: t.fail + t.errored, refusedUnclassified: t['refused-unclassified'], notApplicable: t['not-applicable'] };
    const failing = cases.filter((c) => c.status === 'fail' || c.status === 'errored');
    return { claim, ...counts, knownIssues: [...new Set(failing.flatMap((c) => (c.knownIssue ? [c.knownIssue] : [])))], verdict: verdictOf(counts), failing: failing.slice(0, 20).map((c) => c.id) };
  });
  const certified = claims.length > 0 && claims.every((c) => c.verdict === 'certified') && !report.footer.interrupted;
  return {
    format: 's3cse-certificate',
    version: 1,
    implementation: { id: impl.id, name: impl.name, version: impl.version, language: impl.language },
    ...runProvenance(report),
    claims,
    verdict: certified ? 'certified' : 'not certified',
    summary: summaryOf(claims, report.footer.interrupted),
  };
}

/** What both kinds of certificate say about the run that produced them. */
function runProvenance(report: JsonlReport) {
  const h = report.header;
  return {
    harness: h.harness,
    corpus: h.corpus,
    spec: h.spec,
    node: h.node,
    target: h.target,
    suites: h.suites,
    peers: h.implementations.filter((i) => i.peer).map((i) => i.id),
    date: report.footer.finishedAt,
    interrupted: report.footer.interrupted,
  };
}

function notStarted(report: JsonlReport, subject: string): Certificate {
  const start = report.cases.find((c) => c.id === `cross/${subject}/start`);
  return {
    format: 's3cse-certificate',
    version: 1,
    implementation: { id: subject, name: subject, version: 'unknown', language: 'unknown' },
    ...runProvenance(report),
    claims: [],
    verdict: 'not certified',
    summary: `did not start: ${start?.detail ?? 'no session'}`.slice(0, 300),
  };
}

function summaryOf(claims: readonly ClaimResult[], interrupted: boolean): string {
  if (claims.length === 0) return 'claims nothing, so certifies nothing';
  const by = (prefix: string): number => claims.filter((c) => c.verdict.startsWith(prefix)).length;
  const parts = [
    `${by('certified')} of ${claims.length} claims certified`,
    by('not certified') ? `${by('not certified')} not certified` : '',
    by('not verified') ? `${by('not verified')} not verified` : '',
  ];
  return `${parts.filter(Boolean).join(', ')}${interrupted ? ' (the run was interrupted)' : ''}`;
}

/** The one line a CI log or a closing note shows. */
export function verdictLine(c: Certificate): string {
  return `${c.implementation.id} ${c.implementation.version}: ${c.verdict} (${c.summary})`;
}
