/**
 * A machine's states and transitions as plain data, read from the XState definition itself
 * (the state nodes under `kdumpMachine.root`), so a diagram drawn from it cannot drift from the
 * machine. `xstate/graph`'s `toDirectedGraph` walks the same nodes but leaves out eventless
 * (`always`) transitions, which carry most of the crash path here, so the walk is done directly.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

export interface ChartState {
  /** Dotted path from the machine's root ("crash.relocation"); "" for the root. */
  readonly path: string;
  readonly key: string;
  readonly kind: AnyStateNode['type'];
  /** Path of the initial child, for compound states. */
  readonly initial: string | null;
  /** Entry actions, by name. */
  readonly entry: readonly string[];
  readonly children: readonly ChartState[];
}

export interface ChartTransition {
  readonly source: string;
  /** Path of the target; null for a transition that stays in its state (actions only). */
  readonly target: string | null;
  /** The event; null for an eventless (`always`) transition. */
  readonly event: string | null;
  readonly guard: string | null;
  /** Unguarded, after a guarded transition on the same event: taken when none before it is. */
  readonly fallback: boolean;
  readonly actions: readonly string[];
}

export interface Chart {
  readonly root: ChartState;
  /** Every transition, in the order the definition lists them (state by state, `on` before `always`). */
  readonly transitions: readonly ChartTransition[];
}

const pathOf = (node: AnyStateNode): string => node.path.join('.');

/** `{ type: 'enterStage', params: { stage: 'panic' } }` reads "enterStage(panic)". */
function nameOf(thing: unknown): string {
  if (typeof thing === 'string') return thing;
  if (typeof thing === 'function') return thing.name === '' ? 'inline' : thing.name;
  if (typeof thing !== 'object' || thing === null) return String(thing);
  const { type, params } = thing as { type?: unknown; params?: unknown };
  const args = typeof params === 'object' && params !== null ? Object.values(params).map(String) : [];
  const name = typeof type === 'string' ? type : 'inline';
  return args.length === 0 ? name : `${name}(${args.join(', ')})`;
}

function chartState(node: AnyStateNode): ChartState {
  const children = Object.values(node.states).map(chartState);
  const initialTarget = node.type === 'compound' ? node.initial.target[0] : undefined;
  return {
    path: pathOf(node),
    key: node.key,
    kind: node.type,
    initial: initialTarget === undefined ? null : pathOf(initialTarget),
    entry: node.entry.map(nameOf),
    children,
  };
}

type TransitionDefinition = AnyStateNode['always'] extends (infer T)[] | undefined ? T : never;

function chartTransitions(node: AnyStateNode, definitions: readonly TransitionDefinition[], event: string | null): ChartTransition[] {
  return definitions.flatMap((t, i): ChartTransition[] => {
    const guard = t.guard === undefined ? null : nameOf(t.guard);
    const fallback = guard === null && definitions.slice(0, i).some((d) => d.guard !== undefined);
    const base = { source: pathOf(node), event, guard, fallback, actions: t.actions.map(nameOf) };
    const targets = t.target ?? [];
    return targets.length === 0 ? [{ ...base, target: null }] : targets.map((target) => ({ ...base, target: pathOf(target) }));
  });
}

function transitionsUnder(node: AnyStateNode): ChartTransition[] {
  const on = [...node.transitions.entries()].flatMap(([event, ts]) => chartTransitions(node, ts, event));
  const always = chartTransitions(node, node.always ?? [], null);
  return [...on, ...always, ...Object.values(node.states).flatMap(transitionsUnder)];
}

export function chartOf(machine: AnyStateMachine): Chart {
  return { root: chartState(machine.root), transitions: transitionsUnder(machine.root) };
}

/** Every state of a chart, depth first, the root included. */
export function allStates(state: ChartState): ChartState[] {
  return [state, ...state.children.flatMap(allStates)];
}

/** Is `path` the state `scope` or inside it? */
export const within = (path: string, scope: string): boolean => scope === '' || path === scope || path.startsWith(`${scope}.`);

/** `enterStage(...)` only records the stage a run reached; diagrams leave it out. */
export const drawnActions = (actions: readonly string[]): string[] => actions.filter((a) => !a.startsWith('enterStage'));

/** A transition as a label: `EVENT [guard] / action, action`; eventless ones read `always`. */
export function transitionLabel(t: ChartTransition): string {
  const guard = t.guard !== null ? `[${t.guard}]` : t.fallback ? '[else]' : '';
  const actions = drawnActions(t.actions);
  return [t.event ?? 'always', guard, actions.length === 0 ? '' : `/ ${actions.join(', ')}`].filter((p) => p !== '').join(' ');
}
