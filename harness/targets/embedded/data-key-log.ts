/**
 * S3CSE_DATA_KEY_LOG=FILE makes every embedded target of the process append each plaintext data
 * key its KMS hands out or unwraps to FILE, one JSON line each. Only the secret-hygiene scan
 * (harness/secret-scan.ts) sets it, with FILE outside the folders it scans: the data keys are
 * random per object, and this is the one place the harness can learn them, so it can look for
 * them in reports and logs.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { DataKeyEvent } from './kms.js';

export const DATA_KEY_LOG_ENV = 'S3CSE_DATA_KEY_LOG';

export interface LoggedDataKey {
  readonly operation: DataKeyEvent['operation'];
  readonly keyId: string;
  readonly dataKeyHex: string;
}

export function dataKeyLoggerFromEnv(env: NodeJS.ProcessEnv = process.env): ((event: DataKeyEvent) => void) | undefined {
  const file = env[DATA_KEY_LOG_ENV];
  if (!file) return undefined;
  return (event) => {
    const line: LoggedDataKey = { operation: event.operation, keyId: event.keyId, dataKeyHex: event.plaintext.toString('hex') };
    appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
  };
}

/** Every logged data key, in order (a key unwrapped again is listed again). */
export function readDataKeyLog(file: string): LoggedDataKey[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LoggedDataKey);
}
