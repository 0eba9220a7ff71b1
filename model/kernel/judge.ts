/**
 * Observations: what a read got, judged against what should be there (what was written, or what
 * the owner of the memory saw through its own mapping).
 */
import { setBit } from '../hardware/address.ts';
import { alikeUntil, type SinglePiece, singlePiece } from '../hardware/alike.ts';
import { type Dram, dramRead, type ReadPiece } from '../hardware/dram.ts';
import { sameData, type Value } from '../hardware/values.ts';
import { type KdumpContext, lastStep } from './context.ts';
import { type LogEntry, type RangeSite, readBatch } from './observation-log.ts';
import { type Observation, type OldPageUsage, type ReadKind, writtenAs } from './run.ts';

export type { RangeSite } from './observation-log.ts';

export interface ReadSite {
  readonly kind: ReadKind;
  readonly site: string;
  readonly what: string;
  readonly usage?: OldPageUsage;
}

export const allOk = (obs: readonly { readonly ok: boolean }[]): boolean => obs.every((o) => o.ok);

/**
 * Observations for a read whose every page should hold `expected` (what kexec or the kernel
 * wrote there): one per stretch of DRAM that was stored differently.
 */
export function judgeAgainstWritten(c: KdumpContext, at: ReadSite, got: readonly ReadPiece[], expected: Value): Observation[] {
  return got.map((p) => ({
    step: lastStep(c),
    kind: at.kind,
    site: at.site,
    what: at.what,
    usage: at.usage ?? null,
    range: { start: p.start, end: p.end },
    written: writtenAs(p.stored),
    read: p.encrypted ? 'encrypted' : 'plaintext',
    expected,
    got: p.got,
    ok: sameData(expected, p.got),
  }));
}

/**
 * Observations for reads of several ranges (`sites`), each compared page for page with another
 * reading of the same ranges (what their owner saw): one per stretch where neither reading
 * changes. `got` and `view` hold the pieces of one read per site, site
 * after site, so the got piece that ends where its site ends is that site's last, and the same
 * per-site calls would give the same observations.
 */
export function judgeAgainstViewPerRange(c: KdumpContext, kind: ReadKind, site: string, sites: readonly RangeSite[], got: readonly ReadPiece[], view: readonly ReadPiece[]): Observation[] {
  const out: Observation[] = [];
  const step = lastStep(c);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < got.length && j < view.length) {
    const a = got[i]!;
    const b = view[j]!;
    const at = sites[k]!;
    const start = a.start > b.start ? a.start : b.start;
    const end = a.end < b.end ? a.end : b.end;
    if (start < end) {
      out.push({
        step, kind, site, what: at.what, usage: at.usage ?? null, range: { start, end },
        written: writtenAs(a.stored), read: a.encrypted ? 'encrypted' : 'plaintext', expected: b.got, got: a.got, ok: sameData(b.got, a.got),
      });
    }
    if (a.end <= b.end) {
      i++;
      if (a.end === at.range.end && k < sites.length - 1) k++;
    }
    if (b.end <= a.end) j++;
  }
  return out;
}

/** Observations for a read compared, page for page, with another reading of the same range (what its owner saw). */
export function judgeAgainstView(c: KdumpContext, at: ReadSite, got: readonly ReadPiece[], view: readonly ReadPiece[]): Observation[] {
  const range = got.length === 0 ? { start: 0, end: 0 } : { start: got[0]!.start, end: got.at(-1)!.end };
  return judgeAgainstViewPerRange(c, at.kind, at.site, [{ range, what: at.what, usage: at.usage }], got, view);
}

/** How one side of a comparison reads: which DRAM (now, or as the first kernel left it), through which mask. */
export interface SiteReader {
  readonly dram: Dram;
  readonly mask: number;
}

const pieceAt = (r: SiteReader, s: RangeSite): SinglePiece | null => singlePiece(r.dram, setBit(s.range.start, r.mask), s.range.end - s.range.start);

/**
 * The observations of `sites[from..to)`, each read by `got` and compared page for page with
 * `view`, as `judgeAgainstViewPerRange` gives them from one read per site; sites that read alike
 * on both sides go into one batch. A batch reaches over the sites that follow without a gap inside
 * the same RAM range (the pages of the crash notes), or, with `ascendingInRam` (sites ascending,
 * disjoint, each inside one RAM range, as PT_LOADs are), as far as `alikeUntil` finds by binary
 * search: never by reading each site.
 */
export function judgeSites(c: KdumpContext, kind: ReadKind, site: string, sites: readonly RangeSite[], from: number, to: number, got: SiteReader, view: SiteReader, ascendingInRam: boolean): LogEntry[] {
  const out: LogEntry[] = [];
  for (let k = from; k < to; ) {
    const s = sites[k]!;
    const g = pieceAt(got, s);
    const v = g === null ? null : pieceAt(view, s);
    // One piece on each side, of this very range of DRAM (a mask the hardware ignores sends the read elsewhere).
    if (g === null || v === null || g.start !== s.range.start || v.start !== s.range.start) {
      const size = s.range.end - s.range.start;
      const pieces = dramRead(got.dram, setBit(s.range.start, got.mask), size);
      for (const o of judgeAgainstViewPerRange(c, kind, site, [s], pieces, dramRead(view.dram, setBit(s.range.start, view.mask), size))) out.push(o);
      k++;
      continue;
    }
    const until = g.until < v.until ? g.until : v.until;
    let m = k + 1;
    if (ascendingInRam) m = alikeUntil(sites, k, to, until);
    else {
      const bound = until < g.ramEnd ? until : g.ramEnd;
      while (m < to && sites[m]!.range.start === sites[m - 1]!.range.end && sites[m]!.range.end <= bound) m++;
    }
    const shared: Observation = {
      step: lastStep(c), kind, site, what: s.what, usage: s.usage ?? null, range: s.range,
      written: writtenAs(g.stored), read: g.encrypted ? 'encrypted' : 'plaintext', expected: v.got, got: g.got, ok: sameData(v.got, g.got),
    };
    out.push(m === k + 1 ? shared : readBatch(kind, shared, sites, k, m));
    k = m;
  }
  return out;
}
