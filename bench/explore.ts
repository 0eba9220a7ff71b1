/**
 * Time for the series' design space and for the whole grown one: `explore({ base, runs, seed })` from properties/explore.ts, as
 * `kdump-sme explore` runs it (by the points runs read), beside running every design on every
 * environment (`exploreByEnumeration`) in the same process.
 */
import { SUPPORT_ROWS, type SupportRow } from '../model/design/design.ts';
import { DECISION_POINT_NAMES } from '../model/design/registry.ts';
import { cubeSize, spaceOf } from '../properties/cubes.ts';
import { availableParallelism } from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { explore, exploreByEnumeration } from '../properties/explore.ts';
import { lazyRowSteps } from '../properties/lazy-explore.ts';
import { runToEnd } from '../properties/steps.ts';
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

/** One row of the whole grown space, explored by reads. */
export interface GrownRowFigure {
  readonly row: SupportRow;
  readonly seconds: number;
  readonly runsMade: number;
  readonly supported: number;
  /** The supported designs as merged cubes. */
  readonly cubes: number;
}

export interface GrownFigure {
  readonly designs: number;
  readonly runsPerCell: number;
  /** Row by row on one core, and their sum. */
  readonly rows: readonly GrownRowFigure[];
  readonly seconds: number;
  /** `kdump-sme explore --vary all` run as a command (its rows on worker threads, one per core), start-up included. */
  readonly workers: number;
  readonly commandSeconds: number;
}

/**
 * Time for the whole grown space (every option of every decision point, `kdump-sme explore --vary
 * all`): row by row on this thread, once (the rows' times differ too much for one figure to say
 * where the time goes), then as a user runs it: the command itself in a process of its own, from
 * the bundle (built first), its rows on a worker thread per core, start-up included.
 */
export function grownExploreTime(runs: number): GrownFigure {
  const space = spaceOf(DECISION_POINT_NAMES);
  const base = preset('sme-kdump-v7').decisions;
  const rows = SUPPORT_ROWS.map((row): GrownRowFigure => {
    const started = wallMs();
    const r = runToEnd(lazyRowSteps(row, space, base, runs, 1))!;
    return { row, seconds: (wallMs() - started) / 1000, runsMade: r.runs, supported: r.supportedCount, cubes: r.supported.length };
  });
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, stdio: 'ignore' });
  const started = wallMs();
  const out = execFileSync(process.execPath, ['bin/kdump-sme.mjs', 'explore', '--vary', 'all', '--runs', String(runs), '--format', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const commandSeconds = (wallMs() - started) / 1000;
  // The command's rows are the rows here, or the figure compares two different explorations.
  const command = JSON.parse(out) as { pairs: { pair: string; supportedCount: number }[] };
  command.pairs.forEach((p, i) => {
    if (p.supportedCount !== rows[i]!.supported) throw new Error(`bench: explore --vary all supports ${p.supportedCount} designs in ${p.pair}, row by row ${rows[i]!.supported}`);
  });
  return { designs: cubeSize({}, space, base), runsPerCell: runs, rows, seconds: rows.reduce((n, r) => n + r.seconds, 0), workers: availableParallelism(), commandSeconds };
}
