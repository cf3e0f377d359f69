/**
 * Who takes part in `s3cse run` / `certify`: `--impl` names (bundled adapters) and paths (a folder
 * holding adapter.json, or a manifest file, anywhere on disk), and `--server URL` (a server someone
 * else started) with its `--claims` document. Every problem is a UsageError before anything starts.
 */
import { readFileSync } from 'node:fs';
import type { Capabilities } from '../protocol/messages.js';
import { isHarnessFault } from './fault.js';
import { protocolViolations } from './protocol/validate.js';
import { isAdapterPath, listAdapters, resolveAdapter, type LoadedAdapter } from './supervisor/manifest.js';
import { AdapterSession, type SessionOptions } from './supervisor/session.js';
import { UsageError, didYouMean } from './targets/usage-error.js';

/** The embedded target's port when a claims document does not say which endpoint its server was started with. */
export const DEFAULT_SERVER_TARGET_PORT = 4566;

export interface ClaimsDocument {
  readonly id: string;
  readonly capabilities: Capabilities;
  readonly server?: { readonly url?: string; readonly start?: string; readonly env?: Readonly<Record<string, string>> };
}

export type Participant =
  | { readonly kind: 'adapter'; readonly id: string; readonly adapter: LoadedAdapter }
  | { readonly kind: 'server'; readonly id: string; readonly url: string; readonly claims?: ClaimsDocument };

export function resolveParticipants(impls: readonly string[], server: string | undefined, claimsFile: string | undefined): Participant[] {
  if (claimsFile !== undefined && server === undefined) throw new UsageError('--claims describes a --server: give --server URL too');
  const out: Participant[] = impls.map((spec) => {
    const adapter = adapterFor(spec);
    return { kind: 'adapter', id: adapter.manifest.name, adapter };
  });
  if (server !== undefined) {
    const claims = claimsFile === undefined ? undefined : loadClaims(claimsFile);
    out.push({ kind: 'server', id: claims?.id ?? 'server', url: checkedUrl(server), ...(claims ? { claims } : {}) });
  }
  if (out.length === 0) throw new UsageError('--impl: name at least one implementation (or give --server URL)');
  const ids = out.map((p) => p.id);
  const twice = ids.find((id, n) => ids.indexOf(id) !== n);
  if (twice) throw new UsageError(`--impl: two implementations are named ${twice}; each needs its own name (the manifest's name, the claims' id)`);
  return out;
}

function adapterFor(spec: string): LoadedAdapter {
  if (!isAdapterPath(spec)) {
    const known = listAdapters();
    if (!known.includes(spec))
      throw new UsageError(`--impl: no adapter named ${spec}${didYouMean(spec, known)} (known: ${known.join(', ')}; or give a path to a folder holding adapter.json, or to the manifest)`);
  }
  try {
    return resolveAdapter(spec);
  } catch (e) {
    // A manifest that is missing, not JSON or breaks its schema: the message names the file and each violation.
    if (isHarnessFault(e, 'startup-failed')) throw new UsageError(`--impl: ${e.message}`);
    throw e;
  }
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--server: ${url} is not a URL (http://127.0.0.1:8081, say)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--server: ${url} is not an http(s) URL`);
  return url.replace(/\/$/, '');
}

/** A claims document, checked against protocol/schemas/claims.schema.json. */
export function loadClaims(file: string): ClaimsDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--claims: ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(e as Error).message})`}`);
  }
  const violations = protocolViolations('claims', doc);
  if (violations.length > 0) throw new UsageError(`--claims: ${file}: ${violations.join('; ')}`);
  return doc as ClaimsDocument;
}

/**
 * The embedded target's port for a run with --server: --target-port, else the port of the
 * AWS_ENDPOINT_URL the claims say the server was started with, else 4566 (PROTOCOL.md).
 */
export function serverTargetPort(participants: readonly Participant[], explicit: number | undefined): number | undefined {
  const server = participants.find((p) => p.kind === 'server');
  if (!server) return explicit;
  if (explicit !== undefined) return explicit;
  const endpoint = server.claims?.server?.env?.['AWS_ENDPOINT_URL'];
  const port = endpoint ? Number(new URL(endpoint).port) : NaN;
  return Number.isInteger(port) && port > 0 ? port : DEFAULT_SERVER_TARGET_PORT;
}

export async function openParticipant(p: Participant, options: SessionOptions): Promise<AdapterSession> {
  if (p.kind === 'adapter') return AdapterSession.open(p.adapter, options);
  return AdapterSession.connect({ url: p.url, id: p.id, ...(p.claims ? { claims: p.claims.capabilities } : {}) }, options);
}
