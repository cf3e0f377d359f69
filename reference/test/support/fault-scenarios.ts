/**
 * The reference client under every injected fault (harness/targets/faults): each must end in a
 * retried success with the exact bytes, or a typed refusal (S3_ERROR / KMS_ERROR with its cause,
 * a format error for a vanished instruction file), never truncated or unauthenticated plaintext
 * returned as success. Shared by the embedded-target test (npm test) and the moto one, which runs
 * the same scenarios through the fault proxy.
 */
import { randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { S3EncryptionClient } from '../../src/client.js';
import { AesKeyring } from '../../src/keyrings/aes.js';
import { KmsKeyring } from '../../src/keyrings/kms.js';
import type { DecryptPolicy } from '../../src/pipeline/options.js';
import { parseFaultSpec, type FaultInjector } from '../../../harness/targets/faults/plan.js';
import { rejectsWith } from '../../../testkit/expect-error.js';

export interface FaultEnvironment {
  /** Clients whose requests pass through the injector. */
  readonly s3: S3Client;
  readonly kms: KMSClient;
  readonly faults: FaultInjector;
  readonly bucket: string;
  readonly kmsKeyId: string;
}

const BODY = randomBytes(200_000);
let counter = 0;

function clientFor(env: FaultEnvironment, policy: DecryptPolicy & { storage?: 'metadata' | 'instruction' } = {}): S3EncryptionClient {
  return new S3EncryptionClient({ client: env.s3, keyring: new AesKeyring({ key: Buffer.alloc(32, 0x42) }), ...policy });
}

/** Writes an object without faults, then arms `spec` for what follows. */
async function prepared(env: FaultEnvironment, spec: string, client = clientFor(env)): Promise<string> {
  env.faults.set([]);
  const Key = `faults/${++counter}`;
  await client.putObject({ Bucket: env.bucket, Key, Body: BODY });
  env.faults.set(parseFaultSpec(spec));
  return Key;
}

async function readBack(client: S3EncryptionClient, env: FaultEnvironment, Key: string): Promise<Buffer> {
  const out = await client.getObject({ Bucket: env.bucket, Key });
  return Buffer.from(await out.Body!.transformToByteArray());
}

function injected(env: FaultEnvironment, fault: string): number {
  return env.faults.log.filter((f) => f.fault === fault).length;
}

export function registerFaultScenarios(test: Test, env: () => FaultEnvironment): void {
  for (const fault of ['500', '503-slowdown', 'reset-before-headers', 'reset-mid-body', 'short-body']) {
    test(`${fault} once: the GET is retried and returns the exact bytes`, async () => {
      const e = env();
      const before = injected(e, fault);
      const Key = await prepared(e, `${fault}*1`);
      assert.ok((await readBack(clientFor(e), e, Key)).equals(BODY));
      assert.is(injected(e, fault), before + 1, 'the fault was injected');
    });
    test(`${fault} on every request: S3_ERROR with its cause, never plaintext`, async () => {
      const e = env();
      const Key = await prepared(e, fault);
      const error = await rejectsWith(readBack(clientFor(e), e, Key), 'S3_ERROR');
      assert.ok(error.cause !== undefined || /after \d+ of its \d+ bytes/.test(error.message), error.message);
      e.faults.set([]);
    });
  }

  for (const fault of ['reset-mid-body', 'short-body']) {
    test(`${fault} with delayed authentication: typed, and the released bytes are counted as unauthenticated`, async () => {
      const e = env();
      const Key = await prepared(e, `${fault}*1`);
      const client = clientFor(e, { delayedAuthentication: true });
      const error = await rejectsWith(readBack(client, e, Key), 'S3_ERROR', /released unauthenticated/);
      assert.ok(error.releasedUnauthenticatedBytes! > 0 && error.releasedUnauthenticatedBytes! < BODY.length);
    });
  }

  test('slow-trickle: the body arrives in pieces and reads back exactly', async () => {
    const e = env();
    const Key = await prepared(e, 'slow-trickle*1');
    assert.ok((await readBack(clientFor(e), e, Key)).equals(BODY));
    assert.is(injected(e, 'slow-trickle') > 0, true);
  });

  test('reset-before-headers on a PUT: retried or refused typed, never a half-written object', async () => {
    const e = env();
    e.faults.set(parseFaultSpec('reset-before-headers*1'));
    const client = clientFor(e);
    const Key = `faults/${++counter}`;
    const put = await client.putObject({ Bucket: e.bucket, Key, Body: BODY }).then(
      () => 'ok',
      (err: unknown) => err,
    );
    e.faults.set([]);
    if (put !== 'ok') assert.is((put as { code?: string }).code, 'S3_ERROR', String(put));
    else assert.ok((await readBack(client, e, Key)).equals(BODY));
  });

  test('an instruction file that vanishes between the two GETs: a format refusal naming the file', async () => {
    const e = env();
    const client = clientFor(e, { storage: 'instruction' });
    const Key = await prepared(e, 'vanish-instruction-file', client);
    const error = await rejectsWith(readBack(client, e, Key), 'INSTRUCTION_FILE_MISSING', new RegExp(`${Key}\\.instruction`));
    assert.is(error.category, 'format');
    e.faults.set([]);
  });

  test('KMS throttling once is retried; throttling on every call is KMS_ERROR naming the key', async () => {
    const e = env();
    const client = new S3EncryptionClient({ client: e.s3, keyring: new KmsKeyring({ client: e.kms, keyId: e.kmsKeyId }) });
    e.faults.set(parseFaultSpec('kms-throttle*1'));
    const Key = `faults/${++counter}`;
    await client.putObject({ Bucket: e.bucket, Key, Body: BODY });
    assert.ok((await readBack(client, e, Key)).equals(BODY));
    e.faults.set(parseFaultSpec('kms-throttle'));
    await rejectsWith(readBack(client, e, Key), 'KMS_ERROR', new RegExp(`${e.kmsKeyId}.*ThrottlingException`));
    e.faults.set([]);
  });
}
