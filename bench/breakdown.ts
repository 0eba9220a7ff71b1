/**
 * Where a complete run's time goes: generating the environment, each stage's kernel operations,
 * driving the machine, judging the properties, and what check adds around them.
 *
 * The environments are check's own (the same batches and seeds, collected from fast-check). They
 * are run by `runKdump` and judged, each timed as a whole, and run again, batch by batch, by a
 * driver over the system machine whose every action times itself, under the stage entered last. In
 * that second pass, the time outside the actions (less the clock readings that fall there, measured
 * beforehand) is the driving: the memoised XState paths, the guards, the initial context, freezing
 * the run. Timing an action costs more than reading the clock (the wrapper keeps V8 from inlining
 * it, among others): what the timed actions come to beyond the untimed runs less the driving is
 * taken off them, the same amount per call, so that the stages and the driving add up to what
 * `runKdump` costs untimed. Complete runs (`check`) and generation alone are timed as in
 * throughput.ts, on the same clock (wall time: the parts are too short for the CPU clock's system
 * call), and whatever the parts do not explain is check's own share (fast-check's property and
 * the tallies), with whatever the VM's speed drifted between the timings. Each figure is a median
 * over the repetitions, so the parts need not add up to the whole exactly; each ratio is taken
 * within one repetition, then the median of those.
 *
 * Each part also gives the ratio of a complete run to generation had that part cost nothing:
 * how far optimising it alone could take the ratio target.
 */
import { assign } from 'xstate';
import type { Environment } from '../model/environment.ts';
import { STAGES, type Stage } from '../model/kernel/run.ts';
import { kdumpMachine } from '../model/kernel/system.ts';
import { runKdump, runWith, systemDriver } from '../model/run.ts';
import { CATALOG } from '../properties/catalog/index.ts';
import { check, CHUNK } from '../properties/check.ts';
import { preset } from '../scenarios/designs/index.ts';
import { median, timings, wallMs } from './measure.ts';
import { generateOnly } from './throughput.ts';

export interface Part {
  readonly part: string;
  /** Microseconds per complete run (median over the repetitions). */
  readonly us: number;
  /** Complete run / generation, had this part cost nothing (null for generation itself). */
  readonly ratioWithout: number | null;
}

export interface Breakdown {
  readonly design: string;
  readonly runs: number;
  readonly usPerRun: number;
  readonly usPerGeneration: number;
  readonly ratio: number;
  readonly parts: readonly Part[];
}

type Actions = Record<string, { assignment: (args: unknown, params: unknown) => unknown }>;

/** Time spent in a stage's actions, and how many actions were timed. */
interface Spent {
  ms: number;
  calls: number;
}

/** A driver over the system machine whose actions add their time to `spent`, by stage. */
function timedDriver(spent: Map<Stage, Spent>) {
  let stage: Stage = STAGES[0];
  const actions = Object.fromEntries(Object.entries(kdumpMachine.implementations.actions as unknown as Actions).map(([name, a]) => {
    const f = a.assignment;
    return [name, assign((args: unknown, params: unknown) => {
      if (name === 'enterStage') stage = (params as { stage: Stage }).stage;
      const t0 = performance.now();
      const out = f(args, params);
      const t1 = performance.now();
      const s = spent.get(stage);
      if (s === undefined) spent.set(stage, { ms: t1 - t0, calls: 1 });
      else {
        s.ms += t1 - t0;
        s.calls++;
      }
      return out as never;
    })];
  }));
  return systemDriver(kdumpMachine.provide({ actions }));
}

/** What one reading of performance.now() costs, in milliseconds. */
function clockCost(): number {
  const per = timings(5, wallMs, () => {
    let sink = 0;
    for (let i = 0; i < 100_000; i++) sink += performance.now();
    if (sink === 0) throw new Error('unreachable');
  });
  return median(per) / 100_000;
}

export function breakdown(name: string, runs: number, reps: number): Breakdown {
  const design = preset(name);
  const pairs = design.supports;
  const spent = new Map<Stage, Spent>();
  const driver = timedDriver(spent);
  // A timed action reads the clock twice: about one reading falls inside its interval, one outside.
  const clock = clockCost();
  check({ design, pairs, runs: Math.min(runs, 2000), seed: 99, shrink: false });
  const byPart = new Map<string, { us: number[]; ratioWithout: number[] }>();
  const ratios: number[] = [];
  for (let rep = 0; rep <= reps; rep++) {
    const seed = rep + 1;
    const [full] = timings(1, wallMs, () => check({ design, pairs, runs, seed, shrink: false }));
    const [gen] = timings(1, wallMs, () => generateOnly(pairs, runs, seed));
    const envs: Environment[] = [];
    generateOnly(pairs, runs, seed, (env) => envs.push(env));
    // Each batch of environments is run untimed, then timed, so that the two passes share the VM's
    // speed. (Not environment by environment: the second run of a layout would find what the first
    // worked out for it still remembered, memo.ts.)
    let running = 0;
    let judging = 0;
    let timed = 0;
    spent.clear();
    for (let from = 0; from < envs.length; from += CHUNK) {
      const batch = envs.slice(from, from + CHUNK);
      for (const env of batch) {
        const t0 = performance.now();
        const { run } = runKdump(env, design.decisions);
        const t1 = performance.now();
        for (const p of CATALOG) p.judge(run);
        judging += performance.now() - t1;
        running += t1 - t0;
      }
      const t0 = performance.now();
      for (const env of batch) runWith(driver, env, design.decisions);
      timed += performance.now() - t0;
    }
    // The first repetition warms the timed driver up.
    if (rep === 0) continue;
    const measured = STAGES.map((s) => spent.get(s) ?? { ms: 0, calls: 0 });
    const calls = measured.reduce((a, t) => a + t.calls, 0);
    const inActions = measured.reduce((a, t) => a + t.ms, 0);
    const driving = timed - inActions - calls * clock;
    const perCall = (inActions - (running - driving)) / calls;
    const stages = measured.map((t) => Math.max(0, t.ms - t.calls * perCall));
    // Each repetition's parts against its own complete run and generation, taken a moment apart.
    const note = (part: string, ms: number) => {
      let p = byPart.get(part);
      if (p === undefined) byPart.set(part, (p = { us: [], ratioWithout: [] }));
      p.us.push((ms / runs) * 1000);
      p.ratioWithout.push((full! - ms) / gen!);
    };
    note('generating the environment', gen!);
    STAGES.forEach((s, i) => note(`stage ${s}`, stages[i]!));
    note('driving the machine, recording the run', driving);
    note('judging every property', judging);
    note("the rest: check's own (fast-check's property, tallies) and drift", full! - gen! - running - judging);
    note('complete run', full!);
    ratios.push(full! / gen!);
  }
  const us = (part: string) => median(byPart.get(part)!.us);
  const usPerRun = us('complete run');
  const usPerGeneration = us('generating the environment');
  const parts = [...byPart.keys()].filter((p) => p !== 'complete run').map((part): Part => ({
    part,
    us: us(part),
    ratioWithout: part === 'generating the environment' ? null : median(byPart.get(part)!.ratioWithout),
  }));
  return { design: name, runs, usPerRun, usPerGeneration, ratio: median(ratios), parts };
}
