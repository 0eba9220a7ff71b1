/**
 * What a property is: an ID, the claim in words, the kernel sites it concerns, what we expect of
 * it, and a pure judgment of one run. Judgments look only at what the run recorded: the reads,
 * what was written, what came back. They never look at the design.
 */
import { batchMember, entrySize, isBatch, type LogEntry, observationLog } from '../model/kernel/observation-log.ts';
import type { Observation, ReadKind, Run } from '../model/kernel/run.ts';
import type { Platform } from '../model/environment.ts';
import { lastOf } from '../model/memo.ts';

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
  /**
   * The platforms where the property has a meaning (default: both). Elsewhere nothing it judges
   * can happen (an SEV guest has no AMD IOMMU; an SME host no hypervisor), so it must come out
   * unreached there, and that is no failure.
   */
  readonly platforms?: readonly Platform[];
  readonly judge: (run: Run) => Judgment;
}

/** Does the property mean anything on one of `platforms`? */
export const appliesOn = (property: Property, platforms: readonly Platform[]): boolean =>
  property.platforms === undefined || platforms.some((p) => property.platforms!.includes(p));

/** A run's log entries (observations, and batches of alike ones) of each kind, in run order, with the place of their first observation. */
type KindIndex = Map<ReadKind, { readonly entries: LogEntry[]; readonly at: number[] }>;

/** Built once per run, on first use, and shared by the properties that judge it one after another. */
const kindIndex = lastOf(indexByKind);

function indexByKind(run: Run): KindIndex {
  const index: KindIndex = new Map();
  let at = 0;
  for (const e of observationLog(run)) {
    let slot = index.get(e.kind);
    if (slot === undefined) index.set(e.kind, (slot = { entries: [], at: [] }));
    slot.entries.push(e);
    slot.at.push(at);
    at += entrySize(e);
  }
  return index;
}

/**
 * The common shape of a judgment: the property is exercised by the observations of `kinds` that
 * `select` (if given) picks, and broken by the first of them in the run whose reader did not get
 * what was expected. A batch of alike reads is judged at once, so `select` may look at what its
 * observations share (kind, site, usage, attributes, values, ok) but not at `what` or `range`.
 */
export function judgeReads(kinds: readonly ReadKind[], select?: (o: Observation) => boolean): (run: Run) => Judgment {
  return (run) => {
    const index = kindIndex(run);
    let exercised = 0;
    let first: { at: number; o: Observation } | null = null;
    for (const kind of kinds) {
      const slot = index.get(kind);
      for (let n = 0; slot !== undefined && n < slot.entries.length; n++) {
        const e = slot.entries[n]!;
        const o = isBatch(e) ? e.shared : e;
        if (select !== undefined && !select(o)) continue;
        if (!o.ok) {
          if (first === null || slot.at[n]! < first.at) first = { at: slot.at[n]!, o: isBatch(e) ? batchMember(e, e.from) : e };
          break;
        }
        exercised += entrySize(e);
      }
    }
    if (first !== null) return { status: 'violated', observation: first.o };
    return exercised === 0 ? { status: 'unexercised' } : { status: 'holds', exercised };
  };
}

export const HOLDS: Expectation = { kind: 'holds' };
