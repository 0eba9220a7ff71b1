/**
 * The design space: every combination of the decision points' options, checked under each SME
 * pair. For each pair, which designs are fully supported, and which option of each decision
 * point all of them share: the parts of a design that are necessary, derived by running the
 * model rather than asserted.
 */
import { allDecisionCombinations, type Design, SME_PAIRS, type SmePair } from '../model/design/design.ts';
import { DECISION_POINT_NAMES, DECISION_POINTS, type DecisionPoint, type Decisions } from '../model/design/registry.ts';
import { check } from './check.ts';
import { supportedBy } from './matrix.ts';

export interface ExplorePair {
  readonly pair: SmePair;
  readonly supportedDesigns: readonly Decisions[];
  /** The option every supported design picks at a point, for the points where they agree. */
  readonly sharedBySupported: Partial<Record<DecisionPoint, string>>;
}

export interface ExploreResult {
  readonly decisionPoints: Readonly<Record<DecisionPoint, readonly string[]>>;
  readonly designs: number;
  readonly runsPerCell: number;
  readonly seed: number;
  readonly pairs: readonly ExplorePair[];
  readonly interrupted: boolean;
}

export interface ExploreOptions {
  readonly runs: number;
  readonly seed: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly shouldStop?: () => boolean;
}

export function sharedOptions(designs: readonly Decisions[]): Partial<Record<DecisionPoint, string>> {
  const shared: Partial<Record<DecisionPoint, string>> = {};
  if (designs.length === 0) return shared;
  for (const point of DECISION_POINT_NAMES) {
    const first = designs[0]![point];
    if (designs.every((d) => d[point] === first)) shared[point] = first;
  }
  return shared;
}

export function explore(options: ExploreOptions): ExploreResult {
  const combos = allDecisionCombinations();
  const total = combos.length * SME_PAIRS.length;
  let done = 0;
  let interrupted = false;
  const pairs = SME_PAIRS.map((pair): ExplorePair => {
    const supportedDesigns: Decisions[] = [];
    for (const decisions of combos) {
      if (interrupted || options.shouldStop?.() === true) {
        interrupted = true;
        break;
      }
      const design: Design = { name: 'explore', supports: [pair], decisions };
      if (supportedBy(check({ design, pairs: [pair], runs: options.runs, seed: options.seed, shrink: false }))) supportedDesigns.push(decisions);
      options.onProgress?.(++done, total);
    }
    return { pair, supportedDesigns, sharedBySupported: sharedOptions(supportedDesigns) };
  });
  const decisionPoints = Object.fromEntries(DECISION_POINT_NAMES.map((p) => [p, [...DECISION_POINTS[p].options]])) as unknown as Record<DecisionPoint, readonly string[]>;
  return { decisionPoints, designs: combos.length, runsPerCell: options.runs, seed: options.seed, pairs, interrupted };
}
