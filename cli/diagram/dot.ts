/**
 * A view as a Graphviz `digraph`. Composite states are clusters, and every transition is drawn
 * from its own state (Graphviz can): an arrow into a composite state ends at the cluster's border
 * (`lhead`), pointing at the state it starts in.
 */
import { type ChartState, drawnActions, transitionLabel, within } from './chart.ts';
import type { View } from './view.ts';

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const nodeId = (path: string): string => quote(path);
const clusterId = (path: string): string => quote(`cluster_${path}`);

/** The simple state an arrow into `state` ends at: its initial descendant. */
function entryPoint(state: ChartState): ChartState {
  const first = state.children.find((c) => c.path === state.initial) ?? state.children[0];
  return first === undefined ? state : entryPoint(first);
}

function stateLabel(state: ChartState): string {
  const actions = drawnActions(state.entry);
  return actions.length === 0 ? state.key : `${state.key}\nentry / ${actions.join(', ')}`;
}

/** The start dot of a composite state (or the whole view), and its arrow to the state it starts in. */
function startLines(state: ChartState): string[] {
  const first = state.children.find((c) => c.path === state.initial);
  if (first === undefined) return [];
  const dot = nodeId(state.path === '' ? '[*]' : `${state.path}.[*]`);
  const lhead = first.children.length > 0 ? ` [lhead=${clusterId(first.path)}]` : '';
  return [`${dot} [shape=point, label=""];`, `${dot} -> ${nodeId(entryPoint(first).path)}${lhead};`];
}

function stateLines(state: ChartState): string[] {
  if (state.children.length === 0) {
    const shape = state.kind === 'final' ? 'doublecircle' : 'box';
    return [`${nodeId(state.path)} [label=${quote(stateLabel(state))}, shape=${shape}, style=rounded];`];
  }
  const inner = [...startLines(state), ...state.children.flatMap(stateLines)].map((l) => `  ${l}`);
  return [`subgraph ${clusterId(state.path)} {`, `  label=${quote(stateLabel(state))};`, ...inner, '}'];
}

interface DotEdge {
  readonly from: string;
  readonly to: string;
  readonly attrs: readonly string[];
  readonly label: string;
}

/** An arrow from the transition's own state; to a state outside the view, it ends at that state's dashed box. */
function dotEdge(view: View, states: ReadonlyMap<string, ChartState>, t: View['transitions'][number]): DotEdge {
  const source = states.get(t.source)!;
  const targetPath = t.target ?? t.source;
  const attrs = source.children.length > 0 ? [`ltail=${clusterId(source.path)}`] : [];
  const target = states.get(targetPath);
  const from = nodeId(entryPoint(source).path);
  const label = transitionLabel(t);
  if (target === undefined || !within(targetPath, view.scope.path)) return { from, to: nodeId(targetPath), attrs: [...attrs, 'style=dashed'], label };
  if (target.children.length > 0) attrs.push(`lhead=${clusterId(target.path)}`);
  return { from, to: nodeId(entryPoint(target).path), attrs, label };
}

/** One arrow per pair of states, its transitions' labels one per line (Graphviz stacks parallel self-loop labels). */
function edgeLines(edges: readonly DotEdge[]): string[] {
  const merged = new Map<string, DotEdge>();
  for (const e of edges) {
    const key = `${e.from} -> ${e.to} ${e.attrs.join(',')}`;
    const seen = merged.get(key);
    merged.set(key, seen === undefined ? e : { ...seen, label: `${seen.label}\n${e.label}` });
  }
  return [...merged.values()].map((e) => `${e.from} -> ${e.to} [${[`label=${quote(e.label)}`, ...e.attrs].join(', ')}];`);
}

function allUnder(state: ChartState): ChartState[] {
  return [state, ...state.children.flatMap(allUnder)];
}

export function dotDiagram(view: View): string {
  const states = new Map(allUnder(view.scope).map((s) => [s.path, s]));
  const external = view.external.map((s) => `${nodeId(s.path)} [label=${quote(s.path)}, shape=${s.kind === 'final' ? 'doublecircle' : 'box'}, style="rounded,dashed"];`);
  const lines = [
    'compound=true;',
    'rankdir=TB;',
    'node [fontname="Helvetica", fontsize=11];',
    'edge [fontname="Helvetica", fontsize=10];',
    ...startLines(view.scope),
    ...view.scope.children.flatMap(stateLines),
    ...external,
    ...edgeLines(view.transitions.map((t) => dotEdge(view, states, t))),
  ];
  return [`digraph ${quote(view.name)} {`, ...lines.map((l) => `  ${l}`), '}', ''].join('\n');
}
