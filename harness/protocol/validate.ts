/**
 * ajv validators for the protocol's JSON messages (`--validate-protocol`) and adapter manifests.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';

export type MessageName =
  | 'client-request'
  | 'client-response'
  | 'put-response'
  | 'delete-request'
  | 'delete-response'
  | 'reencrypt-request'
  | 'reencrypt-response'
  | 'capabilities'
  | 'error'
  | 'adapter-manifest'
  | 'claims';

// The schemas are the protocol's (protocol/schemas/); this is the harness's checker of them.
const SCHEMA_DIR = new URL('../../protocol/schemas/', import.meta.url);
let compiled: Map<MessageName, ValidateFunction> | undefined;

function validators(): Map<MessageName, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const byName = new Map<MessageName, ValidateFunction>();
  const files = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'));
  for (const file of files) ajv.addSchema(JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as object, file);
  for (const file of files) {
    const fn = ajv.getSchema(file);
    if (fn) byName.set(file.replace('.schema.json', '') as MessageName, fn);
  }
  compiled = byName;
  return byName;
}

/** Violations of the message's schema, one line each; empty when valid. */
export function protocolViolations(name: MessageName, value: unknown): string[] {
  const fn = validators().get(name);
  if (!fn) throw new Error(`no schema for protocol message ${name}`);
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e) => `${name}${e.instancePath || ''} ${e.message ?? 'is invalid'}`);
}
