/**
 * Time to counterexample: for a design that breaks a property under a pair, how long `check`
 * takes to meet the first violation, and then to have fast-check find it again and shrink it
 * (check.ts `findCounterexample`, what `kdump-sme check` does for each broken property). The
 * first violation is the first run, in check's order, that breaks a property expected to hold.
 * Medians over seeds; the shrunk counterexample's trace length and layout size come with it.
 */
import fc from 'fast-check';
import type { Design, SupportRow } from '../model/design/design.ts';
import { size } from '../model/hardware/address.ts';
import { runKdump } from '../model/run.ts';
import { environmentArb } from '../properties/arbitraries/index.ts';
import { CATALOG } from '../properties/catalog/index.ts';
import { batchSeed, CHUNK, findCounterexample } from '../properties/check.ts';
import type { Property } from '../properties/property.ts';
import { median, wallMs } from './measure.ts';

const HOLDS = CATALOG.filter((p) => p.expectation.kind === 'holds');

interface Found {
  readonly property: string;
  readonly firstMs: number;
  readonly shrunkMs: number;
  readonly traceLines: number;
  readonly ramRanges: number;
  readonly ramBytes: number;
}

/** The first violation in check's order (of `only`, if given): its property, the batch (seed, size) it was in, and when it was seen. */
function firstViolation(design: Design, pair: SupportRow, seed: number, t0: number, only?: Property): { property: Property; seed: number; runs: number; at: number } {
  const arb = environmentArb([pair]);
  const watched = only === undefined ? HOLDS : [only];
  for (let batch = 0; batch < 4000; batch++) {
    const s = batchSeed(seed, batch);
    let hit: { property: Property; at: number } | null = null;
    fc.check(fc.property(arb, (env) => {
      if (hit !== null) return true;
      const { run } = runKdump(env, design.decisions);
      const broken = watched.find((p) => p.judge(run).status === 'violated');
      if (broken !== undefined) hit = { property: broken, at: wallMs() - t0 };
      return true;
    }), { seed: s, numRuns: CHUNK });
    if (hit !== null) return { ...(hit as { property: Property; at: number }), seed: s, runs: CHUNK };
  }
  throw new Error(`${design.name} under ${pair}: no property broken in a million runs`);
}

function timeOne(design: Design, pair: SupportRow, seed: number, only?: Property): Found {
  const t0 = wallMs();
  const first = firstViolation(design, pair, seed, t0, only);
  const t1 = wallMs();
  const cx = findCounterexample(first.property, { design, pairs: [pair], runs: first.runs, seed }, first.seed, first.runs);
  const shrinkMs = wallMs() - t1;
  if (cx === null) throw new Error(`${design.name}: ${first.property.id} broken but not found again`);
  const { ram } = cx.environment.layout;
  return { property: first.property.id, firstMs: first.at, shrunkMs: first.at + shrinkMs, traceLines: cx.trace.length, ramRanges: ram.length, ramBytes: ram.reduce((n, r) => n + size(r), 0) };
}

export interface TimeToCounterexample {
  readonly design: string;
  readonly pair: SupportRow;
  /** The property broken first, for the first seed (others may differ). */
  readonly property: string;
  readonly firstViolationMs: number;
  readonly shrunkMs: number;
  readonly traceLines: number;
  readonly ramRanges: number;
  readonly ramBytes: number;
}

/** For `design` under `pair`: the first property broken, or `only` (a history case's). */
export function timeToCounterexample(design: Design, pair: SupportRow, seeds: readonly number[], only?: Property, name = design.name): TimeToCounterexample {
  timeOne(design, pair, 12345, only); // warm-up
  const found = seeds.map((seed) => timeOne(design, pair, seed, only));
  return {
    design: name,
    pair,
    property: found[0]!.property,
    firstViolationMs: median(found.map((f) => f.firstMs)),
    shrunkMs: median(found.map((f) => f.shrunkMs)),
    traceLines: median(found.map((f) => f.traceLines)),
    ramRanges: median(found.map((f) => f.ramRanges)),
    ramBytes: median(found.map((f) => f.ramBytes)),
  };
}
