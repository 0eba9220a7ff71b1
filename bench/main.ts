/**
 * The benchmark: `npm run bench [-- --json] [-- --skip-suite] [-- --quick]`.
 *
 * Throughput (complete runs per second on one core, and against generating inputs alone), where a
 * complete run's time goes (and what the ratio would be were each part free), time to
 * a shrunk counterexample for each broken preset, the series' design space and the whole grown one
 * (--quick: at 10 runs per cell, not 100), per-run cost and memory
 * on a large machine against a small one, and the test suite's wall time. Prints a table, or with
 * --json the same figures; either way, which targets are met. Figures are medians of repetitions.
 */
import type { SmePair } from '../model/design/design.ts';
import { breakdown } from './breakdown.ts';
import { type TimeToCounterexample, timeToCounterexample } from './counterexamples.ts';
import { exploreTime, grownExploreTime } from './explore.ts';
import { preset } from '../scenarios/designs/index.ts';
import { historyCases } from '../scenarios/history/index.ts';
import type { Target } from './measure.ts';
import { scale } from './scale.ts';
import { suite } from './suite.ts';
import { throughput } from './throughput.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
const log = (s: string) => {
  if (!json) process.stderr.write(`${s}\n`);
};

const REPS = quick ? 3 : 5;
const BROKEN = ['sme-kdump-v7-without-patch-1', 'sme-kdump-v7-without-patch-2', 'sme-kdump-v7-without-patch-3', 'sme-kdump-v7-without-patch-4', 'linux-4.19'];
const PAIR: SmePair = 'on/on';
const SEEDS = [1, 2, 3, 4, 5];

log('throughput...');
const tp = ['sme-kdump-v7', 'linux-4.19', 'linux-5.3'].map((d) => throughput(d, quick ? 2000 : 5000, REPS));
log('where a run\'s time goes...');
const bd = ['sme-kdump-v7', 'linux-4.19'].map((d) => breakdown(d, quick ? 1000 : 3000, REPS));
log('time to counterexample...');
const cx: TimeToCounterexample[] = [
  ...BROKEN.map((d) => timeToCounterexample(preset(d), PAIR, SEEDS)),
  // Each fix kept from history: the design before it, in the row and for the property the bug showed in.
  ...historyCases().filter((h) => h.case.kind === 'fix').map((h) => timeToCounterexample(h.case.before, h.case.pair, SEEDS, h.case.property, `before ${h.case.project} ${h.case.commit.slice(0, 12)}`)),
];
log('explore...');
const ex = exploreTime(100, quick ? 1 : 3);
log(`explore of the whole grown space (${quick ? 10 : 100} runs per cell)...`);
const grown = grownExploreTime(quick ? 10 : 100);
log('scale...');
const small = scale('small', REPS);
const large = scale('large', REPS);
log(args.has('--skip-suite') ? 'suite skipped' : 'npm test...');
const tests = args.has('--skip-suite') ? null : suite();

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const targets: Target[] = [
  ...tp.map((t) => ({ name: `${t.design}: >= 10,000 complete runs/s on one core`, value: `${fmt(t.runsPerSecond)} runs/s`, met: t.runsPerSecond >= 10_000 })),
  ...tp.map((t) => ({ name: `${t.design}: complete run <= 3x generating its input`, value: `${fmt(t.ratio, 2)}x`, met: t.ratio <= 3 })),
  ...cx.map((c) => ({ name: `${c.design} (${c.pair}): counterexample found and shrunk < 1 s`, value: `${fmt(c.shrunkMs)} ms`, met: c.shrunkMs < 1000 })),
  { name: 'explore of the series\' space, 100 runs per cell: < 2 s', value: `${fmt(ex.seconds, 2)} s (enumerating: ${fmt(ex.enumerationSeconds, 2)} s)`, met: ex.seconds < 2 },
  // --quick explores the grown space at 10 runs per cell, which the target (at 100) says nothing of.
  ...(quick ? [] : [{ name: 'explore of the whole grown space, 100 runs per cell: < 30 s', value: `${fmt(grown.commandSeconds, 1)} s as the command (${grown.workers} cores), ${fmt(grown.seconds, 1)} s row by row on one (the series' space: ${fmt(ex.seconds, 2)} s)`, met: grown.commandSeconds < 30 }]),
  { name: '4 TiB/10,000 ranges: per run <= 10x 1 GiB/4 ranges', value: `${fmt(large.usPerRun / small.usPerRun, 1)}x`, met: large.usPerRun <= 10 * small.usPerRun },
  { name: '4 TiB/10,000 ranges: peak RSS < 300 MB', value: `${fmt(large.peakRssMB)} MB`, met: large.peakRssMB < 300 },
  ...(tests === null ? [] : [{ name: 'npm test < 60 s (and passing)', value: `${fmt(tests.seconds, 1)} s${tests.passed ? '' : ', FAILED'}`, met: tests.seconds < 60 && tests.passed }]),
];

if (json) {
  process.stdout.write(`${JSON.stringify({ throughput: tp, breakdown: bd, timeToCounterexample: cx, explore: ex, grownExplore: grown, scale: { small, large }, suite: tests, targets }, null, 2)}\n`);
} else {
  const table = (rows: string[][]) => {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    console.log();
  };
  table([['throughput (CPU time)', 'pairs', 'runs/s', 'us/run', 'us/generation', 'ratio'], ...tp.map((t) => [t.design, t.pairs.join(','), fmt(t.runsPerSecond), fmt(t.usPerRun, 1), fmt(t.usPerGeneration, 1), fmt(t.ratio, 2)])]);
  table([
    ['where a complete run\'s time goes (us, wall)', ...bd.flatMap((b) => [b.design, 'ratio without it'])],
    ...bd[0]!.parts.map((p, i) => [p.part, ...bd.flatMap((b) => [fmt(b.parts[i]!.us, 1), b.parts[i]!.ratioWithout === null ? '' : `${fmt(b.parts[i]!.ratioWithout, 2)}x`])]),
    ['complete run', ...bd.flatMap((b) => [fmt(b.usPerRun, 1), `${fmt(b.ratio, 2)}x`])],
  ]);
  table([['time to counterexample (median of 5 seeds)', 'row', 'property', 'first ms', 'shrunk ms', 'trace lines', 'RAM ranges', 'RAM bytes'], ...cx.map((c) => [c.design, c.pair, c.property, fmt(c.firstViolationMs, 1), fmt(c.shrunkMs, 1), fmt(c.traceLines), fmt(c.ramRanges), fmt(c.ramBytes)])]);
  table([
    ['explore (the series\' 512 designs x 5 rows)', 'runs/cell', 'seconds', 'enumerating, s', 'runs made', 'designs/run', 'supported designs per pair'],
    ['explore({ runs: 100, seed: 1 })', fmt(ex.runsPerCell), fmt(ex.seconds, 2), fmt(ex.enumerationSeconds, 2), fmt(ex.runsMade), fmt(ex.designsPerRun, 1), Object.entries(ex.supported).map(([p, n]) => `${p}:${n}`).join(' ')],
  ]);
  table([
    [`explore --vary all (${fmt(grown.designs)} designs), row by row`, 'runs/cell', 'seconds', 'runs made', 'supported designs', 'as cubes'],
    ...grown.rows.map((r) => [r.row, fmt(grown.runsPerCell), fmt(r.seconds, 1), fmt(r.runsMade), fmt(r.supported), fmt(r.cubes)]),
    ['all rows, one core', fmt(grown.runsPerCell), fmt(grown.seconds, 1), fmt(grown.rows.reduce((n, r) => n + r.runsMade, 0)), '', ''],
    [`kdump-sme explore --vary all (${grown.workers} worker threads, start-up included)`, fmt(grown.runsPerCell), fmt(grown.commandSeconds, 1), '', '', ''],
  ]);
  table([['scale (sme-kdump-v7, on/on)', 'observations', 'us/run', 'us/first run', 'peak RSS MB'], ...[small, large].map((s) => [s.machine, fmt(s.observations), fmt(s.usPerRun, 1), fmt(s.usPerFirstRun, 1), fmt(s.peakRssMB)])]);
  if (tests !== null) table([['suite', 'seconds', 'passed'], ['npm test', fmt(tests.seconds, 1), String(tests.passed)]]);
  table([['target', 'measured', 'met'], ...targets.map((t) => [t.name, t.value, t.met ? 'yes' : 'NO'])]);
}
