/** Running a short-lived command (venv creation, pip) with a deadline and a readable failure. */
import { spawn } from 'node:child_process';
import { LineTail } from './line-tail.js';

export class CommandFailed extends Error {}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** Resolves when the command exits 0; otherwise rejects with its last output lines in the message. */
export function runToCompletion(command: string, args: readonly string[], options: RunOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail = new LineTail(8);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    child.stdout.on('data', (c: Buffer) => tail.push(c));
    child.stderr.on('data', (c: Buffer) => tail.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    const describe = `${command} ${args.join(' ')}`;
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new CommandFailed(`${describe}: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const why = signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` (timeout ${options.timeoutMs} ms?)` : ''}` : `exit ${code}`;
      reject(new CommandFailed(`${describe}: ${why}: ${tail.joined()}`));
    });
  });
}
