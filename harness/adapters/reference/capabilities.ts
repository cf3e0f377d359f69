import type { Capabilities } from '../../protocol/messages.js';

const ALL_KEYS = ['aes', 'rsa', 'kms'] as const;
const BOTH_STORAGES = ['metadata', 'instruction'] as const;

/** What the reference claims over the protocol. */
export function referenceCapabilities(): Capabilities {
  return {
    protocol: 's3cse-adapter/1',
    implementation: { name: 's3-cse-conformance reference', version: '0.1.0', language: 'typescript', library: 's3-cse-conformance/reference' },
    write: [
      { format: 'v2', keys: ALL_KEYS, storage: BOTH_STORAGES },
      { format: 'v3', keys: ALL_KEYS, storage: BOTH_STORAGES },
    ],
    read: (['v1-eo', 'v1-ae', 'v2', 'v3'] as const).map((format) => ({ format, keys: ALL_KEYS, storage: BOTH_STORAGES })),
    features: ['range', 'reencrypt', 'instruction-file-suffix', 'encryption-context', 'delayed-authentication'],
  };
}
