/**
 * One machine of the scale benchmark, in a process of its own so that its peak RSS is its own.
 * Prints JSON: microseconds per complete run (run every stage, judge every property) on the same
 * environment again and again (what `explore` does, and replaying a machine), on a fresh copy of
 * the layout each time (the first run on a layout, which also derives its PT_LOADs, ELF core header
 * and DMA candidates), and the peak RSS.
 */
import { runKdump } from '../model/run.ts';
import { CATALOG } from '../properties/catalog/index.ts';
import { preset } from '../scenarios/designs/index.ts';
import { LARGE, SMALL, scaleEnvironment } from './layouts.ts';
import { median, timings, wallMs } from './measure.ts';

const which = process.argv[2] === 'large' ? LARGE : SMALL;
const reps = Number(process.argv[3] ?? 5);
const design = preset('sme-kdump-v7').decisions;
const env = scaleEnvironment(which.layout());
const complete = (e: typeof env): number => {
  const { run } = runKdump(e, design);
  return CATALOG.filter((p) => p.judge(run).status === 'violated').length;
};
// Runs per repetition: about a second's worth on either machine.
const n = which === SMALL ? 4000 : 400;
const coldN = which === SMALL ? 2000 : 40;
for (let i = 0; i < n; i++) complete(env); // warm-up
const warm = timings(reps, wallMs, () => {
  for (let i = 0; i < n; i++) complete(env);
});
const cold = timings(reps, wallMs, () => {
  for (let i = 0; i < coldN; i++) complete({ ...env, layout: { ...env.layout } });
});
const { run } = runKdump(env, design);
process.stdout.write(`${JSON.stringify({
  machine: which.name,
  ramRanges: env.layout.ram.length,
  observations: run.observations.length,
  usPerRun: (median(warm) / n) * 1000,
  usPerFirstRun: (median(cold) / coldN) * 1000,
  peakRssMB: process.resourceUsage().maxRSS / 1024,
})}\n`);
