/**
 * Runs a scenario case: its steps in order, each judged by the one judge (a call that must succeed,
 * a read that must give these bytes, a refusal of this category), and the first step that does not
 * go as stated decides the case. Checks of what landed in S3 use suites/envelope-checks.ts, which
 * knows the format and nothing of any implementation.
 */
import type { KeySpec } from './adapter.js';
import { attempt, withTimeout, type CallLimits } from './attempt.js';
import type { Environment, KeyRef, ScenarioCase } from './case.js';
import { envelopeViolations } from './envelope-checks.js';
import { expectedFromData, judge, type Judgement, type Outcome } from './judge.js';
import type { ScenarioHost, ScenarioSession } from './scenario-host.js';
import { applyTampering } from './tamperings.js';
import { decryptV2AesGcm } from './independent-decrypt.js';
import type { StoredObject } from './adapter.js';
import { plaintextFromSeed, sha256Hex, type KeyInput, type ScenarioStepData, type StoredExpectData } from '../vectors/corpus.js';

const EXPECTED = 'every step as stated';
const DONE = new Uint8Array(0);
const DEFAULT_SUFFIX = '.instruction';

export async function runScenario(c: ScenarioCase, host: ScenarioHost | undefined, env: Environment, limits: CallLimits): Promise<Judgement> {
  if (!host) return { status: 'not-applicable', expected: EXPECTED, actual: 'not run', detail: 'scenarios run through the adapter protocol against a target (s3cse run, s3cse conformance)' };
  const session = await host.begin(c.id);
  const state: CaseState = { kmsKeyIds: new Set(), aesKeys: [] };
  for (const [n, step] of c.steps.entries()) {
    const judged = await runStep(step, session, env, limits, state);
    if (judged.status !== 'pass') return { ...judged, expected: EXPECTED, detail: `step ${n + 1} (${step.op}): ${judged.detail ?? `${judged.expected}, got ${judged.actual}`}` };
  }
  return { status: 'pass', expected: EXPECTED, actual: EXPECTED };
}

type Step<Op extends ScenarioStepData['op']> = Extract<ScenarioStepData, { op: Op }>;

/** What earlier steps of the case set up: the KMS keys its clients were configured with. */
interface CaseState {
  readonly kmsKeyIds: Set<string>;
  /** The AES keys of the case's clients, for the harness's own decryption of what they wrote. */
  readonly aesKeys: string[];
}

async function runStep(step: ScenarioStepData, s: ScenarioSession, env: Environment, limits: CallLimits, state: CaseState): Promise<Judgement> {
  switch (step.op) {
    case 'create-client': {
      const { key, materialsDescription, ...rest } = step.config;
      const config = { ...rest, key: described(await keyOf(key, env), materialsDescription) };
      if (config.key.type === 'kms') state.kmsKeyIds.add(config.key.keyId);
      if (config.key.type === 'aes') state.aesKeys.push(config.key.keyHex);
      return judgeCall(step.expect, await call(() => s.createClient(step.client, config), limits));
    }
    case 'put':
      return putStep(step, s, limits);
    case 'get': {
      const { range, instructionFileSuffix, encryptionContext } = step;
      const options = { ...(range ? { range } : {}), ...(instructionFileSuffix ? { instructionFileSuffix } : {}), ...(encryptionContext ? { encryptionContext } : {}) };
      try {
        return judge(expectedFromData(step.expect), await attempt(() => s.get(step.client, step.object, options), limits));
      } finally {
        s.clearFault();
      }
    }
    case 'delete':
      return judgeCall({ done: true }, await call(() => s.delete(step.client, step.objects, step.batch), limits));
    case 'reencrypt': {
      const newKey = described(await keyOf(step.newKey, env), step.newKeyMaterialsDescription);
      const options = {
        ...(step.instructionFileSuffix ? { instructionFileSuffix: step.instructionFileSuffix } : {}),
        ...(step.enforceRotation === undefined ? {} : { enforceRotation: step.enforceRotation }),
      };
      return judgeCall(step.expect, await call(() => s.reencrypt(step.client, step.object, newKey, options), limits));
    }
    case 'check-stored':
      return checkStored(step.object, step.expect, s, state);
    case 'tamper-stored':
      return tamperStored(step, s);
    case 'check-kms-calls':
      return checkKmsCalls(step, s, state);
    case 'inject-fault':
      return s.armFault(step.fault) ? ok('fault armed') : notApplicable('the target does not inject faults');
  }
}

async function putStep(step: Step<'put'>, s: ScenarioSession, limits: CallLimits): Promise<Judgement> {
  const plaintext = plaintextFromSeed(step.plaintext.seed, step.plaintext.length);
  const options = { ...(step.encryptionContext ? { encryptionContext: step.encryptionContext } : {}), ...(step.multipart ? { multipart: step.multipart } : {}) };
  try {
    return judgeCall(step.expect, await call(() => s.put(step.client, step.object, plaintext, options), limits));
  } finally {
    // A fault armed for this step never outlives it, fired or not.
    s.clearFault();
  }
}

async function keyOf(key: KeyInput, env: Environment): Promise<KeySpec> {
  if ('name' in key) return env.resolveKey(key as KeyRef);
  if ('aesHex' in key) return { type: 'aes', keyHex: key.aesHex };
  return env.completeKey({ type: 'kms', keyId: key.kmsKeyId });
}

/** A raw key with its materials description; KMS keys take their context per call instead. */
function described(key: KeySpec, description: Readonly<Record<string, string>> | undefined): KeySpec {
  return description && key.type !== 'kms' ? { ...key, description } : key;
}

async function call(fn: () => Promise<void>, limits: CallLimits): Promise<Outcome> {
  return attempt(async () => {
    await withTimeout(fn, limits);
    return DONE;
  }, limits);
}

/** A call that must succeed (`created`, `stored`, …) or be refused with the stated category. */
function judgeCall(expect: object, outcome: Outcome): Judgement {
  if ('error' in expect) {
    const judged = judge(expectedFromData(expect as { error: { category: string; stage: string } }), outcome);
    return outcome.kind === 'plaintext' ? { ...judged, actual: 'succeeded', detail: 'the call must be refused but succeeded' } : judged;
  }
  if (outcome.kind === 'plaintext') return ok('succeeded');
  const judged = judge({ kind: 'plaintext', sha256: '', length: 0, label: 'success' }, outcome);
  return judged.status === 'not-applicable' || judged.status === 'errored' ? judged : { ...judged, status: 'fail' };
}

async function checkStored(object: string, expect: StoredExpectData, s: ScenarioSession, caseState: CaseState): Promise<Judgement> {
  const suffixes = 'absent' in expect ? [DEFAULT_SUFFIX] : [DEFAULT_SUFFIX, ...(expect.instructionFileSuffixes ?? [])];
  const state = await s.stored(object, suffixes);
  if ('absent' in expect) {
    const left = [state.object ? 'the object' : '', state.instructionFiles[DEFAULT_SUFFIX] === undefined ? '' : `its ${DEFAULT_SUFFIX} file`].filter(Boolean);
    return left.length === 0 ? ok('absent') : fail('absent', `${left.join(' and ')} still in S3`);
  }
  if (!state.object) return fail('stored', 'no object in S3');
  const stored = { ...state.object, ...(state.instructionFiles[DEFAULT_SUFFIX] === undefined ? {} : { instructionFile: state.instructionFiles[DEFAULT_SUFFIX] }) };
  const { format, storage, wrap, plaintextLength, description, unencryptedContentLength } = expect;
  const written = { format, storage, wrap, plaintextBytes: plaintextLength, ...(description ? { description } : {}), ...(unencryptedContentLength ? { unencryptedLength: true } : {}) };
  const violations = envelopeViolations(stored, written);
  // An envelope in metadata comes alone: a writer that also leaves an instruction file is ambiguous to readers.
  if (storage === 'metadata' && state.instructionFiles[DEFAULT_SUFFIX] !== undefined) violations.push(`an instruction file ${DEFAULT_SUFFIX} was written beside a metadata envelope`);
  if (expect.decryptsTo) violations.push(...independently(state.object, expect.decryptsTo, caseState.aesKeys));
  for (const suffix of expect.instructionFileSuffixes ?? []) if (state.instructionFiles[suffix] === undefined) violations.push(`no instruction file ${suffix}`);
  return violations.length === 0 ? ok(`${expect.format} ${expect.wrap} in ${expect.storage}`) : fail('well-formed envelope', violations.join('; '));
}

/** The harness's own decryption (no AAD on the content) against the expected digest, with any of the case's AES keys. */
function independently(object: StoredObject, expected: { sha256: string; length: number }, keys: readonly string[]): string[] {
  let problem = 'no AES key in the case';
  for (const key of keys) {
    const out = decryptV2AesGcm(object, key);
    if ('problem' in out) problem = out.problem;
    else if (out.plaintext.length === expected.length && sha256Hex(out.plaintext) === expected.sha256) return [];
    else problem = 'decrypted by the harness to other bytes';
  }
  return [problem];
}

async function tamperStored(step: Step<'tamper-stored'>, s: ScenarioSession): Promise<Judgement> {
  const state = await s.stored(step.object, [DEFAULT_SUFFIX]);
  if (!state.object) return fail('an object to tamper with', 'no object in S3');
  const instructionFile = state.instructionFiles[DEFAULT_SUFFIX];
  const { object } = applyTampering({ ...state.object, ...(instructionFile === undefined ? {} : { instructionFile }) }, step.tampering);
  await s.replaceStored(step.object, object);
  return ok('tampered');
}

function checkKmsCalls(step: Step<'check-kms-calls'>, s: ScenarioSession, state: CaseState): Judgement {
  const calls = s.kmsCalls();
  if (calls === undefined) return notApplicable('the target does not log KMS requests');
  const { operations, userAgentPattern } = step.expect;
  const problems: string[] = [];
  if (!calls.some((c) => operations.includes(c.operation))) problems.push(`no ${operations.join(' or ')} request`);
  const pattern = userAgentPattern ? new RegExp(userAgentPattern, 'i') : undefined;
  for (const c of calls.filter((k) => operations.includes(k.operation))) {
    if (step.expect.keyId === 'configured' && !state.kmsKeyIds.has(c.keyId ?? '')) problems.push(`${c.operation} named key ${c.keyId ?? '(none)'}`);
    if (pattern && !pattern.test(c.userAgent)) problems.push(`${c.operation} user agent "${c.userAgent.slice(0, 160)}" names no S3 encryption client`);
  }
  return problems.length === 0 ? ok('as stated') : fail('KMS requests as stated', [...new Set(problems)].join('; '));
}

const ok = (actual: string): Judgement => ({ status: 'pass', expected: actual, actual });
const fail = (expected: string, detail: string): Judgement => ({ status: 'fail', expected, actual: detail, detail });
const notApplicable = (detail: string): Judgement => ({ status: 'not-applicable', expected: EXPECTED, actual: 'not run', detail });
