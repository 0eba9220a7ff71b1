/**
 * Throughput: complete runs per second on one core, as `check` makes them (fast-check generates
 * an environment, the model runs every stage, every property is judged), against generating the
 * same environments alone. Each figure is the median of several repetitions of `runs` runs; the
 * ratio is the median of the repetitions' own ratios.
 */
import fc from 'fast-check';
import type { Environment } from '../model/environment.ts';
import { environmentArb } from '../properties/arbitraries/index.ts';
import { batchSeed, check, CHUNK } from '../properties/check.ts';
import { preset } from '../scenarios/designs/index.ts';
import { cpuMs, median, timings } from './measure.ts';

export interface Throughput {
  readonly design: string;
  readonly pairs: readonly string[];
  /** Complete runs per second (CPU time). */
  readonly runsPerSecond: number;
  /** Microseconds of CPU time per complete run, and per generated environment alone. */
  readonly usPerRun: number;
  readonly usPerGeneration: number;
  /** Complete run / generation alone. */
  readonly ratio: number;
}

/** What `check` generates for `runs` runs, batch by batch, without running anything; each environment handed to `each`, if given. */
export function generateOnly(pairs: Parameters<typeof environmentArb>[0], runs: number, seed: number, each?: (env: Environment) => void): void {
  const arb = environmentArb(pairs);
  const predicate = each === undefined ? () => true : (env: Environment) => {
    each(env);
    return true;
  };
  for (let batch = 0, done = 0; done < runs; batch++, done += CHUNK) {
    fc.check(fc.property(arb, predicate), { seed: batchSeed(seed, batch), numRuns: Math.min(CHUNK, runs - done) });
  }
}

export function throughput(name: string, runs: number, reps: number): Throughput {
  const design = preset(name);
  const pairs = design.supports;
  // Warm up the JIT first: V8 needs a few thousand runs before the code settles.
  check({ design, pairs, runs: Math.min(runs, 2000), seed: 99, shrink: false });
  generateOnly(pairs, 2000, 99);
  // Each repetition times the complete runs and then the generation alone, back to back: the speed
  // of a shared virtual machine drifts by up to 2x over minutes, and the ratio of two figures taken
  // a moment apart is steadier than the ratio of two medians taken in turn.
  const full: number[] = [];
  const gen: number[] = [];
  const ratios: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const [f] = timings(1, cpuMs, () => check({ design, pairs, runs, seed: rep + 1, shrink: false }));
    const [g] = timings(1, cpuMs, () => generateOnly(pairs, runs, rep + 1));
    full.push(f!);
    gen.push(g!);
    ratios.push(f! / g!);
  }
  const usPerRun = (median(full) / runs) * 1000;
  const usPerGeneration = (median(gen) / runs) * 1000;
  return { design: name, pairs, runsPerSecond: 1e6 / usPerRun, usPerRun, usPerGeneration, ratio: median(ratios) };
}
