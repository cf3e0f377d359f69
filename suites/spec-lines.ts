/**
 * Requirement lines of the pinned specification (suites/requirements.json, duvet 0.4.3's
 * extraction of vectors/spec/s3-encryption): a line is duvet's id, its section
 * (`s3-encryption/<file>.md#<section>`) and its quoted text. `specLine` finds a line by a fragment
 * of its text and throws unless exactly one line of the section contains it, so a citation can
 * never name text the specification does not have.
 */
import { readFileSync } from 'node:fs';

export type Level = 'MUST' | 'SHOULD' | 'MAY';

export interface SpecLine {
  readonly section: string;
  readonly quote: string;
}

export interface PinnedLine extends SpecLine {
  readonly level: Level;
}

interface RequirementsFile {
  readonly source: { readonly commit: string };
  readonly sections: Record<string, { readonly title: string; readonly requirements: readonly { readonly level: Level; readonly quote: string }[] }>;
}

let cached: RequirementsFile | undefined;
function requirementsFile(): RequirementsFile {
  cached ??= JSON.parse(readFileSync(new URL('./requirements.json', import.meta.url), 'utf8')) as RequirementsFile;
  return cached;
}

/** The specification commit the lines are taken from. */
export const specCommit = (): string => requirementsFile().source.commit;

/** Every section id of the pinned specification, with or without requirement lines. */
export const specSections = (): string[] => Object.keys(requirementsFile().sections);

/** Every requirement line of the pinned specification, in document order. */
export function pinnedLines(): PinnedLine[] {
  return Object.entries(requirementsFile().sections).flatMap(([section, s]) => s.requirements.map((r) => ({ section, quote: r.quote, level: r.level })));
}

/** The one key of a line: its section and text (duvet's id). */
export const lineKey = (l: SpecLine): string => `${l.section}\n${l.quote}`;

/** `file.md#section` below s3-encryption/ and a fragment of the line's text. */
export function specLine(section: string, fragment: string): SpecLine {
  const id = section.startsWith('s3-encryption/') ? section : `s3-encryption/${section}`;
  const s = requirementsFile().sections[id];
  if (!s) throw new Error(`specLine: no section ${id} at the pinned commit`);
  const found = s.requirements.filter((r) => r.quote.includes(fragment));
  if (found.length !== 1) throw new Error(`specLine: ${found.length} lines of ${id} contain "${fragment}"`);
  return { section: id, quote: found[0]!.quote };
}

/** The sections of some lines, first appearance first: a case's `requirements`. */
export function sectionsOf(lines: readonly SpecLine[]): string[] {
  return [...new Set(lines.map((l) => l.section))];
}

/** The lines without repeats, first appearance first. */
export function uniqueLines(lines: readonly SpecLine[]): SpecLine[] {
  const seen = new Map<string, SpecLine>();
  for (const l of lines) if (!seen.has(lineKey(l))) seen.set(lineKey(l), { section: l.section, quote: l.quote });
  return [...seen.values()];
}

/** The cited lines that are not lines of the pinned specification. */
export function unknownLines(lines: readonly SpecLine[]): SpecLine[] {
  const known = new Set(pinnedLines().map(lineKey));
  return lines.filter((l) => !known.has(lineKey(l)));
}
