/**
 * properties/explore.ts's explore(), giving the event loop a turn between cells so that Ctrl-C
 * (a signal, seen only between turns) can stop a long exploration. Same cells, same order, same
 * checks, same result type; only the waiting differs.
 *
 * Interim: properties/explore.ts runs synchronously, so its shouldStop never sees a SIGINT. This
 * file goes when it offers an async variant (or a generator of cells, like checkBatches).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { allDecisionCombinations, type Design, SME_PAIRS } from '../model/design/design.ts';
import { DECISION_POINT_NAMES, DECISION_POINTS, type DecisionPoint, type Decisions } from '../model/design/registry.ts';
import { check } from '../properties/check.ts';
import { type ExploreOptions, type ExplorePair, type ExploreResult, sharedOptions } from '../properties/explore.ts';
import { supportedBy } from '../properties/matrix.ts';

const supported = (decisions: Decisions, pair: ExplorePair['pair'], options: ExploreOptions): boolean => {
  const design: Design = { name: 'explore', supports: [pair], decisions };
  return supportedBy(check({ design, pairs: [pair], runs: options.runs, seed: options.seed, shrink: false }));
};

export async function exploreAsync(options: ExploreOptions): Promise<ExploreResult> {
  const combos = allDecisionCombinations();
  const total = combos.length * SME_PAIRS.length;
  let done = 0;
  let interrupted = false;
  const pairs: ExplorePair[] = [];
  for (const pair of SME_PAIRS) {
    const supportedDesigns: Decisions[] = [];
    for (const decisions of combos) {
      await nextTurn();
      if (interrupted || options.shouldStop?.() === true) {
        interrupted = true;
        break;
      }
      if (supported(decisions, pair, options)) supportedDesigns.push(decisions);
      options.onProgress?.(++done, total);
    }
    pairs.push({ pair, supportedDesigns, sharedBySupported: sharedOptions(supportedDesigns) });
  }
  const decisionPoints = Object.fromEntries(DECISION_POINT_NAMES.map((p) => [p, [...DECISION_POINTS[p].options]])) as unknown as Record<DecisionPoint, readonly string[]>;
  return { decisionPoints, designs: combos.length, runsPerCell: options.runs, seed: options.seed, pairs, interrupted };
}
