/**
 * Reading and writing instruction-file objects (`<key><suffix>`, docs/format-notes.md §5) for every operation
 * of the client. Written files carry the `x-amz-crypto-instr-file` marker and an explicit
 * length, as the Java clients write them.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { INSTRUCTION_FILE_MARKER } from '../algorithms.js';
import { fail } from '../errors.js';
import { isNetworkFailure, transientS3Error } from './body.js';
import { describeError, isNotFound } from './send.js';

interface InstructionFileLocation {
  readonly bucket: string;
  /** The instruction file's own key: object key + suffix. */
  readonly key: string;
}

export async function putInstructionFile(s3: S3Client, at: InstructionFileLocation, body: string): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: at.bucket,
        Key: at.key,
        Body: body,
        ContentLength: Buffer.byteLength(body),
        Metadata: { [INSTRUCTION_FILE_MARKER]: '' },
      }),
    );
  } catch (e) {
    fail('S3_ERROR', `writing the instruction file ${at.key} failed: ${describeError(e)}`, e);
  }
}

/** The file's text, or undefined when S3 says it does not exist. */
export async function getInstructionFile(s3: S3Client, at: InstructionFileLocation): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key }));
    return await out.Body!.transformToString('utf8');
  } catch (e) {
    if (isNotFound(e)) return undefined;
    if (isNetworkFailure(e)) throw transientS3Error(`reading the instruction file ${at.key} failed: ${describeError(e)}`, e);
    return fail('S3_ERROR', `reading the instruction file ${at.key} failed: ${describeError(e)}`, e);
  }
}
