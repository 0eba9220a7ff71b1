/** The output of `kdump-sme explore`: which designs are supported in each SME pair, and what they share. */
import type { Decisions } from '../../model/design/registry.ts';
import { DECISION_POINT_NAMES } from '../../model/design/registry.ts';
import type { ExploreResult } from '../../properties/explore.ts';
import { preset, PRESET_NAMES } from '../../scenarios/designs/index.ts';
import { pairParts } from '../pairs.ts';
import { decisionsJson, jsonText } from './json.ts';
import { indent, seconds, table } from './table.ts';

export function exploreJson(r: ExploreResult): string {
  return jsonText({
    decisionPoints: r.decisionPoints,
    designs: r.designs,
    seed: r.seed,
    runs: r.runsPerCell,
    interrupted: r.interrupted,
    pairs: r.pairs.map((p) => ({
      ...pairParts(p.pair),
      supportedDesigns: p.supportedDesigns.map(decisionsJson),
      sharedBySupported: p.sharedBySupported,
    })),
  });
}

/** The option every supported design shares at each point: "-" with no supported design, "(any)" where they differ. */
function sharedTable(r: ExploreResult): string[] {
  return table(
    ['DECISION POINT', ...r.pairs.map((p) => p.pair)],
    DECISION_POINT_NAMES.map((point) => [
      point,
      ...r.pairs.map((p) => (p.supportedDesigns.length === 0 ? '-' : p.sharedBySupported[point] ?? '(any)')),
    ]),
  );
}

const sameDecisions = (a: Decisions, b: Decisions): boolean => DECISION_POINT_NAMES.every((p) => a[p] === b[p]);

/** For each preset, the pairs in which its decisions are among the supported designs. */
function presetLines(r: ExploreResult): string[] {
  return PRESET_NAMES.map((name) => {
    const { decisions } = preset(name);
    const pairs = r.pairs.filter((p) => p.supportedDesigns.some((d) => sameDecisions(d, decisions))).map((p) => p.pair);
    return `${name}: ${pairs.length === 0 ? 'supported in no pair' : `supported in ${pairs.join(', ')}`}`;
  });
}

/** The supported designs of the pairs that have few, each by its options at the points where they differ. */
function fewDesigns(r: ExploreResult, limit = 16): string[] {
  return r.pairs.flatMap((p) => {
    const n = p.supportedDesigns.length;
    if (n === 0 || n > limit) return [];
    const free = DECISION_POINT_NAMES.filter((point) => p.sharedBySupported[point] === undefined);
    const line = (d: Decisions): string => (free.length === 0 ? '(the shared options)' : free.map((point) => `${point}=${d[point]}`).join(', '));
    return ['', `supported designs in ${p.pair}:`, ...indent(p.supportedDesigns.map(line))];
  });
}

export function exploreText(r: ExploreResult, elapsedMs: number): string {
  const counts = r.pairs.map((p) => `${p.pair} ${p.supportedDesigns.length}`).join(', ');
  const lines = [
    `kdump-sme explore: ${r.designs} designs (every option at ${DECISION_POINT_NAMES.length} decision points) x ${r.pairs.length} SME pairs; ${r.runsPerCell} runs per cell; seed ${r.seed}`,
    '',
    `fully supported designs, per pair (first kernel/kdump kernel): ${counts}`,
    '',
    'options every supported design shares ("-": no design is supported; "(any)": they differ):',
    ...sharedTable(r),
    '',
    ...presetLines(r),
    ...fewDesigns(r),
    '',
    r.interrupted ? `INTERRUPTED: results are partial (${seconds(elapsedMs)})` : `done (${seconds(elapsedMs)})`,
  ];
  return `${lines.join('\n')}\n`;
}
