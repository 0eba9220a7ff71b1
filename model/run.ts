/**
 * runKdump(environment, design): one run of the system machine, folded over the environment's
 * events with XState's pure `initialTransition` / `transition`.
 */
import { initialTransition, transition } from 'xstate';
import type { Decisions } from './design/registry.ts';
import type { Environment } from './environment.ts';
import type { KdumpContext } from './kernel/context.ts';
import type { Run } from './kernel/run.ts';
import { kdumpMachine } from './kernel/system.ts';

export interface RunResult {
  readonly run: Run;
  /** The machine's final state, as a dotted path ("kdumpKernel.vmcoreReady", "stopped"). */
  readonly state: string;
  readonly context: KdumpContext;
}

export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? ['?', ''];
  return `${key}.${stateName(inner)}`;
}

export function runKdump(env: Environment, design: Decisions): RunResult {
  let [snapshot] = initialTransition(kdumpMachine, { env, design });
  for (const event of env.events) {
    if (snapshot.status === 'done') break;
    [snapshot] = transition(kdumpMachine, snapshot, event);
  }
  return { run: snapshot.context.run, state: stateName(snapshot.value), context: snapshot.context };
}
