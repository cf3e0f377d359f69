/**
 * S3CSE_CHILD_LOG_DIR=DIR copies everything each child server (adapters, moto, LocalStack) prints
 * to DIR/<label>.log. Normally their output is kept only as a short tail for error messages; the
 * secret-hygiene scan sets this so it can check what adapters print, not just what reaches a report.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CHILD_LOG_DIR_ENV = 'S3CSE_CHILD_LOG_DIR';

export function childLogFromEnv(label: string, env: NodeJS.ProcessEnv = process.env): ((chunk: Buffer) => void) | undefined {
  const dir = env[CHILD_LOG_DIR_ENV];
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${label.replace(/[^A-Za-z0-9._-]/g, '_')}.log`);
  return (chunk) => appendFileSync(file, chunk);
}
