/**
 * Whether a KMS-wrapped object can be read at all: its envelope has to carry the encryption
 * context its data key is bound to in KMS, since every reader sends the stored one back to KMS
 * (s3-kms-keyring.md "DecryptDataKey"). A client that mangles a non-ASCII context on its way into
 * the metadata (the Java clients send it as ISO-8859-1, CJK characters as '?') writes an object no
 * reader can unwrap; the recorder reports it instead of recording a plaintext no one gets back.
 */
import type { KmsAnswer } from '../../vectors/corpus-types.js';

/** Where V2 (and V1 kms) keep the context, and where V3 keeps it. */
const CONTEXT_KEYS = ['x-amz-t', 'x-amz-matdesc'] as const;

/**
 * A metadata value as the client sent it: RFC 2047 `=?UTF-8?B?…?=` words are what S3 made of the
 * sent bytes (read as Latin-1, then UTF-8-encoded), so decoding a word and taking its characters
 * as bytes gives the bytes the client sent, which are UTF-8 when the client got it right.
 */
export function sentValue(value: string): string {
  const words = value.split(' ');
  if (!words.every((w) => /^=\?UTF-8\?B\?[A-Za-z0-9+/=]*\?=$/i.test(w))) return value;
  const latin1 = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('');
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

function storedContext(metadata: Readonly<Record<string, string>>, instructionFile: string | undefined): Record<string, unknown> | undefined {
  let fields: Record<string, unknown> = { ...metadata };
  if (instructionFile !== undefined) fields = { ...fields, ...(JSON.parse(instructionFile) as Record<string, unknown>) };
  for (const key of CONTEXT_KEYS) {
    const raw = fields[key];
    if (typeof raw === 'string') return JSON.parse(sentValue(raw)) as Record<string, unknown>;
  }
  return undefined;
}

/** Undefined when the stored context equals every answer's; else why the object is unreadable. */
export function contextMismatch(metadata: Readonly<Record<string, string>>, instructionFile: string | undefined, answers: readonly KmsAnswer[]): string | undefined {
  if (answers.length === 0) return undefined;
  let stored: Record<string, unknown> | undefined;
  try {
    stored = storedContext(metadata, instructionFile);
  } catch (e) {
    return `the stored encryption context is not JSON (${(e as Error).message})`;
  }
  for (const a of answers) {
    const bound = a.encryptionContext ?? {};
    const same = stored !== undefined && Object.keys(stored).length === Object.keys(bound).length && Object.entries(bound).every(([k, v]) => stored[k] === v);
    if (!same) return `the envelope stores the encryption context ${JSON.stringify(stored)} but KMS bound the data key to ${JSON.stringify(bound)}: no reader can unwrap it`;
  }
  return undefined;
}
