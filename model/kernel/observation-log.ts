/**
 * How a run keeps its observations: one by one, or, for many reads that came out alike, as a batch.
 *
 * A dump reads every PT_LOAD and the kdump kernel every CPU's crash notes; most of those reads
 * return one piece of the same cell through the same attribute, so their observations differ only
 * in what was read and where. A batch holds that shared observation once, with the list of sites
 * (what, usage, range) it stands for. `run.observations` gives every observation, batches
 * expanded, exactly as one read per site would have given them; properties judge a batch at once
 * (every observation in it is ok, or none is).
 */
import type { AddrRange } from '../hardware/address.ts';
import type { Observation, OldPageUsage, ReadKind, Run } from './run.ts';

/** One of several ranges read together: what was read there, and how the first kernel used it. */
export interface RangeSite {
  readonly range: AddrRange;
  readonly what: string;
  readonly usage?: OldPageUsage;
}

/** The observations of `sites[from..to)`: `shared`, with each site's what, usage and range. */
export interface ReadBatch {
  readonly batch: true;
  readonly kind: ReadKind;
  readonly ok: boolean;
  readonly shared: Observation;
  readonly sites: readonly RangeSite[];
  readonly from: number;
  readonly to: number;
  /** The observations, made when first asked for, so that each is one object wherever it is seen. */
  readonly members: (Observation | undefined)[];
}

export const readBatch = (kind: ReadKind, shared: Observation, sites: readonly RangeSite[], from: number, to: number): ReadBatch =>
  ({ batch: true, kind, ok: shared.ok, shared, sites, from, to, members: [] });

export type LogEntry = Observation | ReadBatch;

export const isBatch = (e: LogEntry): e is ReadBatch => 'batch' in e;

export const entrySize = (e: LogEntry): number => (isBatch(e) ? e.to - e.from : 1);

/** The observation a batch holds for its site `i`. */
export function batchMember(b: ReadBatch, i: number): Observation {
  const made = b.members[i - b.from];
  if (made !== undefined) return made;
  const s = b.sites[i]!;
  const o = b.shared;
  const member: Observation = { step: o.step, kind: o.kind, site: o.site, what: s.what, usage: s.usage ?? null, range: s.range, written: o.written, read: o.read, expected: o.expected, got: o.got, ok: o.ok };
  b.members[i - b.from] = member;
  return member;
}

/** Every observation of a log, batches expanded. */
export function expand(entries: readonly LogEntry[]): Observation[] {
  const out: Observation[] = [];
  for (const e of entries) {
    if (!isBatch(e)) out.push(e);
    else for (let i = e.from; i < e.to; i++) out.push(batchMember(e, i));
  }
  return out;
}

/** Where a run made by this model keeps its log; a Run from elsewhere has only `observations`. */
export const OBSERVATION_LOG: unique symbol = Symbol('observation log');

export function observationLog(run: Run): readonly LogEntry[] {
  const kept = (run as { [OBSERVATION_LOG]?: readonly LogEntry[] | { readonly log: readonly LogEntry[] } })[OBSERVATION_LOG];
  if (kept === undefined) return run.observations;
  return 'log' in kept ? kept.log : kept;
}
