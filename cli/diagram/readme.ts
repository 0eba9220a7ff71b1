/**
 * The "State machines" document (docs/machines.md): the Mermaid diagram of every machine, between the
 * `diagrams:start` and `diagrams:end` markers. `npm run diagrams:write` regenerates it, and a
 * test fails when the committed block differs from what the machines give now.
 */
import { mermaidDiagram } from './mermaid.ts';
import { machineNames, viewOf } from './view.ts';

export const DIAGRAMS_START = '<!-- diagrams:start -->';
export const DIAGRAMS_END = '<!-- diagrams:end -->';

/** The text between the markers (its first and last lines are blank). */
export function diagramsBlock(): string {
  const sections = machineNames().flatMap((name) => [
    `## ${name}`,
    '',
    `\`kdump-sme diagram --machine ${name}\``,
    '',
    '```mermaid',
    mermaidDiagram(viewOf(name)).trimEnd(),
    '```',
    '',
  ]);
  const note = '<!-- Generated from the XState machine by `npm run diagrams:write`; edit the machine, not this block. -->';
  const legend = 'Labels read `EVENT [guard] / actions`; an eventless transition reads `always`, and `[else]` is taken when no guard before it holds. `enterStage`, which only records the stage a run reached, is left out.';
  return ['', note, '', legend, '', ...sections].join('\n');
}

function markers(readme: string): { start: number; end: number } {
  const start = readme.indexOf(DIAGRAMS_START);
  const end = readme.indexOf(DIAGRAMS_END);
  if (start < 0 || end < start) throw new Error(`docs/machines.md has no ${DIAGRAMS_START} ... ${DIAGRAMS_END} block`);
  return { start: start + DIAGRAMS_START.length, end };
}

/** The block as committed in `readme`. */
export function committedBlock(readme: string): string {
  const { start, end } = markers(readme);
  return readme.slice(start, end);
}

/** `readme` with its block replaced by the generated one; everything else is left as it was. */
export function withDiagrams(readme: string): string {
  const { start, end } = markers(readme);
  return `${readme.slice(0, start)}${diagramsBlock()}${readme.slice(end)}`;
}
