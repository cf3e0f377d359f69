import type { Capabilities } from '../../protocol/messages.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { KEY_KINDS as ALL_KEYS, STORAGES as BOTH_STORAGES } from '../../protocol/vocabulary.js';

/** What the reference claims over the protocol. */
export function referenceCapabilities(): Capabilities {
  return {
    protocol: PROTOCOL_VERSION,
    implementation: { name: 's3-cse-conformance reference', version: '0.1.0', language: 'typescript', library: 's3-cse-conformance/reference' },
    write: [
      { format: 'v2', keys: ALL_KEYS, storage: BOTH_STORAGES },
      { format: 'v3', keys: ALL_KEYS, storage: BOTH_STORAGES },
    ],
    read: (['v1-eo', 'v1-ae', 'v2', 'v3'] as const).map((format) => ({ format, keys: ALL_KEYS, storage: BOTH_STORAGES })),
    features: ['range', 'reencrypt', 'instruction-file-suffix', 'encryption-context', 'delayed-authentication', 'delete', 'multipart'],
  };
}
