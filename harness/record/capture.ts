/**
 * Writes one object through an adapter on the embedded target and reads back what landed in S3:
 * the body, the user metadata exactly as S3 returned it, the instruction file, and the KMS answers
 * (data key, blob, context) the embedded KMS handed out during the PUT, so the object can be read
 * later with nothing but a KMS replay.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { writerConfig, type KeyMaterial } from '../../protocol/messages.js';
import { plaintextFromSeed } from '../../vectors/corpus.js';
import type { KmsAnswer } from '../../vectors/corpus-types.js';
import type { AdapterSession } from '../supervisor/session.js';
import type { DataKeyEvent } from '../targets/embedded/kms.js';
import type { RunningEmbeddedTarget } from '../targets/embedded/target.js';
import { contextMismatch } from './bound-context.js';
import { NON_ASCII_VALUE, type RecordJob } from './plan.js';

const INSTRUCTION_SUFFIX = '.instruction';

export interface RecordedObject {
  readonly plaintext: Buffer;
  readonly body: Buffer;
  readonly metadata: Readonly<Record<string, string>>;
  readonly instructionFile?: string;
  readonly kms: readonly KmsAnswer[];
}

export interface CaptureContext {
  readonly session: Pick<AdapterSession, 'putWith'>;
  readonly target: RunningEmbeddedTarget;
  readonly bucket: string;
  readonly keys: Readonly<Record<RecordJob['key'], KeyMaterial>>;
  /** The key id of vectors/keys/keys.json's KMS key: answers name it rather than the target's ARN. */
  readonly kmsKeyId: string;
}

/** The materials description (AES, RSA) or encryption context (KMS) a non-ASCII job carries. */
export const NON_ASCII_ENTRIES: Readonly<Record<string, string>> = { purpose: NON_ASCII_VALUE };

export async function captureObject(ctx: CaptureContext, job: RecordJob): Promise<RecordedObject> {
  const plaintext = plaintextFromSeed(job.id, job.size);
  const nonAscii = job.variant === 'non-ascii';
  const material: KeyMaterial = nonAscii && job.key !== 'kms' ? { ...ctx.keys[job.key], materialsDescription: NON_ASCII_ENTRIES } : ctx.keys[job.key];
  const objectKey = `recorded/${job.id}`;
  const events = await duringKmsCalls(ctx.target, async () => {
    const context = nonAscii && job.key === 'kms' ? NON_ASCII_ENTRIES : undefined;
    await ctx.session.putWith(writerConfig(job.format, material, job.storage), ctx.bucket, objectKey, plaintext, context);
  });
  const stored = await readBack(ctx, objectKey, job.storage);
  const kms = job.key === 'kms' ? answersFor(events, stored, ctx.kmsKeyId) : [];
  const mismatch = contextMismatch(stored.metadata, stored.instructionFile, kms);
  if (mismatch) throw new Error(mismatch);
  return { plaintext, ...stored, kms };
}

/** Every data key the embedded KMS handed out while `fn` ran; the recorder runs one PUT at a time. */
async function duringKmsCalls(target: RunningEmbeddedTarget, fn: () => Promise<void>): Promise<DataKeyEvent[]> {
  const kms = target.embedded.kms;
  const previous = kms.onDataKey;
  const events: DataKeyEvent[] = [];
  kms.onDataKey = (event) => {
    previous?.(event);
    events.push(event);
  };
  try {
    await fn();
  } finally {
    kms.onDataKey = previous;
  }
  return events;
}

async function readBack(ctx: CaptureContext, objectKey: string, storage: RecordJob['storage']): Promise<Omit<RecordedObject, 'plaintext' | 'kms'>> {
  const object = await ctx.target.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: objectKey }));
  const body = Buffer.from(await object.Body!.transformToByteArray());
  const metadata = { ...(object.Metadata ?? {}) };
  if (storage !== 'instruction') return { body, metadata };
  const file = await ctx.target.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: `${objectKey}${INSTRUCTION_SUFFIX}` }));
  return { body, metadata, instructionFile: await file.Body!.transformToString('utf8') };
}

/** The answers whose blob the envelope carries (a client may have asked KMS more than once). */
function answersFor(events: readonly DataKeyEvent[], stored: Omit<RecordedObject, 'plaintext' | 'kms'>, kmsKeyId: string): KmsAnswer[] {
  const envelope = JSON.stringify(stored.metadata) + (stored.instructionFile ?? '');
  const answers = events
    .filter((e) => e.ciphertextBlob !== undefined && e.operation !== 'Decrypt')
    .map((e) => ({
      keyId: kmsKeyId,
      ciphertextBlob: e.ciphertextBlob!.toString('base64'),
      plaintext: e.plaintext.toString('base64'),
      ...(e.encryptionContext ? { encryptionContext: { ...e.encryptionContext } } : {}),
    }));
  const carried = answers.filter((a) => envelope.includes(a.ciphertextBlob) || envelope.includes(a.ciphertextBlob.replace(/\//g, '\\/')));
  if (carried.length === 0) throw new Error(`none of the ${answers.length} KMS answers of the PUT is in the stored envelope`);
  return carried;
}
