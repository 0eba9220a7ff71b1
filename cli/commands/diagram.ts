/**
 * kdump-sme diagram: the state diagrams of the kdump machine, generated from its definition.
 */
import { z } from 'zod';
import { dotDiagram } from '../diagram/dot.ts';
import { mermaidDiagram } from '../diagram/mermaid.ts';
import { machineNames, viewOf } from '../diagram/view.ts';
import { HELP_OPTION, optionValue, parseCommandLine } from '../args.ts';
import type { Command, Io } from '../io.ts';

const DIAGRAM_FORMATS = ['mermaid', 'dot'] as const;
type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

const OPTIONS = { ...HELP_OPTION, machine: { type: 'string' }, format: { type: 'string' } } as const;

const USAGE = `usage: kdump-sme diagram [--machine <name>] [--format mermaid|dot]

Print the states and transitions of the kdump machine, read from its XState definition (so the
picture cannot drift from the model): every state, nested state, event, and eventless ("always")
transition with its guard.

  --machine <name>      one of ${machineNames().join(', ')} (default: all of them)
  --format mermaid|dot  Mermaid stateDiagram-v2 (default; GitHub renders it) or Graphviz DOT

exit: 0 printed; 2 bad usage
`;

const COMMENT: Record<DiagramFormat, string> = { mermaid: '%%', dot: '//' };

function render(name: string, format: DiagramFormat): string {
  return format === 'dot' ? dotDiagram(viewOf(name)) : mermaidDiagram(viewOf(name));
}

function run(args: readonly string[], io: Io): number {
  const { values } = parseCommandLine(args, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const names = machineNames();
  const format = values.format === undefined ? 'mermaid' : optionValue('format', values.format, z.enum(DIAGRAM_FORMATS), `a diagram format (${DIAGRAM_FORMATS.join(', ')})`);
  if (values.machine !== undefined) {
    io.stdout(render(optionValue('machine', values.machine, z.enum(names as [string, ...string[]]), `a machine (${names.join(', ')})`), format));
    return 0;
  }
  io.stdout(names.map((name) => `${COMMENT[format]} kdump-sme diagram --machine ${name}\n${render(name, format)}`).join('\n'));
  return 0;
}

export const diagram: Command = { name: 'diagram', summary: 'print the state diagrams of the kdump machine (Mermaid or DOT)', usage: USAGE, run };
