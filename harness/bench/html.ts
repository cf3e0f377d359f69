/**
 * The performance report as one self-contained HTML page: an SVG bar chart of PUT and GET
 * throughput per implementation (headline configuration, one panel per large size, raw S3 as the
 * first bar), then the Markdown report's tables. The SVG is written here (no chart library: the
 * lockfile has none, a grouped bar chart is a few rectangles, and the page must open offline in
 * CI artifacts); escaping is reports/html.ts's.
 */
import { escapeHtml } from '../../reports/html.js';
import { memoryRows, sizeLabel, throughputRows } from './render.js';
import type { PerformanceReport } from './report.js';

const BAR = 14;
const LABEL_W = 150;
const PLOT_W = 420;

interface Bar {
  readonly label: string;
  readonly put: number;
  readonly get: number;
}

function barsFor(report: PerformanceReport, size: number): Bar[] {
  const bars: Bar[] = [];
  const raw = report.raw.find((f) => f.size === size);
  if (raw && 'put' in raw) bars.push({ label: 'raw S3', put: raw.put.mibPerSec, get: raw.get.mibPerSec });
  for (const i of report.implementations) {
    const f = i.configurations[0]?.sizes.find((s) => s.size === size);
    if (f && 'put' in f) bars.push({ label: i.id, put: f.put.mibPerSec, get: f.get.mibPerSec });
  }
  return bars;
}

export function throughputSvg(report: PerformanceReport, size: number): string {
  const bars = barsFor(report, size);
  const top = Math.max(1, ...bars.flatMap((b) => [b.put, b.get]));
  const rowH = BAR * 2 + 8;
  const height = 30 + bars.length * rowH;
  const w = (v: number): number => Math.max(1, (v / top) * PLOT_W);
  const rows = bars.map((b, i) => {
    const y = 24 + i * rowH;
    return [
      `<text x="${LABEL_W - 6}" y="${y + BAR + 4}" text-anchor="end">${escapeHtml(b.label)}</text>`,
      `<rect x="${LABEL_W}" y="${y}" width="${w(b.put).toFixed(1)}" height="${BAR}" fill="#4878d0"><title>PUT ${b.put} MiB/s</title></rect>`,
      `<text x="${LABEL_W + w(b.put) + 4}" y="${y + BAR - 3}">${b.put.toFixed(1)}</text>`,
      `<rect x="${LABEL_W}" y="${y + BAR}" width="${w(b.get).toFixed(1)}" height="${BAR}" fill="#ee854a"><title>GET ${b.get} MiB/s</title></rect>`,
      `<text x="${LABEL_W + w(b.get) + 4}" y="${y + 2 * BAR - 3}">${b.get.toFixed(1)}</text>`,
    ].join('');
  });
  const title = `<text x="0" y="14" font-weight="bold">${escapeHtml(sizeLabel(size))}: MiB/s (blue PUT, orange GET)</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_W + PLOT_W + 60}" height="${height}" font-family="sans-serif" font-size="11">${title}${rows.join('')}</svg>`;
}

function htmlTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

export function renderPerformanceHtml(report: PerformanceReport): string {
  const large = report.settings.sizes.filter((s) => s >= 1 << 20);
  const charts = large.map((s) => `<figure>${throughputSvg(report, s)}</figure>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>s3cse performance report</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}figure{margin:1em 0}</style></head>
<body><h1>Performance report (embedded target)</h1>
<p>${escapeHtml(`Run ${report.startedAt}, ${(report.durationMs / 1000).toFixed(0)} s; sizes ${report.settings.sizes.map(sizeLabel).join(', ')}.${report.note ? ` ${report.note}` : ''}`)}</p>
${charts}
<h2>Throughput (headline configuration)</h2>
${htmlTable(['implementation', 'configuration', 'size', 'PUT', 'GET', 'peak RSS growth'], throughputRows(report))}
<h2>Bounded memory</h2>
${htmlTable(['implementation', 'verdict', 'at size', 'peak RSS', 'streaming claim', 'detail'], memoryRows(report))}
</body></html>
`;
}
