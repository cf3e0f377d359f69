/**
 * The interpreter of declarative tamperings (vectors/schemas/case-common.schema.json#tampering).
 * Interim: the operations arrive with the negative catalogue's generator.
 */
import type { StoredObject } from './adapter.js';
import type { Tampering } from '../vectors/corpus.js';

export function applyTamperings(object: StoredObject, ops: readonly Tampering[]): StoredObject {
  if (ops.length > 0) throw new Error(`tampering: no interpreter for ${ops.map((o) => o.op).join(', ')} yet`);
  return object;
}
