/**
 * Files a command writes, checked when the command starts (before a key is read, KMS is called or
 * a case runs) and written the way Unix tools write:
 * - `-` is standard output;
 * - a FIFO, a character device, anything under /dev or /proc (/dev/stdout) and a dangling link
 *   are opened and written through, never replaced;
 * - a regular file (or a link to one: the link stays) is replaced atomically: written to a hidden
 *   temporary file beside it, renamed over it only when complete, so a failed decryption leaves
 *   the old file as it was. The temporary name never appears in a message.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, createWriteStream, fstatSync, lstatSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isS3EncryptionError } from '@s3cse/reference';
import { fail } from '../fail.js';
import type { CliIo } from './cli-io.js';
import { fileFailure, isErrnoError, label, reasonFor } from './file-errors.js';
import type { InputFile } from './input-file.js';

export type OutputFile =
  | { readonly flag: string; readonly path: string; readonly kind: 'stdout' }
  | { readonly flag: string; readonly path: string; readonly kind: 'through' }
  | { readonly flag: string; readonly path: string; readonly kind: 'replace'; readonly target: string; readonly mode?: number };

export function planOutput(flag: string, path: string, inputs: readonly (InputFile | undefined)[]): OutputFile {
  if (path === '-') return { flag, path, kind: 'stdout' };
  const link = statOrUndefined(flag, path, lstatSync);
  if (link === undefined) return { flag, path, kind: 'replace', target: writableTarget(flag, path, resolve(path)) };
  const stat = statOrUndefined(flag, path, statSync);
  if (stat === undefined) return { flag, path, kind: 'through' }; // a dangling link: writing creates what it names
  if (stat.isDirectory()) fileFailure(flag, path, 'is a directory');
  const input = inputs.find((i) => i?.identity !== undefined && i.identity.dev === stat.dev && i.identity.ino === stat.ino);
  if (input) fileFailure(flag, path, `is also the input ${input.flag ?? input.path}`);
  // /dev/stdout, /dev/fd/1 or any other name of our own stdout: written there directly, since a
  // socket (what many supervisors and Node's own 'pipe' give a child) cannot be opened by name.
  if (sameFile(stat, 1)) return { flag, path, kind: 'stdout' };
  if (!stat.isFile() || /^\/(dev|proc)\//.test(resolve(path))) return { flag, path, kind: 'through' };
  const target = link.isSymbolicLink() ? realpathSync(path) : resolve(path);
  return { flag, path, kind: 'replace', target: writableTarget(flag, path, target), mode: stat.mode & 0o7777 };
}

function sameFile(stat: Stats, fd: number): boolean {
  try {
    const open = fstatSync(fd);
    return open.dev === stat.dev && open.ino === stat.ino;
  } catch {
    return false;
  }
}

/** Two outputs may not land in the same place (a file, or stdout). */
export function checkDistinctOutputs(outputs: readonly (OutputFile | undefined)[]): void {
  const seen = new Map<string, OutputFile>();
  for (const output of outputs) {
    if (output === undefined) continue;
    const where = output.kind === 'stdout' ? 'standard output' : output.kind === 'replace' ? output.target : resolve(output.path);
    const earlier = seen.get(where);
    if (earlier) fail('INVALID_ARGUMENT', `${earlier.flag} and ${output.flag} cannot both write to ${where}`);
    seen.set(where, output);
  }
}

/** Content: bytes, text, or a stream or async iterable of bytes (a decrypted body). */
export async function writeOutput(output: OutputFile, content: AsyncIterable<Uint8Array> | Uint8Array | string, io: CliIo): Promise<void> {
  const source = typeof content === 'string' || content instanceof Uint8Array ? Readable.from([Buffer.from(content)]) : Readable.from(content, { objectMode: false });
  if (output.kind === 'stdout') return writeStdout(source, io);
  if (output.kind === 'through') return writeThrough(output, source);
  return replaceAtomically(output, source);
}

async function writeStdout(source: Readable, io: CliIo): Promise<void> {
  try {
    await pipeline(source, io.stdout, { end: false });
  } catch (e) {
    // The reader went away (`| head`): as for any Unix filter, that is not our failure.
    if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e;
  }
}

async function writeThrough(output: OutputFile, source: Readable): Promise<void> {
  try {
    await pipeline(source, createWriteStream(output.path, { flags: 'w' }));
  } catch (e) {
    throw described(e, output);
  }
}

async function replaceAtomically(output: Extract<OutputFile, { kind: 'replace' }>, source: Readable): Promise<void> {
  const temporary = join(dirname(output.target), `.${basename(output.target)}.s3cse-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await pipeline(source, createWriteStream(temporary, { flags: 'wx' }));
    // The replaced file keeps its permissions, as an editor's save would.
    if (output.mode !== undefined) chmodSync(temporary, output.mode);
    renameSync(temporary, output.target);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw described(e, output);
  }
}

/** Refusals of the content (a bad tag) pass unchanged; a failed write names the output, not the temporary file. */
function described(e: unknown, output: OutputFile): unknown {
  if (isS3EncryptionError(e) || !isErrnoError(e)) return e;
  return fileFailure(output.flag, output.path, `cannot write (${reasonFor(e)})`);
}

/** The folder that will hold the file must exist and be writable. */
function writableTarget(flag: string, path: string, target: string): string {
  const folder = dirname(target);
  const stat = statOrUndefined(flag, path, statSync, folder);
  if (stat === undefined) fileFailure(flag, path, `the folder ${folder} does not exist`);
  if (!stat.isDirectory()) fileFailure(flag, path, `${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    fileFailure(flag, path, `cannot write in the folder ${folder} (permission denied)`);
  }
  return target;
}

function statOrUndefined(flag: string, path: string, stat: (p: string) => Stats, of: string = path): Stats | undefined {
  try {
    return stat(of);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return fileFailure(flag, path, `${label(undefined, dirname(of))} is not a folder`);
    return fileFailure(flag, path, reasonFor(e));
  }
}
