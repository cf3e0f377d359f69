import type { StoredObject } from './adapter.js';

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const V3_WRAP_CODE: Record<string, string> = { 'AES/GCM': '02', 'kms+context': '12', 'RSA-OAEP-SHA1': '22' };

export interface Written {
  readonly format: 'v2' | 'v3';
  readonly storage: 'metadata' | 'instruction';
  readonly wrap: string;
  readonly plaintextBytes: number;
  /** V2: x-amz-unencrypted-content-length must be present and give the plaintext length (a SHOULD of the format). */
  readonly unencryptedLength?: boolean;
  /** Entries the stored materials description (or KMS context) must hold: the caller's. */
  readonly description?: Readonly<Record<string, string>>;
}

/**
 * Checks a freshly written object against the format, independently of any implementation
 * (s3-encryption/data-format/content-metadata.md and metadata-strategy.md). Returns the violations.
 */
export function envelopeViolations(object: StoredObject, w: Written): string[] {
  const problems: string[] = [];
  const meta = object.metadata;
  for (const k of Object.keys(meta)) if (k !== k.toLowerCase()) problems.push(`metadata key ${k} is not lower-case`);
  for (const k of Object.keys(meta)) if (!/^[\x20-\x7e]*$/.test(k)) problems.push(`metadata key ${JSON.stringify(k)} is not US-ASCII`);
  if (object.body.length !== w.plaintextBytes + 16) problems.push(`body is ${object.body.length} bytes, expected plaintext + 16 = ${w.plaintextBytes + 16}`);

  let envelope: Readonly<Record<string, unknown>> = meta;
  if (w.storage === 'instruction') {
    if (object.instructionFile === undefined) return [...problems, 'no instruction file was written'];
    try {
      envelope = JSON.parse(object.instructionFile) as Record<string, unknown>;
    } catch {
      return [...problems, 'the instruction file is not JSON'];
    }
    const onObject = w.format === 'v3' ? ['x-amz-3', 'x-amz-w'] : ['x-amz-key-v2', 'x-amz-iv', 'x-amz-wrap-alg'];
    for (const k of onObject) if (k in meta) problems.push(`${k} is in object metadata although the envelope is in the instruction file`);
    if (w.format === 'v3') {
      for (const k of ['x-amz-c', 'x-amz-d', 'x-amz-i']) {
        if (k in envelope) problems.push(`${k} must stay on the object, not in a V3 instruction file`);
        else if (!(k in meta)) problems.push(`${k} is missing from the object metadata`);
      }
      envelope = { ...envelope, 'x-amz-c': meta['x-amz-c'], 'x-amz-d': meta['x-amz-d'], 'x-amz-i': meta['x-amz-i'] };
    }
  }
  const field = (k: string): string | undefined => {
    const v = envelope[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') problems.push(`${k} is not a string`);
    return String(v);
  };
  const bytes = (k: string, expected: number | undefined): void => {
    const v = field(k);
    if (v === undefined) return void problems.push(`${k} is missing`);
    if (!STD_BASE64.test(v)) return void problems.push(`${k} is not standard base64`);
    const n = Buffer.from(v, 'base64').length;
    if (expected !== undefined && n !== expected) problems.push(`${k} decodes to ${n} bytes, expected ${expected}`);
  };
  const equalsLength = (k: string): void => {
    const v = field(k);
    if (v !== String(w.plaintextBytes)) problems.push(`${k} is ${v === undefined ? 'missing' : JSON.stringify(v)}, expected ${w.plaintextBytes}`);
  };
  const equals = (k: string, expected: string): void => {
    const v = field(k);
    if (v !== expected) problems.push(`${k} is ${v === undefined ? 'missing' : JSON.stringify(v)}, expected ${JSON.stringify(expected)}`);
  };
  const jsonMap = (k: string, required: boolean): Record<string, unknown> | undefined => {
    const v = field(k);
    if (v === undefined) return required ? void problems.push(`${k} is missing`) : undefined;
    try {
      const parsed = JSON.parse(v) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      /* reported below */
    }
    problems.push(`${k} is not a JSON object`);
    return undefined;
  };

  const holds = (k: string, map: Record<string, unknown> | undefined, wanted: Readonly<Record<string, string>> | undefined): void => {
    for (const [name, value] of Object.entries(wanted ?? {})) if (map && map[name] !== value) problems.push(`${k} does not hold ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  };

  const wrappedKeyBytes = w.wrap === 'AES/GCM' ? 60 : undefined;
  if (w.format === 'v2') {
    for (const k of ['x-amz-3', 'x-amz-c', 'x-amz-key']) if (k in envelope || k in meta) problems.push(`${k} must not appear in a V2 object`);
    bytes('x-amz-key-v2', wrappedKeyBytes);
    bytes('x-amz-iv', 12);
    if (/^A+=*$/.test(field('x-amz-iv') ?? '')) problems.push('x-amz-iv is all zero bytes');
    if (w.unencryptedLength) equalsLength('x-amz-unencrypted-content-length');
    equals('x-amz-cek-alg', 'AES/GCM/NoPadding');
    equals('x-amz-wrap-alg', w.wrap);
    equals('x-amz-tag-len', '128');
    const matdesc = jsonMap('x-amz-matdesc', w.description !== undefined);
    holds('x-amz-matdesc', matdesc, w.description);
    if (w.wrap === 'kms+context' && matdesc?.['aws:x-amz-cek-alg'] !== 'AES/GCM/NoPadding') {
      problems.push('the KMS encryption context does not carry aws:x-amz-cek-alg = AES/GCM/NoPadding');
    }
  } else {
    for (const k of ['x-amz-key-v2', 'x-amz-key', 'x-amz-iv', 'x-amz-cek-alg', 'x-amz-wrap-alg']) {
      if (k in envelope || k in meta) problems.push(`${k} must not appear in a V3 object`);
    }
    equals('x-amz-c', '115');
    bytes('x-amz-3', wrappedKeyBytes);
    bytes('x-amz-i', 28);
    if (/^A+=*$/.test(field('x-amz-i') ?? '')) problems.push('x-amz-i is all zero bytes');
    bytes('x-amz-d', 28);
    equals('x-amz-w', V3_WRAP_CODE[w.wrap] ?? '?');
    if (w.wrap === 'kms+context') {
      const context = jsonMap('x-amz-t', true);
      if (context && context['aws:x-amz-cek-alg'] !== '115') problems.push('x-amz-t does not carry aws:x-amz-cek-alg = 115');
      holds('x-amz-t', context, w.description);
    } else {
      if ('x-amz-t' in envelope) problems.push('x-amz-t is only for kms+context');
      holds('x-amz-m', jsonMap('x-amz-m', w.description !== undefined), w.description);
    }
  }
  return problems;
}
