/**
 * vectors/public/public-kats.json (the known answers read from public AWS SDK tests, with their
 * provenance) as a decrypt case file of the corpus: the same objects, keys and recorded KMS
 * answers, with the expected category and phase each source case states.
 */
import { join } from 'node:path';
import { decodeText, loadPublicKats, type PublicKat } from '../../vectors/load.js';
import { CORPUS_ROOT, sha256Hex, type DecryptCaseData, type KeyInput, type KmsAnswer } from '../../vectors/corpus.js';
import { jsonFile, type GeneratedFile } from './output.js';
import { SPEC_COMMIT } from './spec.js';
import { katFeatures, katLines } from './known-answer-traits.js';
import { sectionsOf, uniqueLines } from '../spec-lines.js';

const LEGACY_WRAPS = new Set(['kms', 'AES', 'AESWrap', 'RSA', 'RSA/ECB/OAEPWithSHA-256AndMGF1Padding']);
const CEK_GCM = 'AES/GCM/NoPadding';
const INLINE_LIMIT = 4096;

export function knownAnswerFile(): GeneratedFile {
  const cases = loadPublicKats()
    .filter((k) => k.kind === 'object')
    .map(toCase);
  return jsonFile(join(CORPUS_ROOT, 'known-answers', 'public-kats.json'), {
    type: 's3ec-decrypt-cases',
    version: 1,
    specCommit: SPEC_COMMIT,
    generator: 'npm run generate (suites/generate/known-answers.ts, from vectors/public/public-kats.json)',
    notes: {
      PublicSdkTest: {
        bugType: 'INTEROPERABILITY',
        description: 'The object comes from a public test of an AWS SDK or S3 Encryption Client; its source is in the case provenance.',
        effect: 'An implementation that disagrees with it cannot read what that SDK writes, or accepts what that SDK refuses.',
        links: ['https://github.com/awslabs/aws-encryption-sdk-specification/tree/master/s3-encryption'],
      },
    },
    cases: cases.sort((a, b) => (a.id < b.id ? -1 : 1)),
  });
}

function katCitations(k: PublicKat, isCbc: boolean, legacy: boolean): Pick<DecryptCaseData, 'requirements' | 'specLines'> {
  const lines = uniqueLines(katLines(k, isCbc, katFeatures(k, isCbc, keyOf(k)), legacy));
  return { requirements: sectionsOf(lines), specLines: lines };
}

function toCase(k: PublicKat): DecryptCaseData {
  const isCbc = k.cekAlg.startsWith('AES/CBC');
  const policyNegative = k.expectError?.stage.startsWith('policy') ?? false;
  // Policy negatives come from clients configured without the legacy algorithm: read them with legacy off.
  const legacy = !policyNegative && (isCbc || LEGACY_WRAPS.has(k.wrap));
  const provided = k.decryptContext?.providedEncryptionContext as Record<string, string> | undefined;
  const kms = kmsAnswers(k);
  return {
    id: `kat/${k.id}`,
    description: k.description,
    ...katCitations(k, isCbc, legacy),
    features: katFeatures(k, isCbc, keyOf(k)),
    flags: ['PublicSdkTest'],
    provenance: { source: { repo: k.source.repo, commit: k.source.commit, path: k.source.path, test: k.source.test } },
    inputs: {
      object: storedObject(k),
      key: keyOf(k),
      legacy: { wraps: legacy, content: legacy },
      ...(provided === undefined ? {} : { encryptionContext: provided }),
      ...(kms === undefined ? {} : { kms }),
    },
    expect: k.expectedPlaintext
      ? { plaintext: { sha256: sha256Hex(decodeText(k.expectedPlaintext)), length: decodeText(k.expectedPlaintext).length } }
      : { error: { category: k.expectError!.category, stage: k.expectError!.phase } },
  };
}

function storedObject(k: PublicKat): DecryptCaseData['inputs']['object'] {
  const bytes = k.ciphertextHex !== undefined ? Buffer.from(k.ciphertextHex, 'hex') : Buffer.from(k.ciphertextBase64 ?? '', 'base64');
  if (bytes.length > INLINE_LIMIT) throw new Error(`${k.id}: a known-answer body over 4 KiB needs a body file`);
  const body = { base64: bytes.toString('base64'), sha256: sha256Hex(bytes), length: bytes.length };
  if (k.metadataLocation === 'instruction-file')
    return { body, metadata: {}, instructionFile: k.instructionFileBody ?? '', ...(k.instructionFileSuffix ? { instructionFileSuffix: k.instructionFileSuffix } : {}) };
  if (k.metadataLocation === 'derived') return { body, metadata: derivedEnvelope(k) };
  return { body, metadata: userMetadata(k.metadata ?? {}) };
}

/**
 * Encrypt-direction vectors assert only the body; the envelope is the one such a client writes
 * for this data key (kms+context, V2: s3-encryption/data-format/content-metadata.md).
 */
function derivedEnvelope(k: PublicKat): Record<string, string> {
  return {
    'x-amz-key-v2': k.kmsReplay!.ciphertextBlobBase64,
    'x-amz-iv': k.metadata!['x-amz-iv']!,
    'x-amz-matdesc': JSON.stringify({ 'aws:x-amz-cek-alg': CEK_GCM }),
    'x-amz-wrap-alg': 'kms+context',
    'x-amz-cek-alg': CEK_GCM,
    'x-amz-tag-len': '128',
  };
}

/** S3 user metadata as the SDKs return it: lower-case names without the `x-amz-meta-` prefix. */
function userMetadata(m: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([name, value]) => [name.toLowerCase().replace(/^x-amz-meta-/, ''), value]));
}

function keyOf(k: PublicKat): KeyInput {
  if (k.kmsReplay) return { kmsKeyId: k.kmsReplay.keyId };
  const material = k.keyMaterial;
  if (material?.value) return { aesHex: Buffer.from(material.value, material.encoding === 'hex' ? 'hex' : 'base64').toString('hex') };
  // Negatives refused before any key is used carry no key; any AES key will do.
  return { aesHex: '00'.repeat(32) };
}

/**
 * The recording tests mocked KMS to return the data key whatever blob was sent, so the answer is
 * keyed by the blob the object actually carries (in the wrong-commitment vector it differs from
 * the one recorded with the mock).
 */
function kmsAnswers(k: PublicKat): KmsAnswer[] | undefined {
  const r = k.kmsReplay;
  if (!r) return undefined;
  const meta = k.metadata ?? {};
  const carried = meta['x-amz-meta-x-amz-3'] ?? meta['x-amz-3'] ?? meta['x-amz-meta-x-amz-key-v2'] ?? meta['x-amz-key-v2'] ?? r.ciphertextBlobBase64;
  return [{ keyId: r.keyId, ciphertextBlob: carried, plaintext: r.plaintextDataKeyBase64, ...(r.expectedEncryptionContext ? { encryptionContext: r.expectedEncryptionContext } : {}) }];
}
