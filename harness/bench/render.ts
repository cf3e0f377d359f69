/**
 * The performance report as Markdown tables: raw S3, throughput per implementation and size
 * (headline configuration, with ratios), small-object latency for every configuration, and the
 * bounded-memory verdicts. html.ts puts the same tables beside an SVG chart.
 */
import type { OpFigures, SizeFigures } from './measure.js';
import type { PerformanceReport } from './report.js';

export const sizeLabel = (n: number): string => (n >= 1024 ** 3 ? `${n / 1024 ** 3} GiB` : n >= 1 << 20 ? `${n / (1 << 20)} MiB` : n >= 1024 ? `${n / 1024} KiB` : `${n} B`);
const mib = (n: number): string => (n / (1 << 20)).toFixed(0);
const x = (r: number | null): string => (r === null ? '–' : `${r.toFixed(2)}×`);

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function opCell(f: OpFigures, small: boolean): string {
  return small ? `${f.opsPerSec.toFixed(0)} ops/s (p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms)` : `${f.mibPerSec.toFixed(1)} MiB/s`;
}

function rawTable(report: PerformanceReport): string {
  return table(
    ['size', 'raw PUT', 'raw GET'],
    report.raw.map((f) => ['put' in f ? [sizeLabel(f.size), opCell(f.put, f.size < 1 << 20), opCell(f.get, f.size < 1 << 20)] : [sizeLabel(f.size), f.error.code, f.error.message]].flat()),
  );
}

function growth(f: SizeFigures): string {
  const rss = 'put' in f ? [f.put.rss, f.get.rss].filter((r) => r !== undefined) : f.rss ? [f.rss] : [];
  return rss.length === 0 ? '' : `${mib(Math.max(...rss.map((r) => r.growthBytes)))} MiB`;
}

export function throughputRows(report: PerformanceReport): string[][] {
  const rows: string[][] = [];
  for (const impl of report.implementations) {
    const c = impl.configurations[0];
    if (!c) {
      rows.push([impl.id, '–', '–', impl.error?.code ?? 'no configuration', '', '']);
      continue;
    }
    for (const f of c.sizes) {
      const r = (op: 'put' | 'get') => impl.ratios.find((q) => q.format === c.format && q.key === c.key && q.size === f.size && q.op === op);
      const cell = (op: 'put' | 'get') => ('put' in f ? `${opCell(f[op], f.size < 1 << 20)} (${x(r(op)?.toRaw ?? null)} raw, ${x(r(op)?.toReference ?? null)} ref)` : '');
      rows.push([impl.id, `${c.format}/${c.key}`, sizeLabel(f.size), 'put' in f ? cell('put') : `${f.error.code}: ${f.error.message}`, cell('get'), growth(f)]);
    }
  }
  return rows;
}

function smallRows(report: PerformanceReport): string[][] {
  const rows: string[][] = [];
  for (const impl of report.implementations)
    for (const c of impl.configurations)
      for (const f of c.sizes.filter((s) => s.size < 1 << 20))
        rows.push([impl.id, `${c.format}/${c.key}`, sizeLabel(f.size), 'put' in f ? opCell(f.put, true) : `${f.error.code}: ${f.error.message}`, 'put' in f ? opCell(f.get, true) : '']);
  return rows;
}

export function memoryRows(report: PerformanceReport): string[][] {
  return report.implementations.map((i) => [
    i.id,
    i.memory.verdict,
    i.memory.size ? sizeLabel(i.memory.size) : '–',
    i.memory.peakBytes === undefined ? '–' : `${mib(i.memory.peakBytes)} MiB`,
    i.memory.streamingClaim ? 'yes' : 'no',
    i.memory.detail,
  ]);
}

export function renderPerformanceMarkdown(report: PerformanceReport): string {
  const s = report.settings;
  return [
    '# Performance report (embedded target)',
    '',
    `Run ${report.startedAt}, ${(report.durationMs / 1000).toFixed(0)} s. Sizes: ${s.sizes.map(sizeLabel).join(', ')}; ${s.smallObjects} objects per small size, 1 per large size; per-call cap ${s.capMs / 1000} s. Bounded-memory ceiling: ${mib(s.rssCeilingBytes)} MiB of RSS growth of the adapter's process tree.${report.note ? ` ${report.note}` : ''}`,
    '',
    '## Raw S3 (@aws-sdk/client-s3, same target, same run)',
    '',
    rawTable(report),
    '',
    '## Throughput per implementation (headline configuration; ratios to raw S3 and to the reference)',
    '',
    table(['implementation', 'configuration', 'size', 'PUT', 'GET', 'peak RSS growth'], throughputRows(report)),
    '',
    '## Small objects, every configuration claimed',
    '',
    table(['implementation', 'configuration', 'size', 'PUT', 'GET'], smallRows(report)),
    '',
    '## Bounded memory',
    '',
    "Growth is the peak RSS of the adapter's process tree during one PUT or GET minus its RSS when that call began; the peak column is absolute.",
    '',
    table(['implementation', 'verdict', 'at size', 'peak RSS', 'streaming claim', 'detail'], memoryRows(report)),
    '',
    report.gating.length > 0 ? `## Gating\n\n${report.gating.map((g) => `- ${g}`).join('\n')}\n` : 'Nothing gates: no streaming claim broke its ceiling and no adapter crashed.\n',
  ].join('\n');
}
