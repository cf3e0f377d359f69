/**
 * A recorded object as a decrypt case (vectors/schemas/decrypt-cases.schema.json): what it needs
 * the reader to claim is derived from the envelope the client really wrote (its key names and
 * wrap algorithm), not from what the recorder asked for, so a client that wrote something else
 * than asked gets a case that says so.
 */
import type { DecryptCaseData, Producer } from '../../vectors/corpus-types.js';
import { sha256Hex } from '../../vectors/corpus.js';
import { sectionsOf } from '../../suites/spec-lines.js';
import { envelopeKeysOf, positiveReadLines } from '../../suites/spec-positive.js';
import { NON_ASCII_ENTRIES, type RecordedObject } from './capture.js';
import { LARGE_SIZE, RECORD_SIZES, type RecordJob } from './plan.js';

/** Bodies up to this size stay inline; larger ones go to bodies/<sha256>.bin. */
export const INLINE_BODY_LIMIT = 4096;
const EDGE_SIZES = new Set(RECORD_SIZES);

const WRAP_FEATURES: Readonly<Record<string, string>> = {
  'AES/GCM': 'wrap:aes-gcm',
  'RSA-OAEP-SHA1': 'wrap:rsa-oaep-sha1',
  'kms+context': 'wrap:kms-context',
  AESWrap: 'legacy-wrap:aeswrap',
  'RSA/ECB/OAEPWithSHA-256AndMGF1Padding': 'legacy-wrap:rsa-oaep-sha256',
  kms: 'legacy-wrap:kms',
};
/** V3 stores the wrap compressed (`x-amz-w`); only the modern wraps exist there. */
const V3_WRAPS: Readonly<Record<RecordJob['key'], string>> = { aes: 'wrap:aes-gcm', rsa: 'wrap:rsa-oaep-sha1', kms: 'wrap:kms-context' };

/** The envelope's fields wherever the client put them: object metadata, else the instruction file. */
function envelopeOf(object: RecordedObject): Record<string, string> {
  let file: Record<string, unknown> = {};
  try {
    if (object.instructionFile !== undefined) file = JSON.parse(object.instructionFile) as Record<string, unknown>;
  } catch {
    // Not JSON: the case still records it; its features then come from the object metadata alone.
  }
  const strings = Object.fromEntries(Object.entries(file).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return { ...object.metadata, ...strings };
}

export function legacyFor(format: RecordJob['format']): { wraps: boolean; content: boolean } {
  return { wraps: format === 'v1-eo' || format === 'v1-ae', content: format === 'v1-eo' };
}

function wrapFeature(wrapAlg: string): string {
  const feature = WRAP_FEATURES[wrapAlg];
  // The job fails (reported, skipped) rather than writing a case the vocabulary cannot name.
  if (feature === undefined) throw new Error(`the client wrote x-amz-wrap-alg ${JSON.stringify(wrapAlg)}, which protocol/vocabulary.ts has no feature for`);
  return feature;
}

/**
 * The context the writer was given, which a reader states again: kms+context readers compare it
 * with the stored one (s3-kms-keyring.md "KmsContext"), so without it the object reads as tampered.
 */
function statedContext(job: RecordJob): Readonly<Record<string, string>> | undefined {
  return job.variant === 'non-ascii' && job.key === 'kms' ? NON_ASCII_ENTRIES : undefined;
}

function statedContextInput(job: RecordJob): { encryptionContext?: Readonly<Record<string, string>> } {
  const context = statedContext(job);
  return context ? { encryptionContext: context } : {};
}

export function featuresFor(job: RecordJob, object: RecordedObject): string[] {
  const env = envelopeOf(object);
  const v3 = env['x-amz-3'] !== undefined || job.format === 'v3';
  const f = new Set<string>([v3 ? 'read:v3' : env['x-amz-key-v2'] !== undefined ? 'read:v2' : 'read:v1', `key:${job.key}`]);
  const wrapAlg = env['x-amz-wrap-alg'];
  if (v3) f.add(V3_WRAPS[job.key]);
  else if (wrapAlg !== undefined) f.add(wrapFeature(wrapAlg));
  else f.add('legacy-wrap:encryption-only');
  if ((env['x-amz-cek-alg'] ?? '').includes('CBC') || (!v3 && env['x-amz-cek-alg'] === undefined)) f.add('legacy-content:cbc');
  f.add(job.storage === 'instruction' ? 'store:instruction-file' : 'store:metadata');
  if (Object.values(object.metadata).some((v) => v.includes('=?UTF-8?'))) f.add('metadata:rfc2047');
  if (statedContext(job)) f.add('kms:encryption-context-check');
  return [...f].sort();
}

/** The requirement lines a successful read of the recorded object checks (suites/spec-positive.ts), and their sections. */
export function citationsFor(features: readonly string[], nonAscii: boolean, envelopeKeys: readonly string[]): Pick<DecryptCaseData, 'requirements' | 'specLines'> {
  const lines = positiveReadLines({ features, nonAscii, envelopeKeys });
  return { requirements: sectionsOf(lines), specLines: lines };
}

const isNonAscii = (job: RecordJob, features: readonly string[], object: RecordedObject): boolean =>
  job.variant === 'non-ascii' || features.includes('metadata:rfc2047') || /[^\x00-\x7f]/.test(object.instructionFile ?? '');

export function flagsFor(job: RecordJob, features: readonly string[], realClient: boolean): string[] {
  const flags = new Set<string>();
  if (realClient) flags.add('RealClient');
  if (features.some((f) => f.startsWith('legacy-')) || features.includes('read:v1')) flags.add('Legacy');
  if (job.variant === 'size' && EDGE_SIZES.has(job.size)) flags.add('EdgeSize');
  if (job.variant === 'non-ascii') flags.add('NonAscii');
  if (job.size === LARGE_SIZE) flags.add('LargeObject');
  return [...flags].sort();
}

function describe(job: RecordJob, producer: Producer): string {
  const where = job.storage === 'instruction' ? 'an instruction file' : 'object metadata';
  const extra = job.variant === 'non-ascii' ? (job.key === 'kms' ? ', with a non-ASCII encryption context' : ', with a non-ASCII materials description') : '';
  return `${producer.library} ${producer.version} (${producer.implementation}) wrote this ${job.format} object of ${job.size} bytes under the ${job.key} test key, envelope in ${where}${extra}; it decrypts to the seeded plaintext.`;
}

export function caseFor(job: RecordJob, object: RecordedObject, keyName: string, producer: Producer, bodyFile: (bytes: Buffer) => string): DecryptCaseData {
  const features = featuresFor(job, object);
  const sha256 = sha256Hex(object.body);
  const body =
    object.body.length <= INLINE_BODY_LIMIT ? { base64: object.body.toString('base64'), sha256, length: object.body.length } : { file: bodyFile(object.body), sha256, length: object.body.length };
  const plain = { sha256: sha256Hex(object.plaintext), length: object.plaintext.length };
  return {
    id: job.id,
    description: describe(job, producer),
    ...citationsFor(features, isNonAscii(job, features, object), envelopeKeysOf(object.metadata, object.instructionFile)),
    features,
    flags: flagsFor(job, features, producer.implementation !== 'reference'),
    provenance: { producer },
    plaintext: { seed: job.id, ...plain },
    inputs: {
      object: { body, metadata: object.metadata, ...(object.instructionFile === undefined ? {} : { instructionFile: object.instructionFile }) },
      key: { name: keyName },
      legacy: legacyFor(job.format),
      ...statedContextInput(job),
      ...(object.kms.length > 0 ? { kms: object.kms } : {}),
    },
    expect: { plaintext: plain },
  };
}
