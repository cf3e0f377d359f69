/**
 * Seed objects the mutations start from: every format, wrap and storage mode the reference
 * writes, plus hand-built legacy objects (legacy-seeds.ts). A seed records what it is, so the
 * oracle knows which of its fields are authenticated and which decrypt settings admit it.
 */
import { collectBody as collect, encryptObject, type Description, type StorageMode } from '@s3cse/reference';
import type { FuzzKeyrings, KeyKind } from './keys.js';
import { legacySeeds } from './legacy-seeds.js';
import { seedPlaintext, type FuzzSeed } from './seed.js';

export type { FuzzSeed } from './seed.js';

/** JSON-safe form, for worker threads and the corpus file. */
export interface SerializedSeed extends Omit<FuzzSeed, 'plaintext' | 'body'> {
  readonly plaintext: string;
  readonly body: string;
}

/** Small bodies keep inputs cheap; 17 crosses a block boundary, 64 has CBC-truncatable padding. */
export const SEED_SIZES = [0, 1, 17, 64] as const;

interface WriteChoice {
  readonly format: 'v2' | 'v3';
  readonly keyKind: KeyKind;
  readonly storage: StorageMode;
  readonly size: number;
}

const KMS_CONTEXT: Description = { tenant: 'alpha', purpose: 'fuzz' };
const WRAP_OF: Record<KeyKind, string> = { aes: 'AES/GCM', rsa: 'RSA-OAEP-SHA1', kms: 'kms+context' };

async function writtenSeed(keyrings: FuzzKeyrings, choice: WriteChoice, salt: number): Promise<FuzzSeed> {
  const { format, keyKind, storage, size } = choice;
  const plaintext = seedPlaintext(size, salt);
  const callerContext = keyKind === 'kms' ? KMS_CONTEXT : undefined;
  const enc = await encryptObject(plaintext, {
    keyring: keyrings.right[keyKind],
    format,
    commitmentPolicy: format === 'v2' ? 'FORBID_ENCRYPT_ALLOW_DECRYPT' : 'REQUIRE_ENCRYPT_ALLOW_DECRYPT',
    storage,
    ...(callerContext ? { description: callerContext } : {}),
  });
  return {
    id: `${format}-${keyKind}-${storage}-${size}`,
    format,
    content: format === 'v3' ? 'gcm-committing' : 'gcm',
    wrap: WRAP_OF[keyKind],
    keyKind,
    legacyWrap: false,
    plaintext,
    body: await collect(enc.body),
    metadata: enc.metadata,
    ...(enc.instructionFile === undefined ? {} : { instructionFile: enc.instructionFile }),
    ...(callerContext ? { callerContext } : {}),
  };
}

export interface CorpusOptions {
  /** Write RSA seeds (each RSA decrypt costs about a millisecond). */
  readonly rsa?: boolean;
  readonly sizes?: readonly number[];
}

/** Every written combination (format × keyring × storage × size), then the legacy objects. */
export async function buildCorpus(keyrings: FuzzKeyrings, options: CorpusOptions = {}): Promise<FuzzSeed[]> {
  const kinds: KeyKind[] = options.rsa === false ? ['aes', 'kms'] : ['aes', 'kms', 'rsa'];
  const seeds: FuzzSeed[] = [];
  let salt = 0;
  for (const format of ['v2', 'v3'] as const) {
    for (const keyKind of kinds) {
      for (const storage of ['metadata', 'instruction'] as const) {
        for (const size of options.sizes ?? SEED_SIZES) seeds.push(await writtenSeed(keyrings, { format, keyKind, storage, size }, salt++));
      }
    }
  }
  seeds.push(...(await legacySeeds(keyrings, options.sizes ?? SEED_SIZES)));
  return seeds;
}

export function serializeSeed(seed: FuzzSeed): SerializedSeed {
  return { ...seed, plaintext: seed.plaintext.toString('base64'), body: seed.body.toString('base64') };
}

export function deserializeSeed(seed: SerializedSeed): FuzzSeed {
  return { ...seed, plaintext: Buffer.from(seed.plaintext, 'base64'), body: Buffer.from(seed.body, 'base64') };
}
