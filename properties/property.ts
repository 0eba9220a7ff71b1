/**
 * What a property is: an ID, the claim in words, the kernel sites it concerns, what we expect of
 * it, and a pure judgment of one run. Judgments look only at what the run recorded: the reads,
 * what was written, what came back. They never look at the design.
 */
import type { Observation, ReadKind, Run } from '../model/kernel/run.ts';

export type Expectation =
  | { readonly kind: 'holds' }
  | { readonly kind: 'known-limitation'; readonly reason: string };

export type Judgment =
  | { readonly status: 'unexercised' }
  | { readonly status: 'holds'; readonly exercised: number }
  | { readonly status: 'violated'; readonly observation: Observation };

export interface Property {
  readonly id: string;
  readonly claim: string;
  readonly sites: readonly string[];
  readonly expectation: Expectation;
  readonly judge: (run: Run) => Judgment;
}

/**
 * The common shape of a judgment: the property is exercised by the observations `select` picks,
 * and broken by the first of them whose reader did not get what was expected.
 */
export function judgeReads(select: (o: Observation) => boolean): (run: Run) => Judgment {
  return (run) => {
    let exercised = 0;
    for (const o of run.observations) {
      if (!select(o)) continue;
      if (!o.ok) return { status: 'violated', observation: o };
      exercised++;
    }
    return exercised === 0 ? { status: 'unexercised' } : { status: 'holds', exercised };
  };
}

export const ofKind = (...kinds: ReadKind[]) => (o: Observation): boolean => kinds.includes(o.kind);

export const HOLDS: Expectation = { kind: 'holds' };
