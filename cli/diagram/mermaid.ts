/**
 * A view as a Mermaid `stateDiagram-v2` (what GitHub renders in docs/machines.md). Nested states are
 * composite states; transitions between stages are drawn between the stages (Mermaid cannot
 * draw an arrow into another composite's inner state); states a stage leaves for are drawn
 * dashed beside it.
 */
import { type ChartState, drawnActions, transitionLabel } from './chart.ts';
import { type Edge, siblingEdges, type View } from './view.ts';

/** A Mermaid id for a state path: `crash.relocation` -> `crash_relocation`. */
export const mermaidId = (path: string): string => path.replace(/[^A-Za-z0-9_]/g, '_');

/** Mermaid reads `;`, `#` and `:` specially in labels: keep them out. */
const label = (text: string): string => text.replace(/[;#:]/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * Edges drawn in `parent`'s block: one arrow per pair of states, its transitions' labels one per
 * line (Mermaid draws only one label of parallel arrows), without repeats (two stage-internal
 * arrows can lift to one).
 */
function edgeLines(edges: readonly Edge[], parent: string): string[] {
  const labels = new Map<string, string[]>();
  for (const e of edges.filter((x) => x.parent === parent)) {
    const arrow = `${mermaidId(e.from)} --> ${mermaidId(e.to)}`;
    const text = label(transitionLabel(e.transition));
    const seen = labels.get(arrow) ?? [];
    labels.set(arrow, seen.includes(text) ? seen : [...seen, text]);
  }
  return [...labels].map(([arrow, texts]) => `${arrow} : ${texts.join('<br/>')}`);
}

/** Entry actions: a description of a simple state, a note beside a composite one (Mermaid allows no description there). */
function entryLines(state: ChartState): string[] {
  const actions = drawnActions(state.entry);
  if (actions.length === 0) return [];
  const id = mermaidId(state.path);
  if (state.children.length === 0) return [`${id} : entry / ${label(actions.join(', '))}`];
  return [`note left of ${id}`, '  entry /', ...actions.map((a) => `    ${label(a)}`), 'end note'];
}

function stateLines(state: ChartState, edges: readonly Edge[]): string[] {
  const id = mermaidId(state.path);
  if (state.children.length === 0) {
    const final = state.kind === 'final' ? [`${id} --> [*]`] : [];
    return [`state "${state.key}" as ${id}`, ...entryLines(state), ...final];
  }
  const inner = blockLines(state, edges).map((l) => `  ${l}`);
  return [`state "${state.key}" as ${id} {`, ...inner, '}', ...entryLines(state)];
}

/** The lines inside a composite state (or the whole diagram): its states, its start, its edges. */
function blockLines(scope: ChartState, edges: readonly Edge[]): string[] {
  const start = scope.initial === null ? [] : [`[*] --> ${mermaidId(scope.initial)}`];
  return [...scope.children.flatMap((c) => stateLines(c, edges)), ...start, ...edgeLines(edges, scope.path)];
}

/** A stage's own entry actions (the stage is the whole diagram): a note beside its first state. */
function scopeEntryLines(view: View): string[] {
  const actions = drawnActions(view.scope.entry);
  if (view.scope.path === '' || view.scope.initial === null || actions.length === 0) return [];
  return [`note left of ${mermaidId(view.scope.initial)}`, `  ${view.scope.key} entry /`, ...actions.map((a) => `    ${label(a)}`), 'end note'];
}

function externalLines(view: View): string[] {
  return view.external.flatMap((s) => {
    const id = mermaidId(s.path);
    const final = s.kind === 'final' ? [`${id} --> [*]`] : [];
    return [`state "${s.path}" as ${id}`, `class ${id} elsewhere`, ...final];
  });
}

export function mermaidDiagram(view: View): string {
  const edges = siblingEdges(view);
  const lines = [
    ...blockLines(view.scope, edges),
    ...scopeEntryLines(view),
    ...externalLines(view),
    ...(view.external.length === 0 ? [] : ['classDef elsewhere stroke-dasharray: 5 5']),
  ];
  return ['stateDiagram-v2', ...lines.map((l) => `  ${l}`), ''].join('\n');
}
