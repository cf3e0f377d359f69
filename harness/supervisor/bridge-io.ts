/**
 * What the suite bridge and the scenario host share: key specs as protocol key material, objects
 * stored raw as S3 would hold them, and adapter refusals as suite refusals.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPrivateKey } from 'node:crypto';
import type { KeySpec, StoredObject } from '../../suites/adapter.js';
import { UNCLASSIFIED } from '../../suites/judge.js';
import type { KeyMaterial } from '../../protocol/messages.js';
import { Refusal } from '../../protocol/refusal.js';
import { encodeMetadataResponseValue } from '../targets/embedded/s3-metadata.js';
import { CallFailure } from './call-failure.js';

const INSTRUCTION_SUFFIX = '.instruction';

export function keyMaterialFor(key: KeySpec): KeyMaterial {
  switch (key.type) {
    case 'aes':
      return { aesKey: Buffer.from(key.keyHex, 'hex').toString('base64'), ...(key.description ? { materialsDescription: key.description } : {}) };
    case 'rsa':
      return {
        rsaKey: createPrivateKey(key.privatePem).export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        ...(key.description ? { materialsDescription: key.description } : {}),
      };
    case 'kms':
      return { kmsKeyId: key.keyId };
  }
}

/** Stores the object as S3 would hold it: non-ASCII metadata in the RFC 2047 form S3 returns. */
export async function storeObject(s3: S3Client, bucket: string, key: string, object: StoredObject): Promise<void> {
  // Recorded vectors keep the HTTP header names (`x-amz-meta-x-amz-iv`); S3 user metadata is
  // named without the prefix, in lower case.
  const metadata = Object.fromEntries(Object.entries(object.metadata).map(([k, v]) => [k.toLowerCase().replace(/^x-amz-meta-/, ''), encodeMetadataResponseValue(Buffer.from(v, 'utf8'))]));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: object.body, ContentLength: object.body.length, Metadata: metadata }));
  if (object.instructionFile !== undefined) {
    const body = Buffer.from(object.instructionFile, 'utf8');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}${INSTRUCTION_SUFFIX}`, Body: body, ContentLength: body.length, Metadata: { 'x-amz-crypto-instr-file': '' } }));
  }
}

/** Adapter refusals become suite refusals; everything else (a broken adapter) propagates as a crash. */
export async function refusals<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof CallFailure && e.kind === 'refused') {
      const category = e.category === 'not-found' ? 'format' : e.category === 'unknown' || !e.category ? UNCLASSIFIED : e.category;
      throw new Refusal(category, e.code || e.category || 'unknown', e.message || 'refused');
    }
    throw e;
  }
}
