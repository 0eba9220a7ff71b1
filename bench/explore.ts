/** Time for the series' design space: `explore({ base, runs, seed })` from properties/explore.ts, as `kdump-sme explore` runs it. */
import { explore } from '../properties/explore.ts';
import { preset } from '../scenarios/designs/index.ts';
import { median, timings, wallMs } from './measure.ts';

export interface ExploreFigure {
  readonly runsPerCell: number;
  readonly seconds: number;
  /** Supported designs per pair, as found (the same every repetition). */
  readonly supported: Readonly<Record<string, number>>;
}

export function exploreTime(runs: number, reps: number): ExploreFigure {
  let supported: Record<string, number> = {};
  const times = timings(reps, wallMs, (rep) => {
    const r = explore({ base: preset('sme-kdump-v7').decisions, runs, seed: 1 });
    if (rep === 0) supported = Object.fromEntries(r.pairs.map((p) => [p.pair, p.supportedDesigns.length]));
  });
  return { runsPerCell: runs, seconds: median(times) / 1000, supported };
}
