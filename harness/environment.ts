import { readFileSync } from 'node:fs';
import type { KeySpec } from '../suites/adapter.js';
import type { KeyRef, KmsReplaySpec } from '../suites/case.js';
import type { Environment } from '../suites/run.js';
import type { EmbeddedTarget } from './targets/embedded/server.js';

interface KeysManifest {
  readonly keys: Readonly<
    Record<string, { type: 'aes'; material: string } | { type: 'rsa'; private: string; public: string } | { type: 'kms'; keyId: string; material: string }>
  >;
}

export function loadKeysManifest(): KeysManifest {
  return JSON.parse(readFileSync(new URL('../vectors/keys/keys.json', import.meta.url), 'utf8')) as KeysManifest;
}

/**
 * Keys and KMS for a run on the embedded target: raw keys come from vectors/keys/keys.json, KMS
 * keys are created in the target's KMS with the manifest's id and material on first use.
 */
export function embeddedEnvironment(target: EmbeddedTarget): Environment {
  const manifest = loadKeysManifest();
  const created = new Set<string>();
  return {
    async resolveKey(ref: KeyRef): Promise<KeySpec> {
      const k = manifest.keys[ref.name];
      if (!k) throw new Error(`no key named ${ref.name} in vectors/keys/keys.json`);
      if (k.type === 'aes') return { type: 'aes', keyHex: k.material };
      if (k.type === 'rsa') return { type: 'rsa', privatePem: k.private, publicPem: k.public };
      if (!created.has(k.keyId)) {
        // Another run on the same target (another implementation) may have created it already.
        if (!target.kms.hasKey(k.keyId)) target.kms.createKey({ keyId: k.keyId, material: Buffer.from(k.material, 'hex') });
        created.add(k.keyId);
      }
      return { type: 'kms', keyId: k.keyId, kmsEndpoint: target.endpoint };
    },
    completeKey(key: KeySpec): KeySpec {
      return key.type === 'kms' && key.kmsEndpoint === undefined ? { ...key, kmsEndpoint: target.endpoint } : key;
    },
    async registerKmsReplay(replay: KmsReplaySpec): Promise<void> {
      target.kms.registerReplay({
        ciphertextBlob: replay.ciphertextBlob,
        plaintext: replay.plaintext,
        keyId: replay.keyId,
        ...(replay.expectedEncryptionContext ? { expectedEncryptionContext: replay.expectedEncryptionContext } : {}),
      });
    },
  };
}
