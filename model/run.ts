/**
 * runKdump(environment, design): one run of the system machine, folded over the environment's
 * events.
 *
 * runKdump follows XState's transitions through the memoising driver in drive.ts: the same path,
 * guards and `assign`s as XState's pure `initialTransition` / `transition`, without the snapshots
 * in between. runSnapshots folds XState's `transition` itself, for callers that judge every
 * snapshot; it avoids one cost of XState's pure helpers, which build a fresh inert actor scope (a
 * whole actor) on every call: the scope is inert (no delays, no children, and this machine's
 * actions are all `assign`s), so one scope built the same way serves every call.
 */
import { type ActorScope, createActor, type SnapshotFrom } from 'xstate';
import type { Decisions } from './design/registry.ts';
import { MachineDriver } from './drive.ts';
import type { Environment, KdumpEvent } from './environment.ts';
import type { KdumpContext } from './kernel/context.ts';
import type { Run } from './kernel/run.ts';
import { initialContext, type KdumpInput, kdumpMachine } from './kernel/system.ts';

export interface RunResult {
  readonly run: Run;
  /** The machine's final state, as a dotted path ("kdumpKernel.vmcoreReady", "stopped"). */
  readonly state: string;
  readonly context: KdumpContext;
}

type Machine = typeof kdumpMachine;
type Snapshot = SnapshotFrom<Machine>;

/** As xstate's createInertActorScope: an actor for `self`, everything else a no-op. */
function inertScope(): ActorScope<Snapshot, Parameters<Machine['transition']>[1]> {
  // Built without input, like xstate's own inert scopes: the actor's eager initial snapshot
  // fails quietly inside it and is never used; only its `system` is.
  const self = createActor(kdumpMachine, { input: undefined });
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: () => {},
  };
}

let scope: ReturnType<typeof inertScope> | null = null;

export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  // A nested state value has exactly one active child per level (the machine has no parallel states).
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${stateName(inner)}`;
}

/** The snapshots of a run, from the initial one to the last, for callers that judge every state. */
export function* runSnapshots(env: Environment, design: Decisions): Generator<Snapshot> {
  scope ??= inertScope();
  let snapshot = kdumpMachine.getInitialSnapshot(scope, { env, design });
  yield snapshot;
  for (const event of env.events) {
    if (snapshot.status === 'done') return;
    snapshot = kdumpMachine.transition(snapshot, event, scope);
    yield snapshot;
  }
}

/** The same fold over XState's own snapshots: the reference runKdump is checked against. */
export function runKdumpWithXstate(env: Environment, design: Decisions): RunResult {
  let last: Snapshot | undefined;
  for (const s of runSnapshots(env, design)) last = s;
  const snapshot = last!;
  return { run: snapshot.context.run.frozen(), state: stateName(snapshot.value), context: snapshot.context };
}

export type SystemDriver = MachineDriver<KdumpContext, KdumpEvent, KdumpInput>;

/**
 * A driver for the system machine, or for a copy of it with other implementations of the same
 * actions (the benchmark's timed copy). Every action of the system machine returns a whole context
 * (stage functions return KdumpContext), so XState's merge would copy it field for field: the
 * driver takes it as it is.
 */
export const systemDriver = (machine: Machine = kdumpMachine): SystemDriver =>
  new MachineDriver(machine, initialContext, stateName, (_, update) => update as KdumpContext);

/** One run, folded over the environment's events by `driver`. */
export function runWith(driver: SystemDriver, env: Environment, design: Decisions): RunResult {
  let at = driver.initial({ env, design });
  for (const event of env.events) {
    if (at.done) break;
    at = driver.transition(at, event);
  }
  return { run: at.context.run.frozen(), state: at.state, context: at.context };
}

let driver: SystemDriver | null = null;

/** The driver runKdump uses, for callers that fold the events themselves (the exploration by reads resumes runs from states it kept). */
export const kdumpDriver = (): SystemDriver => (driver ??= systemDriver());

export const runKdump = (env: Environment, design: Decisions): RunResult => runWith(kdumpDriver(), env, design);
