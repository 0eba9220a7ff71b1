/**
 * The memoising driver (model/drive.ts) on small machines: it takes XState's path (guards asked in
 * XState's order, `assign`s applied in XState's order, the same final state and `done`), and it
 * refuses, with a message naming the culprit, every machine whose transitions it cannot memoise.
 */
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, and, assign, initialTransition, setup, transition } from 'xstate';
import { MachineDriver } from '../../model/drive.ts';
import { stateName } from '../../model/run.ts';

interface Counter {
  readonly count: number;
  readonly label: string;
  /** The guards' and actions' calls in order, as the context saw them: proves the order, not just the sum. */
  readonly trail: string;
}

type CounterEvent = { type: 'GO' } | { type: 'STOP' } | { type: 'NUDGE' };

const START: Counter = { count: 0, label: 'start', trail: '' };

type Input = { readonly start: Counter };
const INPUT: Input = { start: START };
const fromInput = ({ input }: { input: Input }): Counter => input.start;

/**
 * A counter that runs entry actions in its initial transition, forks on GO, runs entry actions
 * before asking the next eventless guard, and has a final state. `inc` returns only the count,
 * so a driver must merge it into the rest of the context.
 *
 * Its context comes from its input, as the system machine's does: XState's pure helpers build an
 * inert actor that runs the initial transition once more without input, which the driver's
 * recording must not see, so that run has to fail before any action.
 */
const counter = setup({
  types: { context: {} as Counter, events: {} as CounterEvent, input: {} as Input },
  actions: {
    inc: assign(({ context }) => ({ count: context.count + 1 })),
    note: assign(({ context }, params: { mark: string }) => ({ trail: `${context.trail}${params.mark}@${context.count} ` })),
    setLabel: assign((_, params: { label: string }) => ({ label: params.label })),
  },
  guards: {
    below: ({ context }, params: { max: number }) => context.count < params.max,
  },
}).createMachine({
  context: fromInput,
  initial: 'idle',
  states: {
    idle: {
      entry: ['inc', { type: 'note', params: { mark: 'warm' } }],
      on: {
        GO: [
          { guard: { type: 'below', params: { max: 3 } }, target: 'busy', actions: [{ type: 'setLabel', params: { label: 'go' } }, 'inc'] },
          { target: 'full', actions: { type: 'setLabel', params: { label: 'full' } } },
        ],
        NUDGE: { actions: ['inc', { type: 'note', params: { mark: 'nudge' } }] },
      },
    },
    busy: {
      entry: ['inc', { type: 'note', params: { mark: 'busy' } }],
      always: [{ guard: { type: 'below', params: { max: 4 } }, target: 'idle' }],
      on: { STOP: 'finished' },
    },
    full: { on: { STOP: 'finished' } },
    finished: { type: 'final', entry: { type: 'note', params: { mark: 'end' } } },
  },
});

const driverFor = (machine: AnyStateMachine) => new MachineDriver<Counter, CounterEvent, Input>(machine, (input) => input.start, stateName);

interface Outcome {
  readonly context: Counter;
  readonly state: string;
  readonly done: boolean;
}

function drive(events: readonly CounterEvent[], driver = driverFor(counter)): Outcome[] {
  const out: Outcome[] = [];
  let at = driver.initial(INPUT);
  out.push({ context: at.context, state: at.state, done: at.done });
  for (const e of events) {
    at = driver.transition(at, e);
    out.push({ context: at.context, state: at.state, done: at.done });
  }
  return out;
}

function xstate(events: readonly CounterEvent[]): Outcome[] {
  const out: Outcome[] = [];
  let [s] = initialTransition(counter, INPUT);
  out.push({ context: s.context, state: stateName(s.value), done: s.status === 'done' });
  for (const e of events) {
    [s] = transition(counter, s, e);
    out.push({ context: s.context, state: stateName(s.value), done: s.status === 'done' });
  }
  return out;
}

describe('MachineDriver follows XState', () => {
  const ORDERS: readonly (readonly CounterEvent[])[] = [
    [],
    [{ type: 'GO' }, { type: 'STOP' }],
    [{ type: 'GO' }, { type: 'GO' }, { type: 'GO' }, { type: 'STOP' }],
    [{ type: 'NUDGE' }, { type: 'NUDGE' }, { type: 'GO' }, { type: 'STOP' }],
    [{ type: 'NUDGE' }, { type: 'GO' }, { type: 'GO' }, { type: 'NUDGE' }, { type: 'STOP' }],
  ];

  it.each(ORDERS.map((o) => [o.map((e) => e.type).join(' ') || '(no events)', o] as const))('gives the same states and contexts as XState for %s', (_name, events) => {
    expect(drive(events)).toEqual(xstate(events));
  });

  it('runs the initial state\'s entry actions in order: the counter starts warm at 1', () => {
    const [first] = drive([]);
    expect(first).toEqual({ context: { count: 1, label: 'start', trail: 'warm@1 ' }, state: 'idle', done: false });
  });

  it('asks guards during the initial transition: an eventless loop counts up to its bound', () => {
    const warming = setup({
      types: { context: {} as Counter, input: {} as Input },
      actions: { inc: assign(({ context }) => ({ count: context.count + 1 })) },
      guards: { below: ({ context }, params: { max: number }) => context.count < params.max },
    }).createMachine({ context: fromInput, initial: 'warm', states: { warm: { always: { guard: { type: 'below', params: { max: 2 } }, actions: 'inc' } } } });
    const at = driverFor(warming).initial(INPUT);
    expect({ context: at.context, state: at.state, done: at.done }).toEqual({ context: { ...START, count: 2 }, state: 'warm', done: false });
    expect(at.context).toEqual(initialTransition(warming, INPUT)[0].context);
  });

  it('keeps the fields an assign does not return, and runs the entry actions that come before the next guard', () => {
    const steps = drive([{ type: 'GO' }, { type: 'GO' }]);
    // GO: label, count 2; busy's entry: count 3, note; busy's guard (3 < 4) sends it back to idle, whose entry counts 4.
    expect(steps[1]).toEqual({ context: { count: 4, label: 'go', trail: 'warm@1 busy@3 warm@4 ' }, state: 'idle', done: false });
    // GO again: 4 < 3 fails, so the second branch: label "full", count unchanged.
    expect(steps[2]).toEqual({ context: { count: 4, label: 'full', trail: 'warm@1 busy@3 warm@4 ' }, state: 'full', done: false });
  });

  it('stays in a state whose eventless guard answers false', () => {
    const steps = drive([{ type: 'NUDGE' }, { type: 'GO' }]);
    // NUDGE: count 2; GO: 2 < 3, count 3; busy's entry: count 4; 4 < 4 fails, so it stays busy.
    expect(steps[2]).toEqual({ context: { count: 4, label: 'go', trail: 'warm@1 nudge@2 busy@4 ' }, state: 'busy', done: false });
  });

  it('reports a final state as done, and only a final state', () => {
    const steps = drive([{ type: 'GO' }, { type: 'GO' }, { type: 'STOP' }]);
    expect(steps.map((s) => [s.state, s.done])).toEqual([['idle', false], ['idle', false], ['full', false], ['finished', true]]);
    expect(steps.at(-1)!.context.trail).toBe('warm@1 busy@3 warm@4 end@4 ');
  });

  it('gives the same answers on a path it has already recorded, when the guards answer the other way', () => {
    const driver = driverFor(counter);
    // The first GO from idle takes the guarded branch; the second, from the same state, the other.
    expect(drive([{ type: 'GO' }, { type: 'GO' }], driver).map((s) => s.state)).toEqual(['idle', 'idle', 'full']);
    expect(drive([{ type: 'NUDGE' }, { type: 'NUDGE' }, { type: 'GO' }], driver)).toEqual(xstate([{ type: 'NUDGE' }, { type: 'NUDGE' }, { type: 'GO' }]));
  });
});

/** The message of the Error `f` throws: a thrown non-Error or no throw at all reads differently. */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : `a thrown ${typeof e}`;
  }
  return 'nothing thrown';
}

const BAD = 'every action must be a named assign and every guard a named predicate with fixed parameters';
const refused = (what: string) => `drive: the machine has ${what}; ${BAD}`;

const named = setup({
  types: { context: {} as Counter, events: {} as CounterEvent, input: {} as Input },
  actions: { inc: assign(({ context }) => ({ count: context.count + 1 })) },
  guards: { ready: ({ context }) => context.count > 0 },
});

describe('MachineDriver refuses machines it cannot memoise', () => {
  it('accepts a machine of named assigns and named guards', () => {
    const m = named.createMachine({ context: fromInput, initial: 'a', states: { a: { on: { GO: { guard: 'ready', actions: 'inc' } } } } });
    expect(() => driverFor(m)).not.toThrow();
  });

  it('refuses a named action that is not an assign', () => {
    const m = setup({ types: { context: {} as Counter, input: {} as Input }, actions: { log: () => {} } }).createMachine({ context: fromInput, initial: 'a', states: { a: { entry: 'log' } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('a non-assign action "log"'));
  });

  it('refuses a composite guard', () => {
    const m = setup({
      types: { context: {} as Counter, input: {} as Input },
      guards: { ready: ({ context }) => context.count > 0, twice: and(['ready', 'ready']) },
    }).createMachine({ context: fromInput, initial: 'a', states: { a: { on: { GO: { guard: 'twice', target: 'a' } } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('a composite guard "twice"'));
  });

  it('refuses a guard implemented as a reference to another guard', () => {
    // XState follows such a reference at run time; the driver would call it as a predicate.
    const m = setup({
      types: { context: {} as Counter, input: {} as Input },
      guards: { ready: ({ context }) => context.count > 0, alias: { type: 'ready' } as never },
    }).createMachine({ context: fromInput, initial: 'a', states: { a: { on: { GO: { guard: 'alias', target: 'a' } } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('a composite guard "alias"'));
  });

  it('refuses an inline entry action in a nested state', () => {
    const m = named.createMachine({ context: fromInput, initial: 'a', states: { a: { initial: 'b', states: { b: { entry: assign({ label: 'inline' }) } } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('an inline action'));
  });

  it('refuses an inline exit action', () => {
    const m = named.createMachine({ context: fromInput, initial: 'a', states: { a: { exit: assign({ label: 'inline' }) } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('an inline action'));
  });

  it('refuses an inline action on an initial transition', () => {
    // XState accepts `initial: { target, actions }` at run time, though its types do not offer it.
    const m = named.createMachine({ context: fromInput, initial: { target: 'a', actions: assign({ label: 'inline' }) } as never, states: { a: {} } });
    expect(messageOf(() => driverFor(m))).toBe(refused('an inline action'));
  });

  it('refuses an inline action on an event transition', () => {
    const m = named.createMachine({ context: fromInput, initial: 'a', states: { a: { on: { GO: { actions: assign({ label: 'inline' }) } } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('an inline action'));
  });

  it('refuses an inline action on an eventless transition', () => {
    const m = named.createMachine({ context: fromInput, initial: 'a', states: { a: { always: { guard: 'ready', actions: assign({ label: 'inline' }) } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('an inline action'));
  });

  it('refuses an inline guard', () => {
    const m = named.createMachine({ context: fromInput, initial: 'a', states: { a: { on: { GO: { guard: () => true, actions: 'inc' } } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('an inline guard'));
  });

  it('refuses action parameters computed from the context', () => {
    const m = setup({
      types: { context: {} as Counter, input: {} as Input },
      actions: { setLabel: assign((_, params: { label: string }) => ({ label: params.label })) },
    }).createMachine({ context: fromInput, initial: 'a', states: { a: { entry: { type: 'setLabel', params: ({ context }) => ({ label: String(context.count) }) } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('action parameters computed at run time'));
  });

  it('refuses guard parameters computed from the context', () => {
    const m = setup({
      types: { context: {} as Counter, input: {} as Input },
      guards: { below: ({ context }, params: { max: number }) => context.count < params.max },
    }).createMachine({ context: fromInput, initial: 'a', states: { a: { on: { GO: { guard: { type: 'below', params: ({ context }) => ({ max: context.count }) }, target: 'a' } } } } });
    expect(messageOf(() => driverFor(m))).toBe(refused('guard parameters computed at run time'));
  });
});

describe('MachineDriver stops at what it cannot follow', () => {
  /** A compound state whose child is final: XState takes onDone on its own done event, not on the caller's. */
  const withDone = named.createMachine({
    context: fromInput,
    initial: 'outer',
    states: {
      outer: { initial: 'inner', states: { inner: { on: { GO: 'end' } }, end: { type: 'final' } }, onDone: { target: 'after', actions: 'inc' } },
      after: {},
    },
  });

  it('names the action that ran on an internal event during a transition', () => {
    const driver = driverFor(withDone);
    const at = driver.initial(INPUT);
    expect(at.state).toBe('outer.inner');
    expect(messageOf(() => driver.transition(at, { type: 'GO' }))).toBe('drive: action "inc" ran on the internal event xstate.done.state.(machine).outer');
  });

  it('names the action that ran on an internal event during the initial transition', () => {
    const m = named.createMachine({
      context: fromInput,
      initial: 'outer',
      states: { outer: { initial: 'end', states: { end: { type: 'final' } }, onDone: { target: 'after', actions: 'inc' } }, after: {} },
    });
    expect(messageOf(() => driverFor(m).initial(INPUT))).toBe('drive: action "inc" ran on the internal event xstate.done.state.(machine).outer');
  });

  it('passes on an error of the machine\'s own guard', () => {
    const m = setup({
      types: { context: {} as Counter, events: {} as CounterEvent, input: {} as Input },
      guards: { broken: () => { throw new Error('guard failed'); } },
    }).createMachine({ context: fromInput, initial: 'a', states: { a: { on: { GO: { guard: 'broken', target: 'b' } } }, b: {} } });
    const driver = driverFor(m);
    expect(messageOf(() => driver.transition(driver.initial(INPUT), { type: 'GO' }))).toBe('guard failed');
  });
});
