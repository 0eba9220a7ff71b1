/**
 * runKdump follows the memoised XState paths (model/drive.ts); runKdumpWithXstate folds XState's
 * own `transition`. Both must give the same final state, the same run and the same hardware.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { designAt, designCount, SUPPORT_ROWS } from '../../model/design/design.ts';
import type { Decisions } from '../../model/design/registry.ts';
import type { Environment } from '../../model/environment.ts';
import type { Driven, Partway } from '../../model/drive.ts';
import type { KdumpContext } from '../../model/kernel/context.ts';
import { kdumpDriver, runKdump, runKdumpWithXstate } from '../../model/run.ts';
import { environmentArb } from '../../properties/arbitraries/index.ts';
import { CATALOG } from '../../properties/catalog/index.ts';
import { preset, PRESET_NAMES } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const designArb = fc.oneof(fc.constantFrom(...PRESET_NAMES.map((n) => preset(n).decisions)), fc.nat(designCount() - 1).map(designAt));

/** Everything a run leaves behind, as plain data. */
function outcome(r: ReturnType<typeof runKdump>) {
  const { run, state, context } = r;
  return {
    state,
    run: { stages: run.stages, stop: run.stop, halted: run.halted, steps: run.steps, observations: run.observations },
    judgments: CATALOG.map((p) => p.judge(run)),
    dram: context.dram,
    iommu: context.iommu,
    kimage: context.kimage,
    gen: context.gen,
  };
}

/** Asserts (expect throws); returns nothing, which fast-check takes as a pass. */
function same(env: Environment, decisions: Decisions): void {
  expect(outcome(runKdump(env, decisions))).toEqual(outcome(runKdumpWithXstate(env, decisions)));
}

test.prop([fc.constantFrom(...SUPPORT_ROWS).chain((pair) => environmentArb([pair])), designArb], { numRuns: 200 })('the driver and XState give the same run', same);

test('the same on the DL385, under every preset, SME pair and a few event orders', () => {
  const m = machineScenario('hp-dl385-gen10');
  for (const name of PRESET_NAMES) {
    for (const [firstKernel, kdumpKernel] of [[true, true], [true, false], [false, true], [false, false]] as const) {
      same(environmentOn(m, { firstKernel, kdumpKernel }), preset(name).decisions);
      same(environmentOn(m, { firstKernel, kdumpKernel }, [{ type: 'PANIC' }, { type: 'READ_VMCORE' }]), preset(name).decisions);
    }
  }
});

test('a run judged without expanding its batches gives the observation run.observations holds', () => {
  const m = machineScenario('hp-dl385-gen10');
  const { run } = runKdump(environmentOn(m, { firstKernel: true, kdumpKernel: true }), preset('sme-kdump-v7-without-patch-4').decisions);
  for (const p of CATALOG) {
    const j = p.judge(run);
    if (j.status === 'violated') expect(run.observations).toContain(j.observation);
  }
  expect(Object.keys(run)).toContain('observations');
  const json = JSON.parse(JSON.stringify({ ...run })) as Record<string, unknown>;
  expect(json['observations']).toHaveLength(run.observations.length);
});

/** A run driven one action (or guard) at a time, with begin and step. */
function stepwise(env: Environment, decisions: Decisions): { steps: number; events: number; driven: Driven<KdumpContext> } {
  const driver = kdumpDriver();
  let driven = driver.initial({ env, design: decisions });
  let steps = 0;
  let events = 0;
  for (const event of env.events) {
    if (driven.done) break;
    events++;
    let at: Driven<KdumpContext> | Partway<KdumpContext> = driver.begin(driven, event);
    while ('path' in at) {
      at = driver.step(at);
      steps++;
    }
    driven = at;
  }
  return { steps, events, driven };
}

test.prop([fc.constantFrom(...SUPPORT_ROWS).chain((pair) => environmentArb([pair])), designArb], { numRuns: 100 })(
  'stepping a transition action by action ends where the transition does, in more steps than events',
  (env, decisions) => {
    const whole = runKdump(env, decisions);
    const { steps, events, driven } = stepwise(env, decisions);
    expect(outcome({ run: driven.context.run.frozen(), state: driven.state, context: driven.context })).toEqual(outcome(whole));
    // A step is one action or guard, and the step that ends the event: finer than events whenever an event does anything.
    if (events > 0) expect(steps).toBeGreaterThan(events);
  },
);
