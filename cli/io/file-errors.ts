/**
 * Local file problems as the command line reports them: INVALID_ARGUMENT naming the flag and the
 * file as the user typed them, and what is wrong in words, never an errno dump or a temporary name.
 */
import { fail } from '../fail.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EBUSY: 'the file is busy',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EEXIST: 'already exists',
};

export function reasonFor(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return REASONS[code] ?? code;
}

/** `--flag path` for messages (`--keyring aes:path` for a flag ending in a colon); a positional file is its path alone. */
export function label(flag: string | undefined, path: string): string {
  if (flag === undefined) return path;
  return flag.endsWith(':') ? `${flag}${path}` : `${flag} ${path}`;
}

export function fileFailure(flag: string | undefined, path: string, reason: string): never {
  return fail('INVALID_ARGUMENT', `${label(flag, path)}: ${reason}`);
}

export function isErrnoError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}
