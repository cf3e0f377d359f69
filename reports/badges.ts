/**
 * shields.io endpoint badges (https://shields.io/badges/endpoint-badge), one JSON per
 * implementation: what a README shows as `s3cse | 212/212 passed` or `s3cse | 3 failures`.
 */
import type { JsonlReport } from './jsonl.js';
import { implementationOf, ran, tally } from './views.js';

export interface EndpointBadge {
  readonly schemaVersion: 1;
  readonly label: string;
  readonly message: string;
  readonly color: string;
}

export function badge(message: string, ok: boolean | 'warn', label = 's3cse'): EndpointBadge {
  return { schemaVersion: 1, label, message, color: ok === 'warn' ? 'yellow' : ok ? 'brightgreen' : 'red' };
}

/** Per implementation that is not a peer: its own cases (as reader, or as the adapter that ran them). */
export function runBadges(report: JsonlReport): Record<string, EndpointBadge> {
  const out: Record<string, EndpointBadge> = {};
  for (const impl of report.header.implementations.filter((i) => !i.peer)) {
    const t = tally(report.cases.filter((c) => implementationOf(c) === impl.id || c.pair?.writer === impl.id));
    const failures = t.fail + t.errored;
    out[impl.id] = failures > 0 ? badge(`${failures} failures`, false) : badge(`${t.pass}/${ran(t)} passed`, t['refused-unclassified'] > 0 ? 'warn' : true);
  }
  return out;
}
