/**
 * The one interpreter of declarative tamperings (vectors/schemas/case-common.schema.json,
 * definitions.tampering): a list of small operations applied in order to a stored object and the
 * reader's request. The generator records them in each negative case's provenance, and the runner
 * applies them to what an implementation wrote (round-trip `inputs.tampering`), so a case file
 * says exactly what was changed and any language can redo it.
 */
import { COMMITMENT_POLICIES, type CommitmentPolicy } from '../protocol/vocabulary.js';

export interface TamperObject {
  readonly body: Uint8Array;
  readonly metadata: Readonly<Record<string, string>>;
  readonly instructionFile?: string;
}

export interface TamperRequest {
  readonly encryptionContext?: Readonly<Record<string, string>>;
  readonly legacy?: { readonly wraps: boolean; readonly content: boolean };
  readonly commitmentPolicy?: CommitmentPolicy;
}

export interface TamperResult {
  readonly object: TamperObject;
  readonly request: TamperRequest;
}

export interface TamperOptions {
  /** The instruction file of another case, for replace-instruction-file. */
  readonly instructionFileOf?: (caseId: string) => string | undefined;
}

export type TamperingErrorCode = 'not-an-op' | 'unknown-op' | 'missing-field' | 'bad-field' | 'not-applicable';

/** A tampering that cannot be applied; `code` says whether the op or the object is at fault. */
export class TamperingError extends Error {
  readonly code: TamperingErrorCode;
  constructor(code: TamperingErrorCode, message: string) {
    super(message);
    this.name = 'TamperingError';
    this.code = code;
  }
}

type Op = Readonly<Record<string, unknown>> & { readonly op: string };
interface State {
  body: Uint8Array;
  metadata: Record<string, string>;
  instructionFile: string | undefined;
  request: { encryptionContext?: Readonly<Record<string, string>>; legacy?: { wraps: boolean; content: boolean }; commitmentPolicy?: CommitmentPolicy };
}
type Handler = (s: State, op: Op, options: TamperOptions) => void;

function field<T>(op: Op, name: string, type: 'string' | 'number' | 'boolean' | 'object', optional = false): T {
  const value = op[name];
  if (value === undefined) {
    if (optional) return undefined as T;
    throw new TamperingError('missing-field', `${op.op}: "${name}" is required`);
  }
  const ok = type === 'number' ? Number.isInteger(value) : type === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value) : typeof value === type;
  if (!ok) throw new TamperingError('bad-field', `${op.op}: "${name}" is not ${type === 'number' ? 'an integer' : `a ${type}`}`);
  return value as T;
}

function flipIn(bytes: Uint8Array, index: number, bit: number, where: string): Uint8Array {
  const i = index < 0 ? bytes.length + index : index;
  if (i < 0 || i >= bytes.length) throw new TamperingError('not-applicable', `flip-bit: index ${index} is outside ${where} (${bytes.length} bytes)`);
  const copy = Uint8Array.from(bytes);
  copy[i] = copy[i]! ^ (1 << bit);
  return copy;
}

function instruction(s: State, op: Op): Record<string, unknown> {
  if (s.instructionFile === undefined) throw new TamperingError('not-applicable', `${op.op}: the object has no instruction file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(s.instructionFile);
  } catch {
    throw new TamperingError('not-applicable', `${op.op}: the instruction file is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TamperingError('not-applicable', `${op.op}: the instruction file is not a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Reads and writes one string value, in the metadata or in the instruction file. */
function withValue(s: State, op: Op, change: (value: string) => string): void {
  const key = field<string>(op, 'key', 'string');
  const target = field<string | undefined>(op, 'target', 'string', true) ?? 'metadata';
  if (target === 'metadata') {
    const value = s.metadata[key];
    if (value === undefined) throw new TamperingError('not-applicable', `${op.op}: the metadata has no ${key}`);
    s.metadata[key] = change(value);
    return;
  }
  if (target !== 'instruction-file') throw new TamperingError('bad-field', `${op.op}: target "${target}" is neither metadata nor instruction-file`);
  const file = instruction(s, op);
  const value = file[key];
  if (typeof value !== 'string') throw new TamperingError('not-applicable', `${op.op}: the instruction file has no string ${key}`);
  file[key] = change(value);
  s.instructionFile = JSON.stringify(file);
}

function jsonObject(text: string, op: Op): Record<string, unknown> {
  try {
    const parsed = JSON.parse(text === '' ? '{}' : text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the refusal below: the value is not the JSON object the op edits.
  }
  throw new TamperingError('not-applicable', `${op.op}: the value of ${String(op['key'])} is not a JSON object`);
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const unb64 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'base64'));

function flipBit(s: State, op: Op): void {
  const index = field<number>(op, 'index', 'number');
  const bit = field<number | undefined>(op, 'bit', 'number', true) ?? 0;
  if (bit < 0 || bit > 7) throw new TamperingError('bad-field', 'flip-bit: "bit" is outside 0..7');
  const target = field<string>(op, 'target', 'string');
  if (target === 'body') s.body = flipIn(s.body, index, bit, 'the body');
  else if (target === 'metadata' || target === 'instruction-file') withValue(s, op, (v) => b64(flipIn(unb64(v), index, bit, String(op['key']))));
  else throw new TamperingError('bad-field', `flip-bit: target "${target}" is not body, metadata or instruction-file`);
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  'flip-bit': flipBit,
  'truncate-body': (s, op) => {
    const bytes = field<number>(op, 'bytes', 'number');
    if (bytes < 1 || bytes > s.body.length) throw new TamperingError('not-applicable', `truncate-body: cannot remove ${bytes} of ${s.body.length} bytes`);
    s.body = s.body.subarray(0, s.body.length - bytes);
  },
  'set-metadata': (s, op) => {
    s.metadata[field<string>(op, 'key', 'string')] = field<string>(op, 'value', 'string');
  },
  'delete-metadata': (s, op) => {
    delete s.metadata[field<string>(op, 'key', 'string')];
  },
  'rename-metadata': (s, op) => {
    const from = field<string>(op, 'from', 'string');
    const to = field<string>(op, 'to', 'string');
    const value = s.metadata[from];
    if (value === undefined) throw new TamperingError('not-applicable', `rename-metadata: the metadata has no ${from}`);
    delete s.metadata[from];
    s.metadata[to] = value;
  },
  'append-base64': (s, op) => {
    const extra = unb64(field<string>(op, 'base64', 'string'));
    withValue(s, op, (v) => b64(Buffer.concat([unb64(v), extra])));
  },
  'set-json-field': (s, op) => {
    const name = field<string>(op, 'field', 'string');
    const value = field<string>(op, 'value', 'string');
    withValue(s, op, (v) => JSON.stringify({ ...jsonObject(v, op), [name]: value }));
  },
  'delete-json-field': (s, op) => {
    const name = field<string>(op, 'field', 'string');
    withValue(s, op, (v) => {
      const map = jsonObject(v, op);
      if (!(name in map)) throw new TamperingError('not-applicable', `delete-json-field: ${String(op['key'])} has no member ${name}`);
      delete map[name];
      return JSON.stringify(map);
    });
  },
  'move-to-instruction-file': (s, op) => {
    const keys = op['keys'];
    if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string'))
      throw new TamperingError(keys === undefined ? 'missing-field' : 'bad-field', 'move-to-instruction-file: "keys" is a list of names');
    const file = s.instructionFile === undefined ? {} : instruction(s, op);
    for (const key of keys as string[]) {
      const value = s.metadata[key];
      if (value === undefined) throw new TamperingError('not-applicable', `move-to-instruction-file: the metadata has no ${key}`);
      file[key] = value;
      delete s.metadata[key];
    }
    s.instructionFile = JSON.stringify(file);
  },
  'set-instruction-field': (s, op) => {
    const value = op['value'];
    if (typeof value !== 'string' && typeof value !== 'number') throw new TamperingError(value === undefined ? 'missing-field' : 'bad-field', 'set-instruction-field: "value" is a string or a number');
    s.instructionFile = JSON.stringify({ ...instruction(s, op), [field<string>(op, 'field', 'string')]: value });
  },
  'delete-instruction-field': (s, op) => {
    const file = instruction(s, op);
    const name = field<string>(op, 'field', 'string');
    if (!(name in file)) throw new TamperingError('not-applicable', `delete-instruction-field: the instruction file has no ${name}`);
    delete file[name];
    s.instructionFile = JSON.stringify(file);
  },
  'duplicate-instruction-field': (s, op) => {
    const name = field<string>(op, 'field', 'string');
    const value = field<string>(op, 'value', 'string');
    const text = s.instructionFile ?? '';
    const open = text.indexOf('{');
    if (open < 0 || !(name in instruction(s, op))) throw new TamperingError('not-applicable', `duplicate-instruction-field: the instruction file has no ${name}`);
    s.instructionFile = `${text.slice(0, open + 1)}${JSON.stringify(name)}:${JSON.stringify(value)},${text.slice(open + 1)}`;
  },
  'set-instruction-file': (s, op) => {
    s.instructionFile = field<string>(op, 'text', 'string');
  },
  'delete-instruction-file': (s, op) => {
    if (s.instructionFile === undefined) throw new TamperingError('not-applicable', `${op.op}: the object has no instruction file`);
    s.instructionFile = undefined;
  },
  'replace-instruction-file': (s, op, options) => {
    const from = field<string>(op, 'fromCase', 'string');
    if (!options.instructionFileOf) throw new TamperingError('not-applicable', 'replace-instruction-file: no other case is available here');
    const other = options.instructionFileOf(from);
    if (other === undefined) throw new TamperingError('not-applicable', `replace-instruction-file: case ${from} has no instruction file`);
    s.instructionFile = other;
  },
  'set-request-encryption-context': (s, op) => {
    const context = field<Record<string, unknown>>(op, 'context', 'object');
    if (!Object.values(context).every((v) => typeof v === 'string')) throw new TamperingError('bad-field', 'set-request-encryption-context: "context" maps names to strings');
    s.request.encryptionContext = context as Record<string, string>;
  },
  'set-request-legacy': (s, op) => {
    s.request.legacy = { wraps: field<boolean>(op, 'wraps', 'boolean'), content: field<boolean>(op, 'content', 'boolean') };
  },
  'set-request-commitment-policy': (s, op) => {
    const policy = field<string>(op, 'policy', 'string');
    if (!(COMMITMENT_POLICIES as readonly string[]).includes(policy)) throw new TamperingError('bad-field', `set-request-commitment-policy: "policy" is one of ${COMMITMENT_POLICIES.join(', ')}`);
    s.request.commitmentPolicy = policy as CommitmentPolicy;
  },
};

/** The op names the interpreter knows, in the order the schema lists them. */
export const TAMPERING_OPS: readonly string[] = Object.keys(HANDLERS);

/** Checks that a value is an op the interpreter knows (its fields are checked when it is applied). */
export function asTampering(value: unknown): Op {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { op?: unknown }).op !== 'string')
    throw new TamperingError('not-an-op', 'a tampering is an object with a string "op"');
  const op = value as Op;
  if (!Object.hasOwn(HANDLERS, op.op)) throw new TamperingError('unknown-op', `unknown tampering op "${op.op}"`);
  return op;
}

/** Applies the ops in order; the input is never modified. */
export function applyTampering(object: TamperObject, ops: readonly unknown[], options: TamperOptions = {}): TamperResult {
  const s: State = { body: object.body, metadata: { ...object.metadata }, instructionFile: object.instructionFile, request: {} };
  for (const value of ops) {
    const op = asTampering(value);
    HANDLERS[op.op]!(s, op, options);
  }
  const result: TamperObject = s.instructionFile === undefined ? { body: s.body, metadata: s.metadata } : { body: s.body, metadata: s.metadata, instructionFile: s.instructionFile };
  return { object: result, request: s.request };
}
