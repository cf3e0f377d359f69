/**
 * Turns catalogue ops into concrete interpreter ops for one source: the same tampering names a
 * metadata key on an object that keeps its envelope in metadata and an instruction-file field on
 * one that keeps it in an instruction file.
 */
import { createHash } from 'node:crypto';
import type { Op } from './catalogue-types.js';
import type { Source } from './sources.js';

const V3_OBJECT_KEYS = new Set(['x-amz-c', 'x-amz-d', 'x-amz-i']);

export function wrappedKeyName(s: Source): string {
  return s.format === 'v3' ? 'x-amz-3' : s.format === 'v2' ? 'x-amz-key-v2' : 'x-amz-key';
}

/** Where a key of this source's envelope lives, or would live if it were added. */
export function locationOf(s: Source, key: string): 'metadata' | 'instruction-file' {
  if (s.inInstructionFile.has(key)) return 'instruction-file';
  if (key in s.case.inputs.object.metadata) return 'metadata';
  // A new key goes where the envelope is, except the V3 keys the format keeps on the object.
  return s.storage === 'instruction' && !(s.format === 'v3' && V3_OBJECT_KEYS.has(key)) ? 'instruction-file' : 'metadata';
}

export function setKey(s: Source, key: string, value: string): Op {
  return locationOf(s, key) === 'metadata' ? { op: 'set-metadata', key, value } : { op: 'set-instruction-field', field: key, value };
}

export function deleteKey(s: Source, key: string): Op | undefined {
  if (!(key in s.envelope)) return undefined;
  return locationOf(s, key) === 'metadata' ? { op: 'delete-metadata', key } : { op: 'delete-instruction-field', field: key };
}

/** Removes a key the ops before it may have added, so its presence in the source is not required. */
export function dropKey(s: Source, key: string): Op {
  return locationOf(s, key) === 'metadata' ? { op: 'delete-metadata', key } : { op: 'delete-instruction-field', field: key };
}

export function renameKey(s: Source, from: string, to: string): Op[] {
  const value = s.envelope[from];
  if (value === undefined) return [];
  if (locationOf(s, from) === 'metadata' && locationOf(s, to) === 'metadata') return [{ op: 'rename-metadata', from, to }];
  return [deleteKey(s, from)!, setKey(s, to, value)];
}

/** Resolves `target: "envelope"`, `key: "$wrapped-key"` and `set-envelope` / `delete-envelope` pseudo-ops. */
export function resolveOp(s: Source, op: Op): Op {
  const key = op['key'] === '$wrapped-key' ? wrappedKeyName(s) : (op['key'] as string | undefined);
  if (op.op === 'set-envelope') return setKey(s, key!, String(op['value']));
  if (op.op === 'delete-envelope') return deleteKey(s, key!) ?? { op: 'delete-metadata', key: key! };
  const resolved: Record<string, unknown> = { ...op };
  if (key !== undefined) resolved['key'] = key;
  if (op['target'] === 'envelope') {
    resolved['target'] = locationOf(s, key!);
  }
  return resolved as Op;
}

/** Deterministic bytes for a case: SHA-256 chains of a label, so regeneration is byte-identical. */
export function labelBytes(label: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0, at = 0; at < length; i++, at += 32) createHash('sha256').update(`${label}#${i}`).digest().copy(out, at);
  return out;
}
