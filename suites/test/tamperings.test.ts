import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyTampering, asTampering, TAMPERING_OPS, TamperingError, type TamperObject } from '../tamperings.js';

const iv = Buffer.from([0, 1, 2, 3]).toString('base64');
const object: TamperObject = {
  body: Uint8Array.from([10, 20, 30, 40]),
  metadata: { 'x-amz-iv': iv, 'x-amz-matdesc': '{"a":"1"}', 'x-amz-wrap-alg': 'AES/GCM' },
  instructionFile: '{"x-amz-3":"AAEC","x-amz-w":"02","x-amz-m":"{}"}',
};

const run = (...ops: unknown[]) => applyTampering(object, ops, { instructionFileOf: (id) => (id === 'other/case' ? '{"x-amz-3":"BBBB"}' : undefined) });
const file = (r: { object: TamperObject }) => JSON.parse(r.object.instructionFile ?? 'null') as Record<string, unknown>;

function refused(code: string, ...ops: unknown[]): void {
  try {
    run(...ops);
  } catch (e) {
    assert.instance(e, TamperingError);
    assert.is((e as TamperingError).code, code, (e as Error).message);
    return;
  }
  assert.unreachable(`${JSON.stringify(ops)} was applied`);
}

test('flip-bit flips one bit of the body, counting negative indexes from the end, and leaves the input alone', () => {
  assert.equal([...run({ op: 'flip-bit', target: 'body', index: -1 }).object.body], [10, 20, 30, 41]);
  assert.equal([...run({ op: 'flip-bit', target: 'body', index: 0, bit: 7 }).object.body], [138, 20, 30, 40]);
  assert.equal([...object.body], [10, 20, 30, 40]);
});

test('flip-bit decodes a base64 metadata value or instruction field, flips, and re-encodes it', () => {
  assert.equal([...Buffer.from(run({ op: 'flip-bit', target: 'metadata', key: 'x-amz-iv', index: 0 }).object.metadata['x-amz-iv']!, 'base64')], [1, 1, 2, 3]);
  assert.is(file(run({ op: 'flip-bit', target: 'instruction-file', key: 'x-amz-3', index: -1 }))['x-amz-3'], Buffer.from([0, 1, 3]).toString('base64'));
});

test('truncate-body removes bytes from the end', () => {
  assert.equal([...run({ op: 'truncate-body', bytes: 3 }).object.body], [10]);
  refused('not-applicable', { op: 'truncate-body', bytes: 5 });
});

test('set-, delete- and rename-metadata edit the metadata map', () => {
  assert.is(run({ op: 'set-metadata', key: 'x-amz-c', value: '115' }).object.metadata['x-amz-c'], '115');
  assert.not.ok('x-amz-wrap-alg' in run({ op: 'delete-metadata', key: 'x-amz-wrap-alg' }).object.metadata);
  assert.ok(run({ op: 'delete-metadata', key: 'absent' }));
  const renamed = run({ op: 'rename-metadata', from: 'x-amz-iv', to: 'x-amz-i' }).object.metadata;
  assert.is(renamed['x-amz-i'], iv);
  assert.not.ok('x-amz-iv' in renamed);
  refused('not-applicable', { op: 'rename-metadata', from: 'absent', to: 'x' });
});

test('append-base64 extends a base64 value', () => {
  assert.equal([...Buffer.from(run({ op: 'append-base64', key: 'x-amz-iv', base64: 'AAA=' }).object.metadata['x-amz-iv']!, 'base64')], [0, 1, 2, 3, 0, 0]);
});

test('set-json-field and delete-json-field edit a JSON-valued entry, in metadata or the instruction file', () => {
  assert.is(run({ op: 'set-json-field', key: 'x-amz-matdesc', field: 'b', value: '2' }).object.metadata['x-amz-matdesc'], '{"a":"1","b":"2"}');
  assert.is(run({ op: 'delete-json-field', key: 'x-amz-matdesc', field: 'a' }).object.metadata['x-amz-matdesc'], '{}');
  assert.is(file(run({ op: 'set-json-field', target: 'instruction-file', key: 'x-amz-m', field: 'k', value: 'v' }))['x-amz-m'], '{"k":"v"}');
  refused('not-applicable', { op: 'set-json-field', key: 'x-amz-iv', field: 'b', value: '2' });
  refused('not-applicable', { op: 'delete-json-field', key: 'x-amz-matdesc', field: 'zz' });
});

test('move-to-instruction-file moves metadata keys into the file, creating it when there is none', () => {
  const moved = run({ op: 'move-to-instruction-file', keys: ['x-amz-iv'] });
  assert.is(file(moved)['x-amz-iv'], iv);
  assert.not.ok('x-amz-iv' in moved.object.metadata);
  const created = applyTampering({ body: object.body, metadata: { a: 'b' } }, [{ op: 'move-to-instruction-file', keys: ['a'] }]);
  assert.is(created.object.instructionFile, '{"a":"b"}');
  refused('bad-field', { op: 'move-to-instruction-file', keys: [] });
});

test('instruction-file field ops set, delete and duplicate members', () => {
  assert.is(file(run({ op: 'set-instruction-field', field: 'x-amz-tag-len', value: 128 }))['x-amz-tag-len'], 128);
  assert.not.ok('x-amz-w' in file(run({ op: 'delete-instruction-field', field: 'x-amz-w' })));
  const dup = run({ op: 'duplicate-instruction-field', field: 'x-amz-w', value: '22' }).object.instructionFile!;
  assert.is(dup.match(/"x-amz-w"/g)?.length, 2);
  assert.ok(dup.startsWith('{"x-amz-w":"22",'));
  refused('not-applicable', { op: 'duplicate-instruction-field', field: 'absent', value: 'x' });
  refused('not-applicable', { op: 'delete-instruction-field', field: 'absent' });
});

test('set-, delete- and replace-instruction-file change the file as a whole', () => {
  assert.is(run({ op: 'set-instruction-file', text: '[' }).object.instructionFile, '[');
  assert.not.ok('instructionFile' in run({ op: 'delete-instruction-file' }).object);
  assert.is(run({ op: 'replace-instruction-file', fromCase: 'other/case' }).object.instructionFile, '{"x-amz-3":"BBBB"}');
  refused('not-applicable', { op: 'replace-instruction-file', fromCase: 'no/such' });
  refused('not-applicable', { op: 'delete-instruction-file' }, { op: 'delete-instruction-file' });
  refused('not-applicable', { op: 'set-instruction-file', text: '[' }, { op: 'set-instruction-field', field: 'a', value: 'b' });
});

test('request ops change what the reader passes, not the object', () => {
  const r = run({ op: 'set-request-encryption-context', context: { a: '1' } }, { op: 'set-request-legacy', wraps: true, content: false });
  assert.equal(r.request, { encryptionContext: { a: '1' }, legacy: { wraps: true, content: false } });
  assert.equal(r.object.metadata, object.metadata);
  refused('bad-field', { op: 'set-request-encryption-context', context: { a: 1 } });
});

test('bad ops are typed errors: not an op, unknown op, missing or mistyped fields, targets the object lacks', () => {
  refused('not-an-op', 'flip');
  refused('not-an-op', { name: 'flip-bit' });
  refused('unknown-op', { op: 'flip-byte' });
  refused('missing-field', { op: 'flip-bit', target: 'body' });
  refused('bad-field', { op: 'flip-bit', target: 'body', index: 1.5 });
  refused('bad-field', { op: 'flip-bit', target: 'body', index: 0, bit: 8 });
  refused('bad-field', { op: 'flip-bit', target: 'nowhere', index: 0 });
  refused('missing-field', { op: 'set-metadata', key: 'k' });
  refused('not-applicable', { op: 'flip-bit', target: 'metadata', key: 'absent', index: 0 });
  refused('not-applicable', { op: 'flip-bit', target: 'body', index: 4 });
  assert.throws(
    () => asTampering({ op: 'toString' }),
    (e: unknown) => e instanceof TamperingError && e.code === 'unknown-op',
  );
});

test('the schema describes exactly the ops the interpreter knows', () => {
  const schema = JSON.parse(readFileSync(new URL('../../vectors/schemas/case-common.schema.json', import.meta.url), 'utf8')) as {
    definitions: { tampering: { oneOf: { properties: { op: { const: string } }; description: string }[] } };
  };
  const described = schema.definitions.tampering.oneOf.map((o) => o.properties.op.const);
  assert.equal([...described].sort(), [...TAMPERING_OPS].sort());
  for (const o of schema.definitions.tampering.oneOf) assert.ok(o.description.length > 20, o.properties.op.const);
});

test.run();
