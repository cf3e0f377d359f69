/**
 * Instruction-file bodies and keys (SPEC metadata-strategy.md "Instruction File"; format.md §5).
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

/** Some writers emit x-amz-tag-len / lengths as JSON numbers; GO and NET accept both (format.md §5.2). */
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
 * `<objectKey><suffix>`, suffix appended verbatim as J4 GetObject and Go do (format.md §5.1).
 * An empty suffix would name the data object itself, so it is refused.
 */
export function instructionFileKey(objectKey: string, suffix: string = DEFAULT_INSTRUCTION_SUFFIX): string {
  if (suffix === '') fail('INVALID_ARGUMENT', 'instruction file suffix must not be empty');
  return objectKey + suffix;
}
