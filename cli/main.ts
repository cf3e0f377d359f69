import { REFERENCE_COMMANDS, runCommand, type Command } from './run-command.js';
import { conformanceCommand, CONFORMANCE_USAGE } from '../harness/conformance.js';
import { runCommand as runMatrixCommand, RUN_USAGE } from '../harness/run.js';

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  ...REFERENCE_COMMANDS,
  conformance: { run: conformanceCommand, usage: CONFORMANCE_USAGE },
  run: { run: runMatrixCommand, usage: RUN_USAGE },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    const usage = Object.values(COMMANDS).map((c) => `  ${c.usage}`).join('\n');
    process.stderr.write(`${name && name !== 'help' && name !== '--help' ? `s3cse: unknown command "${name}"\n` : ''}usage:\n${usage}\n`);
    return name === 'help' || name === '--help' ? 0 : 2;
  }
  return runCommand(command.run, args);
}
