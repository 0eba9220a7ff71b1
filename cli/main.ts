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

/** Messages longer than this are cut: a message quotes user input, which may be huge. */
export const MAX_MESSAGE_LENGTH = 1000;

const escapeControl = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A message as one printable line: line breaks folded to spaces, other control characters (which
 * a quoted file name, key or JSON value may carry) escaped, and the whole cut to a sane length.
 */
export function oneLine(s: string): string {
  const flat = s
    .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
    .trim()
    .replace(/\p{Cc}/gu, escapeControl);
  if (flat.length <= MAX_MESSAGE_LENGTH) return flat;
  const cut = flat.slice(0, MAX_MESSAGE_LENGTH).replace(/[\ud800-\udbff]$/, '');
  return `${cut}... (${flat.length - cut.length} more characters)`;
}

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
