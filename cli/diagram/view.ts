/**
 * What one diagram shows: the whole system, or one top-level stage ("machine") of it. A stage's
 * view draws its own states and, outside them, the states its transitions leave for.
 */
import { kdumpMachine } from '../../model/kernel/system.ts';
import { allStates, type Chart, chartOf, type ChartState, type ChartTransition, within } from './chart.ts';

export interface View {
  /** "system", or the stage's key ("crash"). */
  readonly name: string;
  /** The state whose children are drawn ("" for the system). */
  readonly scope: ChartState;
  /** States outside the scope that its transitions target, in the order first targeted. */
  readonly external: readonly ChartState[];
  /** The transitions leaving states inside the scope. */
  readonly transitions: readonly ChartTransition[];
}

export const SYSTEM = 'system';

/** The chart of the kdump machine, read once. */
export const KDUMP_CHART: Chart = chartOf(kdumpMachine);

/** The machines a diagram can show: the system, and each top-level stage that has states of its own. */
export function machineNames(chart: Chart = KDUMP_CHART): string[] {
  return [SYSTEM, ...chart.root.children.filter((s) => s.kind === 'compound').map((s) => s.key)];
}

export function stateAt(chart: Chart, path: string): ChartState {
  const state = allStates(chart.root).find((s) => s.path === path);
  if (state === undefined) throw new Error(`the machine has no state ${path}`);
  return state;
}

export function viewOf(name: string, chart: Chart = KDUMP_CHART): View {
  const scope = name === SYSTEM ? chart.root : chart.root.children.find((s) => s.key === name && s.kind === 'compound');
  if (scope === undefined) throw new Error(`no machine named ${name}`);
  const transitions = chart.transitions.filter((t) => within(t.source, scope.path) && t.source !== scope.path);
  const outside = transitions.map((t) => t.target).filter((p): p is string => p !== null && !within(p, scope.path));
  const external = [...new Set(outside)].map((p) => stateAt(chart, p));
  return { name, scope, external, transitions };
}

/** `a.b.c` -> [`a`, `a.b`, `a.b.c`]. */
const ancestry = (path: string): string[] => path.split('.').map((_, i, keys) => keys.slice(0, i + 1).join('.'));

/** The state directly under `parent` that holds `path` (or `path` itself). */
function childHolding(parent: string, path: string): string {
  const depth = parent === '' ? 1 : parent.split('.').length + 1;
  return ancestry(path).find((p) => within(p, parent) && p.split('.').length === depth) ?? path;
}

/** The deepest state holding both paths, but never above `scope`. */
function commonParent(a: string, b: string, scope: string): string {
  const shared = ancestry(a).filter((p) => within(b, p) && b !== p && a !== p);
  const deepest = shared.at(-1) ?? '';
  return within(deepest, scope) ? deepest : scope;
}

export interface Edge {
  /** The state whose block the edge is drawn in ("" or the scope for the top level). */
  readonly parent: string;
  readonly from: string;
  readonly to: string;
  readonly transition: ChartTransition;
}

/**
 * Transitions as edges between sibling states, for notations that cannot draw an arrow into or
 * out of a nested state (Mermaid): an edge between states of different stages is drawn between
 * the stages. The stage views draw each stage's own states exactly.
 */
export function siblingEdges(view: View): Edge[] {
  const scope = view.scope.path;
  return view.transitions.map((t) => {
    const target = t.target ?? t.source;
    if (!within(target, scope)) return { parent: scope, from: childHolding(scope, t.source), to: target, transition: t };
    const parent = target === t.source ? t.source.split('.').slice(0, -1).join('.') : commonParent(t.source, target, scope);
    return { parent, from: childHolding(parent, t.source), to: childHolding(parent, target), transition: t };
  });
}
