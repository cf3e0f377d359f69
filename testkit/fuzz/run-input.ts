/**
 * Runs one plan through the offline decrypt path and classifies what came back. The body is read
 * to the end: with delayed authentication a bad tag only shows there.
 */
import { Readable } from 'node:stream';
import { decryptObject, type StoredObject } from '@s3cse/reference';
import type { Candidate } from './candidate.js';
import type { FuzzKeyrings } from './keys.js';
import { knownBug, type KnownBug } from './known-bugs.js';
import { buildCandidate, type Plan, type ReadConfig } from './mutations.js';
import { authenticatedView, judge, type Result, type Verdict } from './oracle.js';
import type { FuzzSeed } from './seeds.js';

export interface Outcome {
  readonly seed: FuzzSeed;
  readonly candidate: Candidate;
  readonly verdict: Verdict;
  readonly known: KnownBug | undefined;
  /** The thrown value, for untyped reports (stack) only. */
  readonly error?: unknown;
  /** On success: how many plaintext bytes came back, and the length the reader declared. */
  readonly returned?: { readonly bytes: number; readonly contentLength: number | undefined };
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/**
 * A native web stream, not `Readable.toWeb()`: Node 20's adapter throws an uncaught
 * ERR_INVALID_STATE when such a stream is cancelled while its source still flows (nodejs/node
 * #54205, open), which a decryption that stops early does. reference/README.md says so.
 */
function webStream(bytes: Buffer, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += size)));
    },
  });
}

/** The body in the shape the candidate asks for (same bytes, other BodyInput). */
function bodyInput(c: Candidate): unknown {
  if (!Buffer.isBuffer(c.body) || c.bodyForm === 'buffer') return c.body;
  const size = Math.max(1, c.chunkSize);
  if (c.bodyForm === 'chunks') return pieces(c.body, size);
  if (c.bodyForm === 'stream') return Readable.from(pieces(c.body, size), { objectMode: false });
  if (c.bodyForm === 'web') return webStream(c.body, size);
  return new Blob([c.body]);
}

function storedObject(c: Candidate, config: ReadConfig): StoredObject {
  const realLength = Buffer.isBuffer(c.body) ? c.body.length : undefined;
  const contentLength = c.contentLength ?? (config.giveLength ? realLength : undefined);
  return {
    body: bodyInput(c),
    metadata: c.metadata,
    ...(c.instructionFile === undefined ? {} : { instructionFile: c.instructionFile }),
    ...(contentLength === undefined ? {} : { contentLength }),
  } as StoredObject;
}

async function decrypt(c: Candidate, config: ReadConfig, keyrings: FuzzKeyrings): Promise<Result> {
  try {
    const out = await decryptObject(storedObject(c, config), {
      keyring: keyrings[c.keySet === 'right' ? 'right' : 'wrong'][c.keyKind],
      commitmentPolicy: config.policy,
      legacyUnauthenticatedModes: config.legacyContent,
      legacyWrappingAlgorithms: config.legacyWrap,
      delayedAuthentication: config.delayed,
      ...(c.bufferSize === undefined ? {} : { bufferSize: c.bufferSize }),
      ...(c.callerContext === undefined ? {} : { encryptionContext: c.callerContext }),
    });
    const parts: Buffer[] = [];
    for await (const part of out.body) parts.push(part as Buffer);
    return { ok: true, plaintext: Buffer.concat(parts), contentLength: out.contentLength };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Each seed's own view is computed once per process, not once per input. */
const views = new WeakMap<FuzzSeed, Record<string, string>>();

function originalView(seed: FuzzSeed): Record<string, string> {
  let view = views.get(seed);
  if (!view) views.set(seed, (view = authenticatedView(seed, seed.metadata, seed.instructionFile)));
  return view;
}

export async function runPlan(corpus: readonly FuzzSeed[], plan: Plan, keyrings: FuzzKeyrings): Promise<Outcome> {
  const { seed, candidate } = buildCandidate(corpus, plan);
  const result = await decrypt(candidate, plan.config, keyrings);
  const verdict = judge(seed, candidate, plan.config, result, originalView(seed));
  const known = knownBug(seed, candidate, verdict);
  if (!result.ok) return { seed, candidate, verdict, known, error: result.error };
  return { seed, candidate, verdict, known, returned: { bytes: result.plaintext.length, contentLength: result.contentLength } };
}
