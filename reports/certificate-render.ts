/** A certificate as Markdown and as a static HTML page, and as its shields.io endpoint badge. */
import { badge, type EndpointBadge } from './badges.js';
import type { Certificate, ClaimResult } from './certificate.js';
import { escapeHtml } from './html.js';

function facts(c: Certificate): [string, string][] {
  return [
    ['implementation', `${c.implementation.name} ${c.implementation.version} (${c.implementation.language}; id ${c.implementation.id})`],
    ['verdict', `${c.verdict}: ${c.summary}`],
    ['harness', `s3cse ${c.harness.version}, commit ${c.harness.commit}${c.harness.dirty ? ' (with local changes)' : ''}`],
    ['corpus', `${c.corpus.digest} (${c.corpus.files} case files)`],
    ['specification', `${c.spec.repository} at ${c.spec.commit}`],
    ['target', c.target],
    ['suites', c.suites.join(', ')],
    ['peers (not counted)', c.peers.join(', ') || 'none'],
    ['date', c.date],
    ['Node', c.node],
  ];
}

const row = (r: ClaimResult): string[] => [r.claim, r.verdict, String(r.run), String(r.passed), String(r.failed), String(r.refusedUnclassified), r.knownIssues.join(', ')];
const HEAD = ['claim', 'verdict', 'run', 'passed', 'failed', 'refused-unclassified', 'known issues'];

export function renderCertificateMarkdown(c: Certificate): string {
  const md = (cells: readonly string[]): string => `| ${cells.map((x) => x.replace(/\|/g, '\\|')).join(' | ')} |`;
  const lines = [
    `# s3cse certificate: ${c.implementation.name} ${c.implementation.version}`,
    '',
    `**${c.verdict}**: ${c.summary}`,
    '',
    md(['', '']),
    md(['---', '---']),
    ...facts(c).map(([k, v]) => md([k, v])),
  ];
  lines.push('', '## Claims', '');
  if (c.claims.length === 0) lines.push('The implementation claims nothing, so nothing is certified.');
  else lines.push(md(HEAD), md(HEAD.map((_, i) => (i >= 2 && i <= 5 ? '---:' : '---'))), ...c.claims.map((r) => md(row(r))));
  const failing = c.claims.filter((r) => r.failing.length > 0);
  if (failing.length > 0) lines.push('', '## Failing cases', '', ...failing.flatMap((r) => r.failing.map((id) => `- ${r.claim}: \`${id}\``)));
  return `${lines.join('\n')}\n`;
}

export function renderCertificateHtml(c: Certificate): string {
  const tr = (cells: readonly string[], tag = 'td'): string => `<tr>${cells.map((x) => `<${tag}>${escapeHtml(x)}</${tag}>`).join('')}</tr>`;
  const claimRows = c.claims.map(
    (r) =>
      `<tr class="${r.verdict === 'certified' ? 'ok' : r.verdict.startsWith('not certified') ? 'bad' : 'warn'}">${row(r)
        .map((x) => `<td>${escapeHtml(x)}</td>`)
        .join('')}</tr>`,
  );
  const claims = c.claims.length === 0 ? '<p>The implementation claims nothing, so nothing is certified.</p>' : `<table id="claims">${tr(HEAD, 'th')}${claimRows.join('')}</table>`;
  const style =
    'body{font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px}.ok{background:#d9f2d9}.bad{background:#f7d4d4}.warn{background:#fbeec2}';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>s3cse certificate</title><style>${style}</style></head><body><h1>s3cse certificate: ${escapeHtml(`${c.implementation.name} ${c.implementation.version}`)}</h1><p id="verdict"><b>${escapeHtml(c.verdict)}</b>: ${escapeHtml(c.summary)}</p><table id="facts">${facts(
    c,
  )
    .map(([k, v]) => tr([k, v]))
    .join('')}</table><h2>Claims</h2>${claims}</body></html>\n`;
}

/** Short names of what was certified: formats and keys (`certified: v2 v3 aes kms`). */
export function certificateBadge(c: Certificate): EndpointBadge {
  const failures = c.claims.reduce((n, r) => n + r.failed, 0);
  if (c.claims.length === 0) return badge('claims nothing', false);
  if (failures > 0) return badge(`${failures} failures`, false);
  if (c.verdict !== 'certified') return badge('not verified', 'warn');
  const short = [...new Set(c.claims.flatMap((r) => /^(?:write|read):(v\d)$|^key:(\w+)$/.exec(r.claim)?.slice(1).filter(Boolean) ?? []))].sort((a, b) =>
    (a[0] === 'v') === (b[0] === 'v') ? a.localeCompare(b) : a[0] === 'v' ? -1 : 1,
  );
  return badge(`certified: ${short.join(' ')}`, true);
}
