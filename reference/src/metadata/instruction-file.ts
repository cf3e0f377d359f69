/**
 * Instruction-file bodies and keys (SPEC metadata-strategy.md "Instruction File"; docs/format-notes.md §5).
 * The body is one JSON object and nothing else; V1/V2 files hold the whole envelope, V3 files the
 * wrap-related half. `x-amz-matdesc`/`x-amz-m`/`x-amz-t` inside are JSON strings holding JSON, and
 * are not RFC 2047 encoded (S3 only encodes header values).
 */
import { DEFAULT_INSTRUCTION_SUFFIX } from '../algorithms.js';
import { fail } from '../errors.js';

export function parseInstructionFile(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    return fail('MALFORMED_METADATA', 'instruction file is not valid JSON', cause);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail('MALFORMED_METADATA', 'instruction file must be a single JSON object');
  }
  const repeated = repeatedMemberName(text);
  if (repeated !== undefined) fail('MALFORMED_METADATA', `instruction file names ${repeated} more than once`);
  const fields = new Map<string, string>();
  for (const [rawKey, rawValue] of Object.entries(parsed)) {
    const key = rawKey.toLowerCase();
    const value = stringValue(key, rawValue);
    if (fields.has(key) && fields.get(key) !== value) {
      fail('MALFORMED_METADATA', `instruction file has key ${key} more than once with different values`);
    }
    fields.set(key, value);
  }
  return Object.fromEntries(fields);
}

/**
 * The first member name the top-level object repeats exactly. JSON.parse keeps the last value of
 * a repeated name, Jackson and Go keep the last too, other parsers the first: a file that means
 * two things to two readers is refused (RFC 8259 §4: names SHOULD be unique). `text` already
 * parsed, so only strings and nesting need tracking.
 */
function repeatedMemberName(text: string): string | undefined {
  const names = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === '"') {
      const end = stringEnd(text, i);
      if (depth === 1 && /^\s*:/.test(text.slice(end + 1, end + 64))) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
      }
      i = end;
    }
  }
  return undefined;
}

/** Index of the quote closing the JSON string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** Some writers emit x-amz-tag-len / lengths as JSON numbers; GO and NET accept both (docs/format-notes.md §5.2). */
function stringValue(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return fail('MALFORMED_METADATA', `instruction file value of ${key} must be a string or an integer`);
}

/** Compact JSON of string values, the only content of the file (metadata-strategy.md). */
export function serializeInstructionFile(fields: Record<string, string>): string {
  return JSON.stringify(fields);
}

/**
 * `<objectKey><suffix>`, suffix appended verbatim as J4 GetObject and Go do (docs/format-notes.md §5.1).
 * An empty suffix would name the data object itself, so it is refused.
 */
export function instructionFileKey(objectKey: string, suffix: string = DEFAULT_INSTRUCTION_SUFFIX): string {
  if (suffix === '') fail('INVALID_ARGUMENT', 'instruction file suffix must not be empty');
  return objectKey + suffix;
}
