/**
 * Scenario cases (suites/scenario-run.ts) over the adapter protocol: each named client is a
 * `POST /client` of its own, each named object a key unique to the case, and what landed in S3 is
 * read raw from the target. On the embedded target the KMS request log and fault injection serve
 * the steps that need them; other targets answer "not applicable" for those steps.
 */
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { S3ECConfig } from '../../protocol/messages.js';
import type { StoredObject } from '../../suites/adapter.js';
import type { KmsCall, ScenarioClientConfig, ScenarioHost, ScenarioSession } from '../../suites/scenario-host.js';
import type { RunningTarget } from '../targets/target.js';
import type { RunningEmbeddedTarget } from '../targets/embedded/target.js';
import { parseFaultSpec } from '../targets/faults/plan.js';
import type { AdapterClient } from '../protocol/client.js';
import type { AdapterSession } from './session.js';
import { keyMaterialFor, refusals, storeObject } from './bridge-io.js';

export function scenarioHost(session: AdapterSession, target: RunningTarget, bucket: string): ScenarioHost {
  const embedded = target.name === 'embedded' ? (target as RunningEmbeddedTarget).embedded : undefined;
  return {
    async begin(caseId: string): Promise<ScenarioSession> {
      const prefix = `scenario-${caseId.replace(/[^A-Za-z0-9._-]+/g, '-')}-${randomUUID().slice(0, 8)}`;
      const clients = new Map<string, string>();
      const keyOf = (object: string): string => `${prefix}_${object}`;
      const clientId = (name: string): string => clients.get(name) ?? missing(`client ${name} was never created`);
      const logFrom = embedded?.requestLog.length ?? 0;
      const adapter = <T>(fn: (c: AdapterClient) => Promise<T>): Promise<T> => refusals(() => session.callAdapter(fn));
      return {
        async createClient(name, config) {
          clients.set(name, await refusals(() => session.createClient(protocolConfig(config))));
        },
        put: (client, object, plaintext, o) => adapter((c) => c.put(clientId(client), bucket, keyOf(object), plaintext, o.encryptionContext, o.multipart)),
        get: async (client, object, o) => (await adapter((c) => c.get(clientId(client), bucket, keyOf(object), o))).body,
        delete: (client, objects, batch) =>
          adapter(async (c) => {
            if (batch) return c.deleteObjects(clientId(client), bucket, objects.map(keyOf));
            for (const object of objects) await c.delete(clientId(client), bucket, keyOf(object));
          }),
        reencrypt: (client, object, newKey, o) => adapter((c) => c.reencrypt(clientId(client), bucket, keyOf(object), keyMaterialFor(newKey), o)),
        async stored(object, suffixes) {
          const found = await readRaw(target, bucket, keyOf(object));
          const instructionFiles: Record<string, string | undefined> = {};
          for (const suffix of suffixes) instructionFiles[suffix] = (await readRaw(target, bucket, `${keyOf(object)}${suffix}`))?.text;
          return { ...(found ? { object: found.object } : {}), instructionFiles };
        },
        replaceStored: (object, stored) => storeObject(target.s3, bucket, keyOf(object), stored),
        kmsCalls: () =>
          embedded
            ? embedded.requestLog
                .slice(logFrom)
                .filter((e) => e.service === 'kms')
                .map(kmsCallOf)
            : undefined,
        armFault(spec) {
          if (!embedded) return false;
          embedded.faults.set(parseFaultSpec(spec));
          return true;
        },
        clearFault: () => embedded?.faults.set([]),
      };
    },
  };
}

/** The protocol's client configuration: the standard members only, as AWS's test servers take it. */
function protocolConfig(config: ScenarioClientConfig): S3ECConfig {
  const { key, ...members } = config;
  return { ...(members as Omit<S3ECConfig, 'keyMaterial'>), keyMaterial: keyMaterialFor(key) };
}

function kmsCallOf(e: { operation?: string; kms?: { keyId?: string }; userAgent: string }): KmsCall {
  return { operation: e.operation ?? '', ...(e.kms?.keyId === undefined ? {} : { keyId: e.kms.keyId }), userAgent: e.userAgent };
}

async function readRaw(target: RunningTarget, bucket: string, key: string): Promise<{ object: StoredObject; text: string } | undefined> {
  try {
    const out = await target.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = await out.Body!.transformToByteArray();
    return { object: { body, metadata: out.Metadata ?? {} }, text: Buffer.from(body).toString('utf8') };
  } catch (e) {
    if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
    throw e;
  }
}

function missing(message: string): never {
  throw new Error(message);
}
