/**
 * The cross-decryption matrix as people read it: writer rows × reader columns, each cell
 * `passed/run` over every configuration and size both claim, plus a per-configuration view.
 * Pure: takes results, returns text.
 */
import type { CaseResult } from '../suites/run.js';

export interface MatrixCell {
  readonly writer: string;
  readonly reader: string;
  readonly pass: number;
  readonly fail: number;
  readonly errored: number;
  readonly notApplicable: number;
}

export function matrixCells(results: readonly CaseResult[], order: readonly string[]): MatrixCell[] {
  const cells: MatrixCell[] = [];
  for (const writer of order) {
    for (const reader of order) {
      const mine = results.filter((r) => r.pair?.writer === writer && r.pair.reader === reader);
      cells.push({
        writer,
        reader,
        pass: mine.filter((r) => r.status === 'pass').length,
        fail: mine.filter((r) => r.status === 'fail').length,
        errored: mine.filter((r) => r.status === 'errored').length,
        notApplicable: mine.filter((r) => r.status === 'not-applicable').length,
      });
    }
  }
  return cells;
}

function cellText(c: MatrixCell): string {
  const run = c.pass + c.fail + c.errored;
  if (run === 0) return 'n/a';
  const bad = [c.fail ? `${c.fail} fail` : '', c.errored ? `${c.errored} err` : ''].filter(Boolean).join(', ');
  return `${c.pass}/${run}${bad ? ` (${bad})` : ''}`;
}

/** Writer rows, reader columns; "n/a" where the pair shares no claimed configuration. */
export function renderMatrix(results: readonly CaseResult[], order: readonly string[]): string {
  const cells = matrixCells(results, order);
  const header = ['writer \\ reader', ...order];
  const rows = order.map((w) => [w, ...order.map((r) => cellText(cells.find((c) => c.writer === w && c.reader === r)!))]);
  return table(header, rows);
}

/**
 * One row per writer and configuration, one column per reader: `ok` when every size passed
 * (and, for legacy formats, the switch-off read was refused), the failing sizes otherwise.
 */
export function renderConfigurationMatrix(results: readonly CaseResult[], order: readonly string[]): string {
  const rows: string[][] = [];
  for (const writer of order) {
    const configs = [...new Set(results.filter((r) => r.pair?.writer === writer && r.status !== 'not-applicable').map((r) => `${r.pair!.format}/${r.pair!.key}/${r.pair!.storage}`))];
    for (const config of configs) {
      rows.push([
        writer,
        config,
        ...order.map((reader) => {
          const mine = results.filter((r) => r.pair?.writer === writer && r.pair.reader === reader && `${r.pair.format}/${r.pair.key}/${r.pair.storage}` === config);
          if (mine.length === 0 || mine.every((r) => r.status === 'not-applicable')) return 'n/a';
          const bad = mine.filter((r) => r.status === 'fail' || r.status === 'errored');
          if (bad.length === 0) return 'ok';
          return bad.map((r) => `${r.status === 'fail' ? 'FAIL' : 'ERR'}@${r.pair!.size}${r.pair!.legacy ? '' : '/off'}`).join(' ');
        }),
      ]);
    }
  }
  return table(['writer', 'format/key/storage', ...order], rows);
}

function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
