/** The streams and environment a command works with: the process's own, or a test's. */
import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

let quietOnBrokenPipe = false;

export function processIo(): CliIo {
  if (!quietOnBrokenPipe) {
    // `s3cse run --help | head`: the reader left. As for any Unix filter that is the end of the
    // output, not a crash with an unhandled 'error' event; the status is the command's own.
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
    quietOnBrokenPipe = true;
  }
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
