/**
 * Time for the series' design space: `explore({ base, runs, seed })` from properties/explore.ts, as
 * `kdump-sme explore` runs it (by the points runs read), beside running every design on every
 * environment (`exploreByEnumeration`) in the same process.
 */
import { explore, exploreByEnumeration } from '../properties/explore.ts';
import { preset } from '../scenarios/designs/index.ts';
import { median, timings, wallMs } from './measure.ts';

export interface ExploreFigure {
  readonly runsPerCell: number;
  readonly seconds: number;
  /** The same space, every design run on every environment. */
  readonly enumerationSeconds: number;
  /** Runs of the model explore made, and the designs each covered on average. */
  readonly runsMade: number;
  readonly designsPerRun: number;
  /** Supported designs per pair, as found (the same every repetition). */
  readonly supported: Readonly<Record<string, number>>;
}

export function exploreTime(runs: number, reps: number): ExploreFigure {
  let supported: Record<string, number> = {};
  let runsMade = 0;
  let designsPerRun = 0;
  const options = { base: preset('sme-kdump-v7').decisions, runs, seed: 1 };
  const times = timings(reps, wallMs, (rep) => {
    const r = explore(options);
    if (rep === 0) {
      supported = Object.fromEntries(r.pairs.map((p) => [p.pair, p.supportedCount]));
      runsMade = r.runsMade ?? 0;
      designsPerRun = r.designsPerRun ?? 0;
    }
  });
  const enumeration = timings(reps, wallMs, () => exploreByEnumeration(options));
  return { runsPerCell: runs, seconds: median(times) / 1000, enumerationSeconds: median(enumeration) / 1000, runsMade, designsPerRun, supported };
}
