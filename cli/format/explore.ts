/** The output of `kdump-sme explore`: which designs are supported in each SME pair, and what they share. */
import type { DecisionPoint, Decisions } from '../../model/design/registry.ts';
import { DECISION_POINT_NAMES } from '../../model/design/registry.ts';
import { type ExploreResult, supportsDesign } from '../../properties/explore.ts';
import type { Cube } from '../../properties/cubes.ts';
import { preset, PRESET_NAMES } from '../../scenarios/designs/index.ts';
import { rowParts } from '../pairs.ts';
import { decisionsJson, jsonText } from './json.ts';
import { indent, seconds, table } from './table.ts';

export function exploreJson(r: ExploreResult): string {
  return jsonText({
    decisionPoints: r.decisionPoints,
    fixed: r.fixed,
    designs: r.designs,
    seed: r.seed,
    runs: r.runsPerCell,
    runsMade: r.runsMade,
    designsPerRun: r.designsPerRun,
    interrupted: r.interrupted,
    by: [...r.by],
    groups: r.groups.map((g) => ({
      options: g.options,
      designs: g.designs,
      supported: Object.fromEntries(r.pairs.map((p, i) => [p.pair, g.supported[i]])),
      best: g.best.map((b) => ({ rows: [...b.rows], designs: b.designs })),
    })),
    pairs: r.pairs.map((p) => ({
      ...rowParts(p.pair),
      supportedCount: p.supportedCount,
      supportedDesigns: p.supportedDesigns === null ? null : p.supportedDesigns.map(decisionsJson),
      sharedBySupported: p.sharedBySupported,
      supportedCubes: p.supportedCubes === null ? null : p.supportedCubes.map((c) => cubeJson(r, c)),
    })),
  });
}

/** With --by: for each combination of the options of those points, how many of its designs each row supports. */
function groupsTable(r: ExploreResult): string[] {
  if (r.by.length === 0) return [];
  return [
    '',
    `supported designs by ${r.by.join(', ')} (of the designs with those options; "-": none):`,
    ...table(
      [...r.by.map((p) => p.toUpperCase()), 'DESIGNS', ...r.pairs.map((p) => p.pair), 'MOST ROWS ONE DESIGN SUPPORTS (DESIGNS)'],
      r.groups.map((g) => [
        ...r.by.map((p) => g.options[p] ?? ''),
        String(g.designs),
        ...g.supported.map((n) => (n === 0 ? '-' : String(n))),
        g.best.length === 0 ? '-' : g.best.map((b) => `${b.rows.join(' ')} (${b.designs})`).join('; '),
      ]),
    ),
  ];
}

/** The option every supported design shares at each point: "-" with no supported design, "(any)" where they differ. */
function sharedTable(r: ExploreResult): string[] {
  return table(
    ['DECISION POINT', ...r.pairs.map((p) => p.pair)],
    variedPoints(r).map((point) => [
      point,
      ...r.pairs.map((p) => (p.supportedCount === 0 ? '-' : p.sharedBySupported[point] ?? '(any)')),
    ]),
  );
}


/** The points varied, in the registry's order. */
const variedPoints = (r: ExploreResult): DecisionPoint[] => DECISION_POINT_NAMES.filter((p) => r.decisionPoints[p] !== undefined);

/** The points where `decisions` picks an option the space does not have: another than the fixed one, or one not explored. */
const outside = (r: ExploreResult, decisions: Decisions): string[] =>
  DECISION_POINT_NAMES.filter((p) => (r.fixed[p] !== undefined && r.fixed[p] !== decisions[p]) || (r.decisionPoints[p] !== undefined && !r.decisionPoints[p].includes(decisions[p]))).map((p) => `${p}=${decisions[p]}`);

/** For each preset, the pairs in which its decisions are among the supported designs, or why it was not explored. */
function presetLines(r: ExploreResult): string[] {
  return PRESET_NAMES.map((name) => {
    const { decisions } = preset(name);
    const off = outside(r, decisions);
    if (off.length > 0) return `${name}: not in the space explored (${off.join(', ')})`;
    const pairs = r.pairs.filter((p) => supportsDesign(p, decisions)).map((p) => p.pair);
    return `${name}: ${pairs.length === 0 ? 'supported in no pair' : `supported in ${pairs.join(', ')}`}`;
  });
}

/** A cube in the registry's order of points, each varied point at its option or "any". */
const cubeJson = (r: ExploreResult, c: Cube): Record<string, string> => Object.fromEntries(variedPoints(r).map((p) => [p, c[p] ?? 'any']));

/** The supported designs of the pairs that have many, as the few cubes they make: the points that mattered, and "any" for the rest. */
function fewCubes(r: ExploreResult, limit = 16): string[] {
  return r.pairs.flatMap((p) => {
    const cubes = p.supportedCubes;
    if (cubes === null || p.supportedCount <= limit || cubes.length > limit) return [];
    const line = (c: Cube): string => {
      const fixed = variedPoints(r).filter((point) => c[point] !== undefined).map((point) => `${point}=${c[point]}`);
      return fixed.length === 0 ? 'any design of the space' : `${fixed.join(', ')}; every other point any`;
    };
    return ['', `supported designs in ${p.pair}, as ${cubes.length} cube(s):`, ...indent(cubes.map(line))];
  });
}

/** The supported designs of the pairs that have few, each by its options at the points where they differ. */
function fewDesigns(r: ExploreResult, limit = 16): string[] {
  return r.pairs.flatMap((p) => {
    const n = p.supportedCount;
    if (n === 0 || n > limit || p.supportedDesigns === null) return [];
    const free = variedPoints(r).filter((point) => p.sharedBySupported[point] === undefined);
    const line = (d: Decisions): string => (free.length === 0 ? '(the shared options)' : free.map((point) => `${point}=${d[point]}`).join(', '));
    return ['', `supported designs in ${p.pair}:`, ...indent(p.supportedDesigns.map(line))];
  });
}

/** The points kept at one option, as one line (none when every point is varied). */
function fixedLine(r: ExploreResult): string[] {
  const fixed = DECISION_POINT_NAMES.filter((p) => r.fixed[p] !== undefined).map((p) => `${p}=${r.fixed[p]}`);
  return fixed.length === 0 ? [] : [`fixed: ${fixed.join(', ')}`];
}

/** How much running it took: runs of the model made, and the designs each covered on average. */
function runsLine(r: ExploreResult): string[] {
  if (r.runsMade === null || r.designsPerRun === null) return [];
  const cells = r.designs * r.pairs.length * r.runsPerCell;
  return [`${r.runsMade} runs of the model, each covering ${r.designsPerRun.toFixed(1)} designs on average (running every design on every environment: ${cells})`];
}

export function exploreText(r: ExploreResult, elapsedMs: number): string {
  const counts = r.pairs.map((p) => `${p.pair} ${p.supportedCount}`).join(', ');
  const lines = [
    `kdump-sme explore: ${r.designs} designs (every option at ${variedPoints(r).length} decision points) x ${r.pairs.length} SME pairs; ${r.runsPerCell} runs per cell; seed ${r.seed}`,
    ...fixedLine(r),
    '',
    `fully supported designs, per pair (first kernel/kdump kernel): ${counts}`,
    ...runsLine(r),
    '',
    'options every supported design shares ("-": no design is supported; "(any)": they differ):',
    ...sharedTable(r),
    ...groupsTable(r),
    '',
    ...presetLines(r),
    ...fewDesigns(r),
    ...fewCubes(r),
    '',
    r.interrupted ? `INTERRUPTED: results are partial (${seconds(elapsedMs)})` : `done (${seconds(elapsedMs)})`,
  ];
  return `${lines.join('\n')}\n`;
}
