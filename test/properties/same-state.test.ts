/**
 * Runs in the same state (properties/same-state.ts) have the same future: the exploration by reads
 * goes on with one of them for both. Checked by running two designs that differ at one point to
 * each event, and wherever their states are the same, finishing the second from its state under
 * the first's design: every property judges the two runs alike.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { designAt, designCount } from '../../model/design/design.ts';
import { DECISION_POINT_NAMES, optionsOf } from '../../model/design/registry.ts';
import type { Driven } from '../../model/drive.ts';
import type { Environment } from '../../model/environment.ts';
import type { KdumpContext } from '../../model/kernel/context.ts';
import { kdumpDriver } from '../../model/run.ts';
import { environmentArb } from '../../properties/arbitraries/index.ts';
import { CATALOG } from '../../properties/catalog/index.ts';
import { sameState, stateHash } from '../../properties/same-state.ts';
import { preset } from '../../scenarios/designs/index.ts';

const judgments = (at: Driven<KdumpContext>) => {
  const run = at.context.run.frozen();
  return CATALOG.map((p) => `${p.id} ${p.judge(run).status}`);
};

/** The states of a run before each event and after the last. */
function statesOf(env: Environment, design: KdumpContext['design']): Driven<KdumpContext>[] {
  const driver = kdumpDriver();
  const states = [driver.initial({ env, design })];
  for (const event of env.events) {
    if (states.at(-1)!.done) break;
    states.push(driver.transition(states.at(-1)!, event));
  }
  return states;
}

/** Finish a run from `at`, under `design`, from event `next` on. */
function finish(env: Environment, at: Driven<KdumpContext>, next: number, design: KdumpContext['design']): Driven<KdumpContext> {
  const driver = kdumpDriver();
  let state: Driven<KdumpContext> = { ...at, context: { ...at.context, design } };
  for (let i = next; i < env.events.length && !state.done; i++) state = driver.transition(state, env.events[i]!);
  return state;
}

const point = fc.constantFrom(...DECISION_POINT_NAMES);

describe('runs in the same state', () => {
  test.prop([environmentArb(['on/on', 'on/off', 'off/on', 'off/off', 'sev']), fc.nat(designCount() - 1), point, fc.nat()], { numRuns: 60, seed: 22 })(
    'go on alike: the second, finished under the first design from where their states are the same, is judged as the first',
    (env, index, p, pick) => {
      const first = designAt(index);
      const others = optionsOf(p).filter((o) => o !== first[p]);
      const second = { ...first, [p]: others[pick % others.length]! };
      const a = statesOf(env, first);
      const b = statesOf(env, second);
      for (let k = 0; k < Math.min(a.length, b.length); k++) {
        // The event that made a[k], from the state before it, under the second design: a run the exploration would compare with a[k].
        if (k > 0 && !a[k - 1]!.done) {
          const sibling = kdumpDriver().transition({ ...a[k - 1]!, context: { ...a[k - 1]!.context, design: second } }, env.events[k - 1]!);
          if (sameState(a[k]!.context, sibling.context)) expect(stateHash(a[k]!.context, a[k - 1]!.context)).toBe(stateHash(sibling.context, a[k - 1]!.context));
        }
        if (!sameState(a[k]!.context, b[k]!.context)) continue;
        expect(stateHash(a[k]!.context)).toBe(stateHash(b[k]!.context));
        expect(judgments(finish(env, b[k]!, k, first)), `${p} from event ${k}`).toEqual(judgments(a.at(-1)!));
      }
    },
  );

  it('is met past the start: the check above is not vacuous', () => {
    let met = 0;
    for (const [env, index, p] of fc.sample(fc.tuple(environmentArb(['on/on', 'off/off']), fc.nat(designCount() - 1), point), { numRuns: 30, seed: 22 })) {
      const first = designAt(index);
      const second = { ...first, [p]: optionsOf(p).find((o) => o !== first[p])! };
      const a = statesOf(env, first);
      const b = statesOf(env, second);
      for (let k = 1; k < Math.min(a.length, b.length); k++) if (sameState(a[k]!.context, b[k]!.context)) met++;
    }
    expect(met).toBeGreaterThan(10);
  });

  it('is the same state under two designs, and not once one of them has read differently', () => {
    const env = fc.sample(environmentArb(['on/on']), { numRuns: 1, seed: 3 })[0]!;
    const v7 = statesOf(env, preset('sme-kdump-v7').decisions);
    const again = statesOf(env, { ...preset('sme-kdump-v7').decisions });
    const without = statesOf(env, preset('sme-kdump-v7-without-patch-2').decisions);
    expect(sameState(v7.at(-1)!.context, again.at(-1)!.context)).toBe(true);
    expect(sameState(v7[0]!.context, without[0]!.context)).toBe(true);
    expect(sameState(v7.at(-1)!.context, without.at(-1)!.context)).toBe(false);
  });
});
