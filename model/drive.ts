/**
 * Driving the system machine at the speed of its actions: XState's own transitions, memoised by
 * their shape.
 *
 * What a transition of this machine does (which guards it asks and in which order, which actions
 * it runs with which parameters, and which state it ends in) depends only on the state it starts
 * from, the event's type and the answers of its guards: every action is an `assign` with fixed
 * parameters, every guard a named predicate, and there are no delays, children or raised events.
 * So the first time a (state, event type, guard answers) path is taken, it is found by running
 * XState's pure `initialTransition` / `transition` on this very machine with recording
 * implementations (each action notes its name and parameters, each guard answers from the path and
 * notes its name). From then on a run follows the recorded path, asking the machine's real guards
 * about the real context at every fork and applying the machine's real `assign` functions in the
 * recorded order, exactly as XState's `resolveAssign` does. A run thus takes XState's path without
 * building the dozens of intermediate snapshots XState builds and drops on the way.
 *
 * `runSnapshots` (run.ts) still folds XState's `transition` for callers that want every snapshot,
 * and test/drive checks that both ways give the same runs.
 */
import { type AnyStateMachine, assign, type EventObject, initialTransition, transition } from 'xstate';

interface Call {
  readonly name: string;
  readonly params: unknown;
}

/** Where a path ends: in a state (and whether the machine is done), or at a guard still to ask. */
interface End {
  readonly value: unknown;
  readonly name: string;
  readonly done: boolean;
}

/** A recorded call bound to the machine's own implementation. */
interface Bound<F> {
  readonly fn: F;
  readonly params: unknown;
}

interface Fork<C> {
  readonly guard: Bound<GuardFn<C>>;
  /** The continuations for the answers false and true, found when first needed. */
  readonly next: [Path<C> | undefined, Path<C> | undefined];
}

export interface Path<C> {
  readonly actions: readonly Bound<AssignFn<C>>[];
  readonly then: Fork<C> | End;
}

type Entry = { readonly kind: 'action'; readonly call: Call } | { readonly kind: 'guard'; readonly call: Call };

/** Thrown by a recording guard asked beyond the answers it was given (XState may wrap it in an Error of its own). */
const UNANSWERED = new Error('drive: guard not yet answered');

export type AssignFn<C> = (args: { context: C; event: EventObject }, params: unknown) => Partial<C>;
export type GuardFn<C> = (args: { context: C; event: EventObject }, params: unknown) => unknown;

export interface Driven<C> {
  readonly context: C;
  readonly value: unknown;
  readonly state: string;
  readonly done: boolean;
}

/**
 * A transition under way (MachineDriver.step): the context after some of its actions, and where
 * it is on its path. A value, like a context: stepping it again gives the same next step.
 */
export interface Partway<C> {
  readonly context: C;
  /** The driven state the transition started from (null: the initial transition), its event, and the input. */
  readonly from: Driven<C> | null;
  readonly event: EventObject;
  readonly input: unknown;
  /** The path being followed, the next of its actions, and the guard answers that led to it. */
  readonly path: Path<C>;
  readonly index: number;
  readonly answers: readonly boolean[];
}

/** Refuse machines this driver cannot memoise: inline actions or guards, or parameters computed from context. */
function checkDrivable(machine: AnyStateMachine): void {
  const bad = (what: string) => new Error(`drive: the machine has ${what}; every action must be a named assign and every guard a named predicate with fixed parameters`);
  for (const [name, a] of Object.entries(machine.implementations.actions)) {
    if ((a as { type?: string }).type !== 'xstate.assign') throw bad(`a non-assign action "${name}"`);
  }
  for (const [name, g] of Object.entries(machine.implementations.guards)) {
    if (typeof g !== 'function' || 'check' in g) throw bad(`a composite guard "${name}"`);
  }
  const checkRef = (ref: unknown, what: string) => {
    if (typeof ref === 'function') throw bad(`an inline ${what}`);
    if (typeof ref === 'object' && ref !== null && typeof (ref as { params?: unknown }).params === 'function') throw bad(`${what} parameters computed at run time`);
  };
  const visit = (node: AnyStateMachine['root']) => {
    for (const a of [...node.entry, ...node.exit, ...(node.initial?.actions ?? [])]) checkRef(a, 'action');
    const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of transitions) {
      for (const a of t.actions) checkRef(a, 'action');
      if (t.guard !== undefined) checkRef(t.guard, 'guard');
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
}

type Recorded = { readonly log: readonly Entry[]; readonly end: End | null };

/** A copy of the machine whose actions and guards record what XState asks of them; guards answer from `given`. */
function recorder(machine: AnyStateMachine, stateName: (value: unknown) => string) {
  let log: Entry[] = [];
  let given: readonly boolean[] = [];
  let eventType = '';
  let unanswered = false;
  const actions = Object.fromEntries(Object.keys(machine.implementations.actions).map((name) => [name, assign(({ event }: { event: EventObject }, params: unknown) => {
    if (event.type !== eventType) throw new Error(`drive: action "${name}" ran on the internal event ${event.type}`);
    log.push({ kind: 'action', call: { name, params } });
    return {};
  })]));
  const guards = Object.fromEntries(Object.keys(machine.implementations.guards).map((name) => [name, (_: unknown, params: unknown) => {
    const asked = log.filter((e) => e.kind === 'guard').length;
    log.push({ kind: 'guard', call: { name, params } });
    unanswered = asked >= given.length;
    if (unanswered) throw UNANSWERED;
    return given[asked];
  }]));
  const rec = machine.provide({ actions, guards } as never) as AnyStateMachine;
  return (from: { readonly value: unknown } | null, input: unknown, event: EventObject, answers: readonly boolean[]): Recorded => {
    log = [];
    given = answers;
    eventType = event.type;
    unanswered = false;
    try {
      const [snapshot] = from === null ? initialTransition(rec, input) : transition(rec, rec.resolveState({ value: from.value as never, context: {} }), event);
      if (unanswered) return { log, end: null };
      if (snapshot.status === 'error') throw snapshot.error;
      return { log, end: { value: snapshot.value, name: stateName(snapshot.value), done: snapshot.status === 'done' } };
    } catch (e) {
      if (unanswered) return { log, end: null };
      throw e;
    }
  };
}

/** The machine's own actions and guards, by name. */
interface Implementations<C> {
  readonly actions: Readonly<Record<string, AssignFn<C>>>;
  readonly guards: Readonly<Record<string, GuardFn<C>>>;
}

/** The part of a recording after its first `answered` guards: actions, then a fork or the end. */
function pathAfter<C>({ log, end }: Recorded, answered: number, impl: Implementations<C>): Path<C> {
  let at = 0;
  for (let seen = 0; seen < answered; at++) if (log[at]!.kind === 'guard') seen++;
  const actions: Bound<AssignFn<C>>[] = [];
  for (let i = at; i < log.length; i++) {
    const e = log[i]!;
    if (e.kind === 'action') actions.push({ fn: impl.actions[e.call.name]!, params: e.call.params });
    else if (i === log.length - 1 && end === null) return { actions, then: { guard: { fn: impl.guards[e.call.name]!, params: e.call.params }, next: [undefined, undefined] } };
    else throw new Error('drive: XState asked a guard the recording did not expect');
  }
  if (end === null) throw new Error('drive: a recording stopped without a guard to ask');
  return { actions, then: end };
}

/** Runs a machine by following memoised XState paths; see the header. */
export class MachineDriver<C extends object, E extends EventObject, I> {
  /** The paths out of each state, by event type; the initial transition's under the empty state name. */
  private readonly plans = new Map<string, Map<string, Path<C>>>();
  private readonly impl: Implementations<C>;
  private readonly record: ReturnType<typeof recorder>;

  /**
   * `merge` is how an `assign` result becomes the next context: XState's `Object.assign({}, context,
   * update)` by default; a machine whose actions all return whole contexts may pass `(_, update) => update`.
   */
  constructor(
    machine: AnyStateMachine,
    private readonly initialContext: (input: I) => C,
    stateName: (value: unknown) => string,
    private readonly merge: (context: C, update: Partial<C>) => C = (context, update) => Object.assign({}, context, update),
  ) {
    checkDrivable(machine);
    const impl = machine.implementations;
    this.impl = {
      actions: Object.fromEntries(Object.entries(impl.actions).map(([n, a]) => [n, (a as unknown as { assignment: AssignFn<C> }).assignment])),
      guards: impl.guards as unknown as Record<string, GuardFn<C>>,
    };
    this.record = recorder(machine, stateName);
  }

  /** XState's `initialTransition`: the context from `input`, then the initial states' entry actions. */
  initial(input: I): Driven<C> {
    return this.follow('', null, input, { type: 'xstate.init', input } as EventObject, this.initialContext(input));
  }

  /** XState's `transition` from a driven state. */
  transition(from: Driven<C>, event: E): Driven<C> {
    return this.follow(from.state, from, undefined, event, from.context);
  }

  /**
   * XState's `transition` from a driven state, one action (or one guard) at a time: where the
   * transition stands before its first action. `step` goes on from there; stepping to the end
   * gives what `transition` gives.
   */
  begin(from: Driven<C>, event: E): Partway<C> {
    return { context: from.context, from, event, input: undefined, path: this.pathOf(from.state, from, undefined, event), index: 0, answers: [] };
  }

  /** The next action of a transition under way, or its next guard; the driven state once none is left. */
  step(at: Partway<C>): Partway<C> | Driven<C> {
    const { path, index, event } = at;
    if (index < path.actions.length) {
      const action = path.actions[index]!;
      return { ...at, context: this.merge(at.context, action.fn({ context: at.context, event }, action.params)), index: index + 1 };
    }
    const then: Fork<C> | End = path.then;
    if (!('guard' in then)) return { context: at.context, value: then.value, state: then.name, done: then.done };
    const answer = Boolean(then.guard.fn({ context: at.context, event }, then.guard.params));
    const answers = [...at.answers, answer];
    const next = (then.next[answer ? 1 : 0] ??= pathAfter<C>(this.record(at.from, at.input, event, answers), answers.length, this.impl));
    return { ...at, path: next, index: 0, answers };
  }

  private pathOf(state: string, from: Driven<C> | null, input: unknown, event: EventObject): Path<C> {
    let byEvent = this.plans.get(state);
    if (byEvent === undefined) this.plans.set(state, (byEvent = new Map<string, Path<C>>()));
    let path = byEvent.get(event.type);
    if (path === undefined) {
      path = pathAfter(this.record(from, input, event, []), 0, this.impl);
      byEvent.set(event.type, path);
    }
    return path;
  }

  private follow(state: string, from: Driven<C> | null, input: unknown, event: EventObject, context: C): Driven<C> {
    let path = this.pathOf(state, from, input, event);
    const answers: boolean[] = [];
    let ctx = context;
    for (;;) {
      for (const action of path.actions) ctx = this.merge(ctx, action.fn({ context: ctx, event }, action.params));
      const then: Fork<C> | End = path.then;
      if (!('guard' in then)) return { context: ctx, value: then.value, state: then.name, done: then.done };
      const answer: boolean = Boolean(then.guard.fn({ context: ctx, event }, then.guard.params));
      answers.push(answer);
      path = then.next[answer ? 1 : 0] ??= pathAfter<C>(this.record(from, input, event, answers), answers.length, this.impl);
    }
  }
}
