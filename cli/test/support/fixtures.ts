/**
 * A temporary folder (readable by an unprivileged child) with an AES key file and a plaintext,
 * for tests that run the command line on files.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Workspace {
  readonly dir: string;
  readonly path: (name: string) => string;
  readonly plaintext: Buffer;
  /** `--keyring` value for the AES key file. */
  readonly aes: string;
  remove(): void;
}

export function workspace(prefix: string, plaintextBytes = 100_003): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // An unprivileged child (UNPRIVILEGED in bin.ts) must read and write here.
  chmodSync(dir, 0o777);
  const path = (name: string): string => join(dir, name);
  const plaintext = randomBytes(plaintextBytes);
  writeFileSync(path('key.bin'), randomBytes(32), { mode: 0o644 });
  writeFileSync(path('plain.bin'), plaintext, { mode: 0o644 });
  return { dir, path, plaintext, aes: `aes:${path('key.bin')}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
