/** A small JSONL report built in memory: two implementations, cross cells, a corpus case of each status. */
import { caseRecord, type CaseRecord, type JsonlReport, type ReportFooter, type ReportHeader } from '../jsonl.js';
import type { CaseResult } from '../../suites/run.js';
import { tally } from '../views.js';

export const HEADER: ReportHeader = {
  type: 'header',
  format: 's3cse-run-report',
  version: 1,
  startedAt: '2026-12-03T10:00:00.000Z',
  harness: { version: '0.1.0', commit: 'a'.repeat(40) },
  corpus: { digest: `sha256:${'b'.repeat(64)}`, files: 3 },
  spec: { repository: 'awslabs/aws-encryption-sdk-specification', commit: 'c'.repeat(40) },
  node: 'v20.0.0',
  target: 'embedded',
  suites: ['cross', 'known-answers'],
  implementations: [
    { id: 'reference', name: 'ref', version: '1', language: 'typescript', features: ['write:v2', 'read:v2'], peer: true },
    { id: 'mine', name: 'Mine <S3EC>', version: '2', language: 'python', features: ['write:v2', 'read:v2', 'key:kms'] },
  ],
};

const pair = (writer: string, reader: string, size: number) => ({ writer, reader, format: 'v2', key: 'kms', storage: 'metadata', size, legacy: true });
const base = { expected: 'plaintext (1 bytes)', actual: 'plaintext (1 bytes)', requirements: ['s3-encryption/client.md#x'], durationMs: 3 };

export function fixtureResults(): { result: CaseResult; featuresOf: Record<string, string[]> }[] {
  const cross = (w: string, r: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}) => ({
    result: { ...base, suite: 'cross', id: `cross/${w}->${r}/v2/kms/metadata/1`, status, pair: pair(w, r, 1), ...extra } as CaseResult,
    featuresOf: w === r ? { [w]: ['write:v2', 'read:v2', 'key:kms'] } : { [w]: ['write:v2', 'key:kms'], [r]: ['read:v2', 'key:kms'] },
  });
  const kat = (id: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}) => ({
    result: { ...base, suite: 'known-answers@mine', id: `kat/${id}@mine`, implementation: 'mine', status, ...extra } as CaseResult,
    featuresOf: { mine: ['read:v2', 'key:kms'] },
  });
  return [
    cross('reference', 'reference', 'pass'),
    cross('reference', 'mine', 'pass'),
    cross('mine', 'reference', 'fail', { actual: 'different plaintext (0 bytes)', detail: 'a <b> & "c"' }),
    cross('mine', 'mine', 'pass'),
    kat('tamper-1', 'refused-unclassified', { expected: 'error:security', actual: 'error:unclassified (unknown)' }),
    kat('tamper-2', 'errored', { errorKind: 'adapter-error', detail: 'HTTP 500' }),
    kat('v1-object', 'not-applicable', { actual: '-', detail: 'not claimed: read:v1' }),
    kat('ok', 'pass'),
  ];
}

export function fixtureReport(change: (records: CaseRecord[]) => CaseRecord[] = (r) => r): JsonlReport {
  const cases = change(fixtureResults().map(({ result, featuresOf }) => caseRecord(result, { featuresOf })));
  const footer: ReportFooter = {
    type: 'footer',
    finishedAt: '2026-12-03T10:00:05.000Z',
    durationMs: 5000,
    interrupted: false,
    cases: cases.length,
    totals: tally(cases),
    gating: 2,
    unexpectedPasses: [],
  };
  return { header: HEADER, cases, footer };
}
