/**
 * Property tests (fast-check, fixed seed) of the metadata layer: normalizeMetadata,
 * locateEnvelope (format detection), decodeEnvelope and the instruction-file parser. Each either
 * returns a well-formed value or throws an S3EncryptionError with a known code; never a
 * TypeError, RangeError or anything else. The big run is `npm run fuzz` (bench/README.md).
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR_CODES, isS3EncryptionError } from '../src/errors.js';
import { decodeEnvelope, locateEnvelope, normalizeMetadata } from '../src/metadata/codec.js';
import type { Envelope } from '../src/metadata/envelope.js';
import { parseInstructionFile } from '../src/metadata/instruction-file.js';
import { instructionFields } from '../../testkit/fuzz/candidate.js';
import { fuzzKeyrings } from '../../testkit/fuzz/keys.js';
import { buildCandidate, MUTATION_KINDS, type MutationKind } from '../../testkit/fuzz/mutations.js';
import { buildCorpus } from '../../testkit/fuzz/seeds.js';
import { ENVELOPE_KEYS, GARBAGE_VALUES, JSON_GARBAGE } from '../../testkit/fuzz/values.js';

/** Fixed: a failure here reproduces on every machine (fast-check prints the seed and path). */
const SEED = 0x5eed0010;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };

/** Runs `fn`; a typed refusal is an outcome, anything else thrown fails the property with its stack. */
function typed<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (isS3EncryptionError(e) && ERROR_CODES[e.code] === e.category) return { ok: false, code: e.code };
    throw new Error(`untyped exception: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

const keyArb = fc.oneof(
  fc.constantFrom(...ENVELOPE_KEYS),
  fc.constantFrom(...ENVELOPE_KEYS).map((k) => `X-Amz-Meta-${k.toUpperCase()}`),
  fc.string({ maxLength: 12 }),
);
const valueArb = fc.oneof(
  fc.constantFrom(...GARBAGE_VALUES),
  fc.constantFrom(...JSON_GARBAGE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
  fc.json({ maxDepth: 2 }),
);
const metadataArb = fc.dictionary(keyArb, valueArb, { maxKeys: 12 });

/** What every decoded envelope must satisfy, whatever metadata it came from. */
function assertWellFormed(env: Envelope): void {
  assert.ok(env.encryptedKey.length > 0, 'empty wrapped key');
  if (env.format === 'v3') {
    assert.is(env.content, 'gcm-committing');
    assert.is(env.messageId?.length, 28);
    assert.is(env.commitment?.length, 28);
  } else {
    assert.is(env.iv?.length, env.content === 'gcm' ? 12 : 16);
  }
  assert.ok(Object.values(env.description).every((v) => typeof v === 'string'));
  if (env.plaintextLength !== undefined) assert.ok(Number.isSafeInteger(env.plaintextLength) && env.plaintextLength >= 0);
}

/** normalize → locate → decode, as decryptObject chains them. */
function decodeAll(metadata: Record<string, string>, instructionFile?: string): Outcome<Envelope> {
  const meta = typed(() => normalizeMetadata(metadata));
  if (!meta.ok) return meta;
  const location = typed(() => locateEnvelope(meta.value));
  if (!location.ok) return location;
  const file = instructionFile === undefined ? undefined : typed(() => parseInstructionFile(instructionFile));
  if (file && !file.ok) return file;
  return typed(() => decodeEnvelope(meta.value, file?.value));
}

/** Counts outcomes, so a test can also check that its generator reaches deep enough to matter. */
function tally(): { add(out: Outcome<unknown>): void; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  return { counts, add: (out) => void (counts[out.ok ? 'ok' : out.code] = (counts[out.ok ? 'ok' : out.code] ?? 0) + 1) };
}

test('random metadata maps: the decoders return a well-formed envelope or a typed error', () => {
  const seen = tally();
  fc.assert(
    fc.property(metadataArb, fc.option(fc.oneof(fc.json(), fc.string()), { nil: undefined }), (metadata, file) => {
      const out = decodeAll(metadata, file);
      seen.add(out);
      if (out.ok) assertWellFormed(out.value);
    }),
    runs(800),
  );
  assert.ok(Object.keys(seen.counts).length >= 3, JSON.stringify(seen.counts));
});

// uvu loads tests as CommonJS (no top-level await): each test awaits the one shared corpus.
const corpusReady = buildCorpus(fuzzKeyrings(), { sizes: [1] });
const metadataKinds = MUTATION_KINDS.filter((k): k is MutationKind => !/body|keyring|context$|length-lie|tiny-buffer|structural/.test(k));

test('mutated real envelopes: the decoders return a well-formed envelope or a typed error', async () => {
  const corpus = await corpusReady;
  const seen = tally();
  const stepArb = fc.record({ kind: fc.constantFrom(...metadataKinds), a: fc.nat(), b: fc.nat() });
  fc.assert(
    fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(stepArb, { minLength: 1, maxLength: 4 }), (seedIndex, steps) => {
      const config = { policy: 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', legacyContent: true, legacyWrap: true, delayed: false, giveLength: false } as const;
      const { candidate } = buildCandidate(corpus, { seedIndex, config, steps });
      const file = typeof candidate.instructionFile === 'string' ? candidate.instructionFile : undefined;
      const out = decodeAll(candidate.metadata as Record<string, string>, file);
      seen.add(out);
      if (out.ok) assertWellFormed(out.value);
    }),
    runs(1000),
  );
  // Mutations must leave some envelopes decodable, or the invariants above are never exercised.
  assert.ok((seen.counts['ok'] ?? 0) > 100 && Object.keys(seen.counts).length >= 5, JSON.stringify(seen.counts));
});

/** An independent model of content-metadata.md "Determining S3EC Object Status". */
function expectedLocation(meta: Record<string, string>): string {
  const exclusive = ['x-amz-key', 'x-amz-key-v2', 'x-amz-3'].filter((k) => Object.hasOwn(meta, k)).length;
  if (exclusive > 1) return 'MALFORMED_METADATA';
  if (exclusive === 1) return 'object';
  const v3 = ['x-amz-c', 'x-amz-d', 'x-amz-i'].filter((k) => Object.hasOwn(meta, k)).length;
  return v3 === 3 ? 'instruction-file:v3' : v3 > 0 ? 'MALFORMED_METADATA' : 'instruction-file:v1v2';
}

test('format detection agrees with the spec model, and ignores key case and the x-amz-meta- prefix', () => {
  const envelopeKey = fc.constantFrom('x-amz-key', 'x-amz-key-v2', 'x-amz-3', 'x-amz-c', 'x-amz-d', 'x-amz-i', 'x-amz-iv', 'x-amz-w', 'other');
  const spelled = fc.tuple(envelopeKey, fc.nat(3)).map(([k, how]) => [k, ['', 'x-amz-meta-', 'X-AMZ-META-', 'X-Amz-Meta-'][how]! + (how > 1 ? k.toUpperCase() : k)] as const);
  fc.assert(
    fc.property(fc.uniqueArray(spelled, { selector: ([k]) => k, maxLength: 9 }), fc.string({ maxLength: 8 }), (pairs, value) => {
      const raw = Object.fromEntries(pairs.map(([, spelling]) => [spelling, value]));
      const canonical = Object.fromEntries(pairs.map(([k]) => [k, value]));
      const location = typed(() => locateEnvelope(normalizeMetadata(raw)));
      const got = location.ok ? (location.value.kind === 'object' ? 'object' : `instruction-file:${location.value.v3 ? 'v3' : 'v1v2'}`) : location.code;
      assert.is(got, expectedLocation(canonical));
    }),
    runs(600),
  );
});

test('instruction files: any text parses to a map of strings or fails typed; real files keep their fields', async () => {
  const corpus = await corpusReady;
  fc.assert(
    fc.property(fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ unit: 'binary' }), fc.constantFrom(...JSON_GARBAGE)), (text) => {
      const out = typed(() => parseInstructionFile(text));
      if (out.ok) assert.ok(Object.entries(out.value).every(([k, v]) => k === k.toLowerCase() && typeof v === 'string'));
    }),
    runs(600),
  );
  const files = corpus.filter((s) => s.instructionFile !== undefined);
  fc.assert(
    fc.property(fc.constantFrom(...files), fc.nat(2), (seed, spacing) => {
      const fields = instructionFields({ instructionFile: seed.instructionFile } as never)!.map;
      const upper = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toUpperCase(), v]));
      assert.equal(parseInstructionFile(JSON.stringify(upper, null, spacing)), fields);
    }),
    runs(100),
  );
});

test.run();
