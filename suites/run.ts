import type { Implementation, KeySpec, StoredObject } from './adapter.js';
import type { DecryptCase, Environment, RoundTripCase, Suite, SuiteCase } from './case.js';
import { envelopeViolations } from './envelope-checks.js';
import type { ErrorKind } from './error-kind.js';
import { attempt, outcomeOf, withTimeout } from './attempt.js';
import { runScenario } from './scenario-run.js';
import { describeExpected, judge, UNCLASSIFIED, type CaseStatus, type Judgement } from './judge.js';
import { applyTampering } from './tamperings.js';
import { plaintextFromSeed } from '../vectors/corpus.js';

export { UNCLASSIFIED, type CaseStatus, type Environment };

export interface CaseResult {
  readonly suite: string;
  readonly id: string;
  readonly status: CaseStatus;
  readonly expected: string;
  readonly actual: string;
  /** Why it failed, errored or did not apply. Never contains key material or plaintext. */
  readonly detail?: string;
  /** Set exactly when status is `errored`: what broke (crash, timeout, which protocol violation). */
  readonly errorKind?: ErrorKind;
  readonly requirements: readonly string[];
  /** The case's flags (why it matters), when it comes from a case file. */
  readonly flags?: readonly string[];
  readonly durationMs: number;
  /** Matrix coordinates, for suites that pair a writer with a reader (the cross suite). */
  readonly pair?: MatrixCoordinates;
  /** The adapter that ran a corpus case in a multi-implementation run (its id ends with `@` and this). */
  readonly implementation?: string;
  /** Id of the known issue (harness/known-issues.json) this failure matches; it does not gate. */
  readonly knownIssue?: string;
  /** Faults injected while the case ran (`s3cse run --faults`): `NAME METHOD /bucket/key`. */
  readonly faults?: readonly string[];
  /** Failed or errored in a fault run without returning wrong bytes: it does not gate. */
  readonly faultAffected?: boolean;
}

export interface MatrixCoordinates {
  readonly writer: string;
  readonly reader: string;
  readonly format: string;
  readonly key: string;
  readonly storage: string;
  readonly size: number;
  /** The reader's legacy switches: on, or off to check a legacy object is refused. */
  readonly legacy: boolean;
  /** The Range header of a ranged read (range suite). */
  readonly range?: string;
}

export interface RunOptions {
  /** Per-call limit; a hung implementation is recorded as errored and the run goes on. */
  readonly timeoutMs?: number;
  readonly onResult?: (result: CaseResult) => void;
}

/** What a scenario case expects, in reports. */
export const SCENARIO_EXPECTED = 'every step as stated';

type Verdict = Omit<CaseResult, 'durationMs' | 'suite' | 'id' | 'requirements' | 'flags'>;

export async function runSuite(suite: Suite, impl: Implementation, env: Environment, options: RunOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of suite.cases) {
    const started = performance.now();
    const full: CaseResult = {
      suite: suite.name,
      id: c.id,
      requirements: c.requirements,
      flags: c.flags,
      ...(await verdictOf(c, impl, env, options)),
      durationMs: Math.round(performance.now() - started),
    };
    results.push(full);
    options.onResult?.(full);
  }
  return results;
}

async function verdictOf(c: SuiteCase, impl: Implementation, env: Environment, options: RunOptions): Promise<Verdict> {
  const missing = c.features.filter((f) => !(impl.info.features as readonly string[]).includes(f));
  // A case the implementation does not claim says which claims are missing.
  const expected = c.kind === 'scenario' ? SCENARIO_EXPECTED : describeExpected(c.expect);
  if (missing.length > 0) return { status: 'not-applicable', expected, actual: 'not run', detail: `not claimed: ${missing.join(', ')}` };
  try {
    if (c.kind === 'scenario') return await runScenario(c, impl.scenarios, env, options);
    return c.kind === 'decrypt' ? await runDecrypt(c, impl, env, options) : await runRoundTrip(c, impl, env, options);
  } catch (e) {
    // A failure of the harness itself (environment, tampering) is still one errored case.
    return { status: 'errored', expected, actual: 'harness error', detail: (e as Error).message, errorKind: 'harness' };
  }
}

async function runDecrypt(c: DecryptCase, impl: Implementation, env: Environment, options: RunOptions): Promise<Judgement> {
  for (const replay of c.kmsReplay) await env.registerKmsReplay(replay);
  const key = 'name' in c.key ? await env.resolveKey(c.key) : env.completeKey(c.key);
  const request = {
    object: c.object,
    key,
    legacy: c.legacy,
    ...(c.commitmentPolicy ? { commitmentPolicy: c.commitmentPolicy } : {}),
    ...(c.encryptionContext ? { encryptionContext: c.encryptionContext } : {}),
  };
  return judge(c.expect, await attempt(() => impl.decrypt(request), options));
}

async function runRoundTrip(c: RoundTripCase, impl: Implementation, env: Environment, options: RunOptions): Promise<Judgement> {
  const key = await env.resolveKey(c.key);
  const plaintext = plaintextFromSeed(c.plaintext.seed, c.plaintext.length);
  const expected = describeExpected(c.expect);
  let written: StoredObject;
  try {
    written = await withTimeout(() => impl.encrypt({ plaintext, key, format: c.format, storage: c.storage }), options);
  } catch (e) {
    const o = outcomeOf(e);
    return o.kind === 'errored'
      ? { status: 'errored', expected, actual: 'encrypt failed', detail: o.message, errorKind: o.errorKind }
      : { status: 'fail', expected, actual: 'encrypt refused', detail: `encrypt refused: ${o.kind === 'refused' ? o.code : ''}` };
  }
  const violations = envelopeViolations(written, { format: c.format, storage: c.storage, wrap: wrapOf(key), plaintextBytes: plaintext.length });
  if (violations.length > 0) return { status: 'fail', expected: 'well-formed envelope', actual: 'malformed envelope', detail: violations.join('; ') };
  const tampered = c.tampering ? applyTampering(written, c.tampering) : { object: written, request: {} };
  const stored: StoredObject = { ...tampered.object, metadata: { ...tampered.object.metadata } };
  const legacy = tampered.request.legacy ?? { wraps: c.legacyOnRead, content: c.legacyOnRead };
  const ec = tampered.request.encryptionContext;
  return judge(c.expect, await attempt(() => impl.decrypt({ object: stored, key, legacy, ...(ec ? { encryptionContext: ec } : {}) }), options));
}

function wrapOf(key: KeySpec): string {
  return key.type === 'kms' ? 'kms+context' : key.type === 'rsa' ? 'RSA-OAEP-SHA1' : 'AES/GCM';
}
