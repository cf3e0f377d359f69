/** Option helpers shared by the commands: lists, numbers, JSON maps, required flags, one value per flag. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { COMMITMENT_POLICIES, type Description } from '@s3cse/reference';
import { fail } from './fail.js';

export function commitmentPolicyOption(what: string): Option {
  return new Option('--commitment-policy <POLICY>', what).choices(COMMITMENT_POLICIES).default('REQUIRE_ENCRYPT_REQUIRE_DECRYPT');
}

/** The value only when the user typed it: the library tells a default from a choice in its messages. */
export function typed<T>(command: Command, name: string, value: T): T | undefined {
  return command.getOptionValueSource(name) === 'cli' ? value : undefined;
}

/**
 * Checked in the action rather than with commander's requiredOption, which would report a missing
 * flag before an unknown one: `--bdy x` must say "unknown option --bdy (did you mean --body?)".
 */
export function required(value: string | undefined, flag: string): string {
  return value ?? fail('INVALID_ARGUMENT', `${flag} is required (see --help)`);
}

export function commaList(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('expected one or more names separated by commas');
  return items;
}

export function nonNegativeIntegers(value: string): number[] {
  const numbers = value.split(',').map((s) => Number(s.trim()));
  if (numbers.some((n) => !Number.isSafeInteger(n) || n < 0)) throw new InvalidArgumentError('expected non-negative integers separated by commas');
  return numbers;
}

export function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

export function jsonMap(text: string, flag: string): Description {
  return stringMap(parseJson(text, flag), flag);
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail('INVALID_ARGUMENT', `${what} is not valid JSON`);
  }
}

export function stringMap(value: unknown, what: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('INVALID_ARGUMENT', `${what} must be a JSON object of strings`);
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail('INVALID_ARGUMENT', `${what}: value of "${k}" must be a string`);
  }
  return value as Record<string, string>;
}

/**
 * A flag given twice is an error (commander keeps the last one silently), except the flags meant
 * to repeat, whose default is a list (`serve --bucket A --bucket B`).
 */
export function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (option.isBoolean() || option.variadic || Array.isArray(option.defaultValue)) continue;
    const parse = option.parseArg;
    const name = option.attributeName();
    option.argParser((value: string, previous: unknown) => {
      if (command.getOptionValueSource(name) === 'cli') throw new InvalidArgumentError(`${option.long ?? option.flags} was given more than once`);
      return parse ? parse(value, previous) : value;
    });
  }
  for (const sub of command.commands) refuseRepeatedOptions(sub);
}
