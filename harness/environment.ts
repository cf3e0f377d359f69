import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KeySpec } from '../suites/adapter.js';
import type { KeyRef, KmsReplaySpec } from '../suites/case.js';
import type { Environment } from '../suites/run.js';
import type { ReplayingTarget } from './targets/target.js';

interface KeysManifest {
  readonly keys: Readonly<Record<string, { type: 'aes'; material: string } | { type: 'rsa'; private: string; public: string } | { type: 'kms'; keyId: string; material: string }>>;
}

/** Names a keys file of the same shape as vectors/keys/keys.json to use instead of it. */
export const KEYS_FILE_ENV = 'S3CSE_KEYS_FILE';

/**
 * The public test keys, unless S3CSE_KEYS_FILE names another file: the secret-hygiene scan
 * (harness/secret-scan.ts) runs every suite with recognisable canary keys this way, then looks for
 * them in every report and log. An environment variable rather than an option, so the keys reach
 * every place that loads them (in-process suites, bridged suites, adapter keys) in one go.
 */
export function keysFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env[KEYS_FILE_ENV] || fileURLToPath(new URL('../vectors/keys/keys.json', import.meta.url));
}

export function loadKeysManifest(): KeysManifest {
  const path = keysFilePath();
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeysManifest>;
  if (typeof manifest.keys !== 'object' || manifest.keys === null) throw new Error(`${path} has no "keys" object`);
  return manifest as KeysManifest;
}

/** One stderr line when the keys are not the public ones, so a log shows which keys a run used. */
export function announceKeysFile(log: (line: string) => void): void {
  if (process.env[KEYS_FILE_ENV]) log(`keys from ${keysFilePath()} (${KEYS_FILE_ENV})`);
}

/**
 * Keys and KMS for a run on a target that replays KMS answers (the embedded one): raw keys come
 * from vectors/keys/keys.json, KMS keys are created in the target's KMS with the manifest's id and
 * material on first use, and recorded answers go to the target's `kmsReplay`.
 */
export function replayEnvironment(target: ReplayingTarget): Environment {
  const manifest = loadKeysManifest();
  const created = new Set<string>();
  return {
    async resolveKey(ref: KeyRef): Promise<KeySpec> {
      const k = manifest.keys[ref.name];
      if (!k) throw new Error(`no key named ${ref.name} in ${keysFilePath()}`);
      if (k.type === 'aes') return { type: 'aes', keyHex: k.material };
      if (k.type === 'rsa') return { type: 'rsa', privatePem: k.private, publicPem: k.public };
      if (!created.has(k.keyId)) {
        // Another run on the same target (another implementation) may have created it already.
        if (!target.kmsReplay.hasKey(k.keyId)) await target.createKmsKey({ keyId: k.keyId, material: Buffer.from(k.material, 'hex') });
        created.add(k.keyId);
      }
      return { type: 'kms', keyId: k.keyId, kmsEndpoint: target.kmsEndpoint };
    },
    completeKey(key: KeySpec): KeySpec {
      return key.type === 'kms' && key.kmsEndpoint === undefined ? { ...key, kmsEndpoint: target.kmsEndpoint } : key;
    },
    async registerKmsReplay(replay: KmsReplaySpec): Promise<void> {
      target.kmsReplay.register({
        ciphertextBlob: replay.ciphertextBlob,
        plaintext: replay.plaintext,
        keyId: replay.keyId,
        ...(replay.expectedEncryptionContext ? { expectedEncryptionContext: replay.expectedEncryptionContext } : {}),
      });
    },
  };
}
