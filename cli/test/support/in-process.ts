/** Runs `main()` in this process with its own stdin, stdout and stderr, as the bin would. */
import { PassThrough, Readable } from 'node:stream';
import * as assert from 'uvu/assert';
import { main } from '../../main.js';

export interface CliResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export async function runCli(args: readonly string[], options: { stdin?: Buffer | string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const status = await main(args, { stdin, stdout, stderr, env: options.env ?? process.env });
  return { status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
}

/** Asserts a failed run: its exit status, and the one `s3cse: CODE: message` line on stderr. */
export function assertFailure(r: CliResult, status: number, code: string, message?: RegExp): void {
  assert.is(r.status, status, r.stderr);
  assert.match(r.stderr, new RegExp(`^s3cse: ${code}: `));
  if (message) assert.match(r.stderr, message);
}
