/**
 * Runs the in-process suites (known answers, round trip, tamper) against an adapter: the suites'
 * offline contract (encrypt to a stored object, decrypt a stored object) carried over a real S3
 * target. To decrypt, the harness stores the object as S3 would hold it and the adapter GETs it;
 * to encrypt, the adapter PUTs and the harness reads back what landed in S3.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { DecryptRequest, EncryptRequest, Feature, Implementation, StoredObject } from '../../suites/adapter.js';
import { KEY_KINDS, type Claim } from '../../protocol/vocabulary.js';
import type { AdapterSession } from './session.js';
import { readerConfig, writerConfig } from '../../protocol/messages.js';
import type { RunningTarget } from '../targets/target.js';
import { scenarioHost } from './scenario-host.js';
import { keyMaterialFor, refusals, storeObject } from './bridge-io.js';

export { keyMaterialFor };

const INSTRUCTION_SUFFIX = '.instruction';

/** The suites' feature names an adapter earns by its capability claims. */
export function featuresFromClaims(write: readonly Claim[], read: readonly Claim[], features: readonly string[]): Feature[] {
  const has = (list: readonly Claim[], formats: readonly string[], key?: string): boolean => list.some((c) => formats.includes(c.format) && (key === undefined || c.keys.includes(key as never)));
  const both = [...write, ...read];
  const out: Feature[] = [];
  const add = (f: Feature, when: boolean): void => void (when && out.push(f));
  add('write:v2', has(write, ['v2']));
  add('write:v3', has(write, ['v3']));
  // V1 objects proper (x-amz-key) carry AES or RSA wraps; KMS-wrapped "v1" objects use x-amz-key-v2.
  add('read:v1', has(read, ['v1-eo'], 'aes') || has(read, ['v1-eo'], 'rsa'));
  add('read:v2', has(read, ['v2']));
  add('read:v3', has(read, ['v3']));
  add('wrap:aes-gcm', has(both, ['v2', 'v3'], 'aes'));
  add('wrap:rsa-oaep-sha1', has(both, ['v2', 'v3'], 'rsa'));
  add('wrap:kms-context', has(both, ['v2', 'v3'], 'kms'));
  add('legacy-wrap:aeswrap', has(read, ['v1-ae'], 'aes'));
  add('legacy-wrap:rsa-oaep-sha256', has(read, ['v1-ae'], 'rsa'));
  add('legacy-wrap:kms', has(read, ['v1-eo', 'v1-ae'], 'kms'));
  add('legacy-wrap:encryption-only', has(read, ['v1-eo'], 'aes') || has(read, ['v1-eo'], 'rsa'));
  add('legacy-content:cbc', has(read, ['v1-eo']));
  add(
    'store:metadata',
    both.some((c) => c.storage.includes('metadata')),
  );
  add(
    'store:instruction-file',
    both.some((c) => c.storage.includes('instruction')),
  );
  add(
    'write:instruction-file',
    write.some((c) => c.storage.includes('instruction')),
  );
  for (const key of KEY_KINDS)
    add(
      `key:${key}`,
      both.some((c) => c.keys.includes(key)),
    );
  add('kms:encryption-context-check', features.includes('encryption-context'));
  for (const f of ['range', 'reencrypt', 'instruction-file-suffix', 'delete', 'multipart'] as const) add(f, features.includes(f));
  return out;
}

export function bridgeImplementation(session: AdapterSession, target: RunningTarget, bucket: string): Implementation {
  const { info } = session;
  const prefix = `suites-${Date.now().toString(36)}`;
  const s3 = target.s3;

  async function readBack(key: string, storage: 'metadata' | 'instruction'): Promise<StoredObject> {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = await object.Body!.transformToByteArray();
    let instructionFile: string | undefined;
    if (storage === 'instruction') {
      const file = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${key}${INSTRUCTION_SUFFIX}` }));
      instructionFile = await file.Body!.transformToString('utf8');
    }
    return { body, metadata: object.Metadata ?? {}, ...(instructionFile === undefined ? {} : { instructionFile }) };
  }

  const store = (key: string, object: StoredObject): Promise<void> => storeObject(s3, bucket, key, object);

  return {
    scenarios: scenarioHost(session, target, bucket),
    info: {
      name: `${info.name} (adapter ${info.id})`,
      version: info.version,
      language: info.language,
      features: featuresFromClaims(info.write, info.read, info.features),
    },
    async encrypt(request: EncryptRequest): Promise<StoredObject> {
      const key = `${prefix}_${randomUUID()}`;
      await refusals(() => session.putWith(writerConfig(request.format, keyMaterialFor(request.key), request.storage), bucket, key, request.plaintext));
      return readBack(key, request.storage);
    },
    async decrypt(request: DecryptRequest): Promise<Uint8Array> {
      const key = `${prefix}_${randomUUID()}`;
      await store(key, request.object);
      // Read like a client configured for whatever the object is: every format allowed, the
      // legacy switches as the case says.
      const config = {
        ...readerConfig('v2', keyMaterialFor(request.key), false),
        enableLegacyUnauthenticatedModes: request.legacy.content,
        enableLegacyWrappingAlgorithms: request.legacy.wraps,
        ...(request.commitmentPolicy ? { commitmentPolicy: request.commitmentPolicy } : {}),
        // A client forbidden to encrypt with key commitment cannot be configured with a committing
        // algorithm (Java v4 and Go v4 refuse such a client outright); reading needs none.
        ...(request.commitmentPolicy === 'FORBID_ENCRYPT_ALLOW_DECRYPT' ? { encryptionAlgorithm: 'ALG_AES_256_GCM_IV12_TAG16_NO_KDF' as const } : {}),
      };
      const ec = request.encryptionContext ?? (request.key.type === 'kms' ? request.key.encryptionContext : undefined);
      return refusals(async () => (await session.getWith(config, bucket, key, ec ? { encryptionContext: ec } : {})).body);
    },
  };
}
