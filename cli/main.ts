/**
 * kdump-sme: check kernel designs against the kdump/SME model, derive the support matrix,
 * explore the design space, replay counterexamples.
 *
 * `main` never throws: bad usage or input is exit 2 with one line on stderr; an unexpected
 * failure is reported on one line too (exit 2), with the stack only under KDUMP_SME_DEBUG=1.
 */
import { COMMANDS } from './commands/index.ts';
import { type Io, UsageError } from './io.ts';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: kdump-sme <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "run 'kdump-sme <command> --help' for a command's options",
    '',
  ].join('\n');
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ').trim();

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`kdump-sme: unknown command "${oneLine(name)}" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`kdump-sme ${command.name}: ${oneLine(e.message)}\n`);
      return 2;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`kdump-sme ${command.name}: internal error: ${oneLine(message)}\n`);
    if (process.env['KDUMP_SME_DEBUG'] === '1' && e instanceof Error && e.stack !== undefined) io.stderr(`${e.stack}\n`);
    return 2;
  }
}
