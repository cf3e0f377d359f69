import { createHash } from 'node:crypto';

/** SHA-256 hex: how the suites compare plaintexts without keeping or reporting them. */
export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
