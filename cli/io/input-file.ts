/**
 * Files a command reads. `-` is standard input. A file is opened when the command starts, so a
 * missing or unreadable one is refused (naming it) before any work, and never surfaces later as
 * a stream's unhandled 'error' event.
 */
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import type { Readable } from 'node:stream';
import { fail } from '../fail.js';
import type { CliIo } from './cli-io.js';
import { fileFailure, reasonFor } from './file-errors.js';

export interface InputFile {
  /** The flag that named it, or undefined for a positional argument. */
  readonly flag: string | undefined;
  readonly path: string;
  readonly isStdin: boolean;
  /** Known for regular files (and stdin redirected from one). */
  readonly size: number | undefined;
  /** Device and inode, to refuse an output that would overwrite this input. */
  readonly identity: { readonly dev: number; readonly ino: number } | undefined;
  stream(): Readable;
  bytes(): Promise<Buffer>;
  text(): Promise<string>;
}

export function openInput(flag: string | undefined, path: string, io: CliIo): InputFile {
  return path === '-' ? stdinInput(flag, io) : fileInput(flag, path);
}

/** At most one input may be stdin: two cannot share it. */
export function checkOneStdin(inputs: readonly (InputFile | undefined)[]): void {
  const stdin = inputs.filter((i): i is InputFile => i?.isStdin === true);
  if (stdin.length > 1) fail('INVALID_ARGUMENT', `${stdin.map((i) => i.flag ?? 'FILE').join(' and ')} cannot both read standard input (-)`);
}

/** A whole small file (a key, a JSON document), with the same typed refusals. */
export function readLocalFile(flag: string | undefined, path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return fileFailure(flag, path, reasonFor(e));
  }
  try {
    if (fstatSync(fd).isDirectory()) fileFailure(flag, path, 'is a directory');
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fileInput(flag: string | undefined, path: string): InputFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return fileFailure(flag, path, reasonFor(e));
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    fileFailure(flag, path, 'is a directory');
  }
  const stream = (): Readable => createReadStream('', { fd, highWaterMark: 1 << 20 });
  return described(flag, path, false, stat, stream);
}

function stdinInput(flag: string | undefined, io: CliIo): InputFile {
  // Only the process's own stdin has a descriptor worth asking: redirected from a file, its size is known.
  const stat = io.stdin === process.stdin ? fstatSync(0) : undefined;
  return described(flag, '-', true, stat, () => io.stdin);
}

function described(flag: string | undefined, path: string, isStdin: boolean, stat: Stats | undefined, stream: () => Readable): InputFile {
  const regular = stat?.isFile() === true;
  const bytes = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream()) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  };
  return {
    flag,
    path,
    isStdin,
    size: regular ? stat.size : undefined,
    identity: regular && !isStdin ? { dev: stat.dev, ino: stat.ino } : undefined,
    stream,
    bytes,
    text: async () => (await bytes()).toString('utf8'),
  };
}
