/**
 * The scenario interpreter judges each step against what a session really did: a fake session
 * records what it was asked and answers as a test sets it up, so each verdict path can be seen to
 * fail as well as pass.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { KeySpec, StoredObject } from '../adapter.js';
import type { ScenarioCase } from '../case.js';
import { decryptV2AesGcm } from '../independent-decrypt.js';
import type { Environment } from '../run.js';
import { runScenario } from '../scenario-run.js';
import type { KmsCall, ScenarioHost, ScenarioSession } from '../scenario-host.js';
import { plaintextFromSeed, sha256Hex, type ScenarioStepData } from '../../vectors/corpus.js';

const KEY_HEX = '22'.repeat(32);
const env: Environment = {
  resolveKey: async (ref): Promise<KeySpec> => (ref.name.startsWith('kms') ? { type: 'kms', keyId: 'key-1' } : { type: 'aes', keyHex: KEY_HEX }),
  completeKey: (k) => k,
  registerKmsReplay: async () => undefined,
};
const seed = { seed: 'scenario-test', length: 40, sha256: sha256Hex(plaintextFromSeed('scenario-test', 40)) };

interface Fake {
  refuseClient?: string;
  objects: Map<string, StoredObject>;
  files: Map<string, string>;
  calls: KmsCall[] | undefined;
}

function host(fake: Fake): ScenarioHost {
  const session: ScenarioSession = {
    async createClient() {
      if (fake.refuseClient) throw Object.assign(new Error('no'), { category: fake.refuseClient, code: 'X' });
    },
    async put(_c, object, plaintext) {
      fake.objects.set(object, { body: plaintext, metadata: {} });
    },
    async get(_c, object) {
      const o = fake.objects.get(object);
      if (!o) throw Object.assign(new Error('missing'), { category: 'format', code: 'NoSuchKey' });
      return o.body;
    },
    async delete(_c, objects) {
      for (const o of objects) fake.objects.delete(o);
    },
    async reencrypt() {},
    async stored(object, suffixes) {
      const o = fake.objects.get(object);
      return { ...(o ? { object: o } : {}), instructionFiles: Object.fromEntries(suffixes.map((s) => [s, fake.files.get(`${object}${s}`)])) };
    },
    async replaceStored(object, o) {
      fake.objects.set(object, o);
    },
    kmsCalls: () => fake.calls,
    armFault: () => false,
    clearFault: () => undefined,
  };
  return { begin: async () => session };
}

const scenario = (steps: ScenarioStepData[]): ScenarioCase => ({
  kind: 'scenario',
  id: 'scenario/test',
  description: 'A test scenario.',
  requirements: [],
  specLines: [],
  features: [],
  flags: [],
  provenance: 'test',
  steps,
});
const fresh = (): Fake => ({ objects: new Map(), files: new Map(), calls: [] });
const create = (expect: Extract<ScenarioStepData, { op: 'create-client' }>['expect']): ScenarioStepData => ({ op: 'create-client', client: 'c', config: { key: { name: 'aes-256-a' } }, expect });

test('a scenario whose steps all happen as stated passes', async () => {
  const steps: ScenarioStepData[] = [
    create({ created: true }),
    { op: 'put', client: 'c', object: 'o', plaintext: seed, expect: { stored: true } },
    { op: 'get', client: 'c', object: 'o', expect: { plaintext: { sha256: seed.sha256, length: 40 } } },
    { op: 'delete', client: 'c', objects: ['o'], batch: false },
    { op: 'check-stored', object: 'o', expect: { absent: true } },
  ];
  const j = await runScenario(scenario(steps), host(fresh()), env, {});
  assert.is(j.status, 'pass', j.detail);
});

test('a client built where a refusal is due fails, naming the step', async () => {
  const j = await runScenario(scenario([create({ error: { category: 'config', stage: 'client-config' } })]), host(fresh()), env, {});
  assert.is(j.status, 'fail');
  assert.match(j.detail ?? '', /step 1 \(create-client\): the call must be refused but succeeded/);
});

test('a refusal of another category fails; of the stated one passes', async () => {
  const wrong = await runScenario(scenario([create({ error: { category: 'config', stage: 'client-config' } })]), host({ ...fresh(), refuseClient: 'unsupported' }), env, {});
  assert.is(wrong.status, 'fail');
  const right = await runScenario(scenario([create({ error: { category: 'config', stage: 'client-config' } })]), host({ ...fresh(), refuseClient: 'config' }), env, {});
  assert.is(right.status, 'pass');
});

test('an object left behind after a delete fails the absence check', async () => {
  const fake = fresh();
  const steps: ScenarioStepData[] = [
    create({ created: true }),
    { op: 'put', client: 'c', object: 'o', plaintext: seed, expect: { stored: true } },
    { op: 'check-stored', object: 'o', expect: { absent: true } },
  ];
  const j = await runScenario(scenario(steps), host(fake), env, {});
  assert.is(j.status, 'fail');
  assert.match(j.detail ?? '', /still in S3/);
});

test('an instruction file beside a metadata envelope is a violation', async () => {
  const fake = fresh();
  fake.objects.set('o', { body: new Uint8Array(56), metadata: {} });
  fake.files.set('o.instruction', '{}');
  const j = await runScenario(scenario([{ op: 'check-stored', object: 'o', expect: { format: 'v2', storage: 'metadata', wrap: 'AES/GCM', plaintextLength: 40 } }]), host(fake), env, {});
  assert.is(j.status, 'fail');
  assert.match(j.detail ?? '', /instruction file \.instruction was written beside a metadata envelope/);
});

test('KMS requests must name the configured key and an S3 encryption client', async () => {
  const steps = (pattern: string): ScenarioStepData[] => [
    { op: 'create-client', client: 'c', config: { key: { name: 'kms-a' } }, expect: { created: true } },
    { op: 'check-kms-calls', expect: { operations: ['Decrypt'], keyId: 'configured', userAgentPattern: pattern } },
  ];
  const calls = (keyId: string, userAgent: string): Fake => ({ ...fresh(), calls: [{ operation: 'Decrypt', keyId, userAgent }] });
  assert.is((await runScenario(scenario(steps('s3ec')), host(calls('key-1', 'aws-sdk-js/3 lib/s3ec-js#0.1.0')), env, {})).status, 'pass');
  const otherKey = await runScenario(scenario(steps('s3ec')), host(calls('key-2', 'lib/s3ec-js#0.1.0')), env, {});
  assert.match(otherKey.detail ?? '', /named key key-2/);
  const plainSdk = await runScenario(scenario(steps('s3ec')), host(calls('key-1', 'aws-sdk-go-v2/1.48.0')), env, {});
  assert.match(plainSdk.detail ?? '', /names no S3 encryption client/);
  const none = await runScenario(scenario(steps('s3ec')), host({ ...fresh(), calls: [] }), env, {});
  assert.match(none.detail ?? '', /no Decrypt request/);
  const unlogged = await runScenario(scenario(steps('s3ec')), host({ ...fresh(), calls: undefined }), env, {});
  assert.is(unlogged.status, 'not-applicable');
});

test('without a host (in-process wiring) a scenario is not applicable', async () => {
  const j = await runScenario(scenario([create({ created: true })]), undefined, env, {});
  assert.is(j.status, 'not-applicable');
});

function v2Object(plaintext: Buffer, contentAad?: Buffer): StoredObject {
  const dataKey = randomBytes(32);
  const wrapIv = randomBytes(12);
  const wrap = createCipheriv('aes-256-gcm', Buffer.from(KEY_HEX, 'hex'), wrapIv);
  wrap.setAAD(Buffer.from('AES/GCM/NoPadding'));
  const wrapped = Buffer.concat([wrapIv, wrap.update(dataKey), wrap.final(), wrap.getAuthTag()]);
  const iv = randomBytes(12);
  const content = createCipheriv('aes-256-gcm', dataKey, iv);
  if (contentAad) content.setAAD(contentAad);
  const body = Buffer.concat([content.update(plaintext), content.final(), content.getAuthTag()]);
  return { body, metadata: { 'x-amz-key-v2': wrapped.toString('base64'), 'x-amz-iv': iv.toString('base64'), 'x-amz-wrap-alg': 'AES/GCM' } };
}

test('the independent V2 decryption opens content sealed without AAD and refuses content sealed with some', () => {
  const plaintext = Buffer.from('no aad on the content');
  const opened = decryptV2AesGcm(v2Object(plaintext), KEY_HEX);
  assert.ok('plaintext' in opened && opened.plaintext.equals(plaintext));
  const withAad = decryptV2AesGcm(v2Object(plaintext, Buffer.from('AES/GCM/NoPadding')), KEY_HEX);
  assert.ok('problem' in withAad);
});

test.run();
