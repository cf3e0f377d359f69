/**
 * One negative case from one source, one tampering and one of its variants: the ops resolved for
 * the source, applied by the interpreter the runner uses (suites/tamperings.ts), and the object
 * stored as the case's input with the source's key and KMS answers.
 */
import { sha256Hex, type DecryptCaseData, type KmsAnswer } from '../../vectors/corpus.js';
import { applyTampering } from '../tamperings.js';
import type { Op, Tampering, Variant } from './catalogue-types.js';
import { resolveOp } from './resolve.js';
import { sectionsOf, uniqueLines } from '../spec-lines.js';
import type { Source } from './sources.js';

export const INLINE_LIMIT = 4096;
/** S3 refuses user metadata over 2 KB (keys and values in UTF-8 bytes), so no stored object has more. */
export const METADATA_LIMIT = 2048;

function metadataBytes(m: Readonly<Record<string, string>>): number {
  return Object.entries(m).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

export interface NegativeCase {
  readonly data: DecryptCaseData;
  /** Bytes to write under bodies/ beside the case file, when the body is too long to inline. */
  readonly bodyFile?: { readonly name: string; readonly bytes: Buffer };
}

function storedBody(bytes: Buffer): { body: DecryptCaseData['inputs']['object']['body']; bodyFile?: NegativeCase['bodyFile'] } {
  const sha256 = sha256Hex(bytes);
  if (bytes.length <= INLINE_LIMIT) return { body: { base64: bytes.toString('base64'), sha256, length: bytes.length } };
  const name = `bodies/${sha256}.bin`;
  return { body: { file: name, sha256, length: bytes.length }, bodyFile: { name, bytes } };
}

function kmsAnswers(s: Source, ops: readonly Op[], byId: ReadonlyMap<string, Source>): KmsAnswer[] | undefined {
  const answers = [...(s.case.inputs.kms ?? [])];
  for (const op of ops) {
    if (op.op !== 'replace-instruction-file') continue;
    for (const a of byId.get(op['fromCase'] as string)?.case.inputs.kms ?? []) if (!answers.some((b) => b.ciphertextBlob === a.ciphertextBlob)) answers.push(a);
  }
  return answers.length > 0 ? answers : undefined;
}

function features(s: Source, v: Variant): string[] {
  return [...new Set([...(v.replacesFeatures ?? s.case.features), ...(v.features ?? [])])];
}

/** The case's requirement lines (the tampering's and the variant's) and their sections. */
function citations(t: Tampering, v: Variant, s: Source): Pick<DecryptCaseData, 'requirements' | 'specLines'> {
  const lines = uniqueLines([...(typeof t.lines === 'function' ? t.lines(s) : t.lines), ...(v.lines ?? [])]);
  if (lines.length === 0) throw new Error(`${caseId(t, v, s)}: the case cites no requirement line`);
  return { requirements: sectionsOf(lines), specLines: lines };
}

export function caseId(t: Tampering, v: Variant, s: Source): string {
  return `negative/${t.area}/${t.name}${v.suffix ? `/${v.suffix}` : ''}/${s.case.id}`;
}

function describe(t: Tampering, v: Variant, s: Source): string {
  const what = `${t.description}${v.detail ? `: ${v.detail}` : ''}`;
  return `${what}. Source: ${s.producer} ${s.format} ${s.wrap}, ${s.storage} storage, ${s.size}-byte plaintext. Refused: ${v.expect.category} at ${v.expect.stage}.`;
}

export function negativeCase(t: Tampering, v: Variant, s: Source, byId: ReadonlyMap<string, Source>): NegativeCase {
  const ops = v.ops.map((op) => resolveOp(s, op));
  const source = s.case.inputs;
  const tampered = applyTampering({ body: s.body, metadata: source.object.metadata, ...(source.object.instructionFile === undefined ? {} : { instructionFile: source.object.instructionFile }) }, ops, {
    instructionFileOf: (id) => byId.get(id)?.case.inputs.object.instructionFile,
  });
  if (metadataBytes(tampered.object.metadata) > METADATA_LIMIT) throw new Error(`${caseId(t, v, s)}: the tampered metadata exceeds S3's 2 KB, so no such object can be stored`);
  const { body, bodyFile } = storedBody(Buffer.from(tampered.object.body));
  const context = tampered.request.encryptionContext ?? source.encryptionContext;
  const kms = kmsAnswers(s, ops, byId);
  const object: DecryptCaseData['inputs']['object'] = {
    body,
    metadata: tampered.object.metadata,
    ...(tampered.object.instructionFile === undefined ? {} : { instructionFile: tampered.object.instructionFile }),
    ...(source.object.instructionFileSuffix === undefined ? {} : { instructionFileSuffix: source.object.instructionFileSuffix }),
  };
  const data: DecryptCaseData = {
    id: caseId(t, v, s),
    description: describe(t, v, s),
    ...citations(t, v, s),
    features: features(s, v),
    flags: [...new Set([...t.flags, ...(v.flags ?? [])])],
    provenance: { derived: { from: s.case.id, tampering: ops } },
    inputs: {
      object,
      key: source.key,
      legacy: tampered.request.legacy ?? source.legacy,
      ...(source.commitmentPolicy === undefined ? {} : { commitmentPolicy: source.commitmentPolicy }),
      ...(context === undefined ? {} : { encryptionContext: context }),
      ...(kms === undefined ? {} : { kms }),
    },
    expect: { error: { category: v.expect.category, stage: v.expect.stage } },
  };
  return bodyFile ? { data, bodyFile } : { data };
}
