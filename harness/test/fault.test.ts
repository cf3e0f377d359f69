/**
 * The harness fault taxonomy (harness/fault.ts) against the errorKind strings results carry: each
 * fault kind lands on its own errorKind, outcomes keep theirs, and anything else is the harness's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isErrorKind } from '../../suites/error-kind.js';
import { FAULT_KINDS, HarnessFault, isHarnessFault } from '../fault.js';
import { CallFailure, errorKindOf } from '../supervisor/call-failure.js';

test('every fault kind maps to a distinct errorKind that results accept', () => {
  const kinds = FAULT_KINDS.map((k) => new HarnessFault(k, k).errorKind);
  assert.equal(kinds, ['unreachable', 'did-not-start', 'protocol-violation:schema', 'timeout', 'version-mismatch']);
  assert.ok(kinds.every(isErrorKind));
});

test('details refine the errorKind: which violation, a timeout during the body', () => {
  assert.is(new HarnessFault('protocol-violation', 'x', { violation: 'truncated-json' }).errorKind, 'protocol-violation:truncated-json');
  assert.is(new HarnessFault('timeout', 'x', { duringBody: true }).errorKind, 'timeout:slow-body');
  assert.is(new HarnessFault('timeout', 'x', { violation: 'not-json' }).violation, undefined, 'a violation only belongs to protocol-violation');
});

test('outcomes stay outcomes: a refusal has no errorKind, an adapter error keeps its own', () => {
  const refusal = CallFailure.refused('security', 'AEADBadTag', 'tag mismatch');
  assert.equal([refusal.kind, refusal.category, refusal.code, refusal.errorKind], ['refused', 'security', 'AEADBadTag', undefined]);
  assert.not.ok(isHarnessFault(refusal));
  assert.is(errorKindOf(CallFailure.errored('adapter-error', 'NPE')), 'adapter-error');
  assert.is(errorKindOf(new HarnessFault('cannot-connect', 'ECONNREFUSED')), 'unreachable');
  assert.is(errorKindOf(new TypeError('a bug of ours')), 'harness');
  assert.ok(isHarnessFault(new HarnessFault('timeout', 't'), 'timeout'));
  assert.not.ok(isHarnessFault(new HarnessFault('timeout', 't'), 'cannot-connect'));
});

test.run();
