/**
 * The CPUs' write-back caches, as far as memory encryption makes them matter.
 *
 * Models (AMD64 APM vol. 2, "Secure Memory Encryption" and "Memory Coherency"):
 * - a cache line is tagged by its physical address *with* the C-bit, so a line written through
 *   the C-bit and one written without it, for the same DRAM address, are two lines; the
 *   caches keep lines of one tag coherent across CPUs (MOESI: a line another CPU reads stays
 *   dirty with its owner) and lines of different tags not at all;
 * - CPUID 0x8000001F EAX[10] (`X86_FEATURE_SME_COHERENT`): the hardware keeps the two tags
 *   coherent, and a write through one tag invalidates the other's lines;
 * - WBINVD writes back and invalidates one CPU's lines; CLFLUSH of an address writes back and
 *   invalidates its line (of that tag) in every CPU's cache;
 * - a dirty line may be written back whenever the hardware likes (the environment says when).
 *
 * How: DRAM (memory.ts) holds what it would hold if every write reached it at once, and a
 * dirty line is recorded beside it. Written back with nothing else having written under it,
 * a line stores what DRAM already holds: no change. What changes DRAM is a line written
 * back after a later write of the other tag (or a device's write) went to the same address:
 * that line is *stale*, and its write-back puts old data, under its own attribute, over the
 * new. Reads of a tag see its dirty lines first; only a line whose DRAM was changed under it
 * (a *shadowed* line) can read differently from DRAM, so reads look at lines only when one is.
 * Leaves out: clean lines (a clean line of the other tag could hand a reader stale data; the
 * kernel's flushes are before the writes, so no read in the model meets one), capacity and
 * associativity (when a line goes is input, not simulated), and the order inside one WBINVD
 * (lines go oldest first; a generated write-back before the flush gives the other order).
 */
import type { AddrRange } from './address.ts';
import type { Cell, Stored } from './memory.ts';

/** Who writes: a CPU (which keeps a dirty line), or a device doing DMA (coherent, keeps none). */
export type Writer = { readonly cpu: number } | 'device';

export interface Line extends AddrRange {
  readonly cpu: number;
  /** What the memory controller stores when the line is written back (the tag: `cell.cipher !== null`). */
  readonly cell: Cell;
  /** A later write of the other tag, or a device's write, went to DRAM under this line. */
  readonly stale: boolean;
  /** DRAM under this line no longer holds its cell: stale, or a stale line's write-back went over it. */
  readonly shadowed: boolean;
}

export interface Caches {
  /** CPUID 0x8000001F EAX[10]. */
  readonly coherent: boolean;
  /** The CPU that runs now: the one whose writes make lines. */
  readonly cpu: number;
  /** Dirty lines, oldest first; lines of one tag never overlap. */
  readonly lines: readonly Line[];
  /** How many lines are shadowed (reads look at lines only when some are). */
  readonly shadowed: number;
  /** How many stale lines have been written back so far in the run. */
  readonly staleWritebacks: number;
}

export const emptyCaches = (coherent: boolean, cpu: number): Caches => ({ coherent, cpu, lines: [], shadowed: 0, staleWritebacks: 0 });

export const encryptedLine = (l: { readonly cell: Cell }): boolean => l.cell.cipher !== null;

/** The name of the data a line holds (the writer's region), for traces and generated write-backs. */
export const lineRegion = (l: { readonly cell: Cell }): string => (l.cell.value.kind === 'data' ? l.cell.value.region : 'garbage');

const piece = (l: Line, start: number, end: number, stale: boolean, shadowed: boolean): Line =>
  ({ start, end, cpu: l.cpu, cell: l.cell, stale, shadowed });

const countShadowed = (lines: readonly Line[]): number => {
  let n = 0;
  for (const l of lines) if (l.shadowed) n++;
  return n;
};

const withLines = (c: Caches, lines: readonly Line[], staleWritebacks = c.staleWritebacks): Caches =>
  ({ coherent: c.coherent, cpu: c.cpu, lines, shadowed: countShadowed(lines), staleWritebacks });

export const onCpu = (c: Caches, cpu: number): Caches =>
  (c.cpu === cpu ? c : { coherent: c.coherent, cpu, lines: c.lines, shadowed: c.shadowed, staleWritebacks: c.staleWritebacks });

/**
 * Cut `line` by `writes` (sorted or not): the parts no write touches are kept; a part a write of
 * the same tag touches is gone (the write took the line over); a part a write of the other tag
 * touches is gone on a coherent CPU and kept, stale, on one that is not. `device` writes leave
 * the other tag's lines stale whatever the CPU: a DMA snoop matches one tag only.
 */
function cutLine(line: Line, writes: readonly Stored[], coherent: boolean, device: boolean, out: Line[]): void {
  let parts: Line[] | null = null;
  const tag = encryptedLine(line);
  for (const w of writes) {
    if (w.end <= line.start || w.start >= line.end) continue;
    const drop = encryptedLine(w) === tag || (coherent && !device);
    const next: Line[] = [];
    for (const p of parts ?? [line]) {
      if (w.end <= p.start || w.start >= p.end) {
        next.push(p);
        continue;
      }
      if (p.start < w.start) next.push(piece(p, p.start, w.start, p.stale, p.shadowed));
      if (!drop) next.push(piece(p, w.start > p.start ? w.start : p.start, w.end < p.end ? w.end : p.end, true, true));
      if (w.end < p.end) next.push(piece(p, w.end, p.end, p.stale, p.shadowed));
    }
    parts = next;
  }
  if (parts === null) out.push(line);
  else for (const p of parts) out.push(p);
}

/** The caches after `writes` reached DRAM (memory.ts) from `writer`. */
export function afterWrites(c: Caches, writes: readonly Stored[], writer: Writer): Caches {
  if (writes.length === 0) return c;
  const device = writer === 'device';
  // The span the writes cover: a line outside it is kept as it is without looking at each write.
  let low = writes[0]!.start;
  let high = writes[0]!.end;
  for (const w of writes) {
    if (w.start < low) low = w.start;
    if (w.end > high) high = w.end;
  }
  const lines: Line[] = [];
  for (const l of c.lines) {
    let touched = false;
    if (l.start < high && low < l.end) {
      for (const w of writes) {
        if (w.start < l.end && l.start < w.end) {
          touched = true;
          break;
        }
      }
    }
    if (touched) cutLine(l, writes, c.coherent, device, lines);
    else lines.push(l);
  }
  if (!device) for (const w of writes) lines.push({ start: w.start, end: w.end, cpu: writer.cpu, cell: w.cell, stale: false, shadowed: false });
  return withLines(c, lines);
}

/** Which lines a write-back takes: all of one CPU's, or those of one tag over some ranges (sorted, disjoint, not empty; every CPU's). */
export type Selection =
  | { readonly kind: 'cpu'; readonly cpu: number; readonly region?: string }
  | { readonly kind: 'ranges'; readonly ranges: readonly AddrRange[]; readonly encrypted: boolean };

/** The lines `sel` takes (parts of lines, for ranges), and the lines left. */
export function select(c: Caches, sel: Selection): { taken: Line[]; left: Line[] } {
  const taken: Line[] = [];
  const left: Line[] = [];
  for (const l of c.lines) {
    if (sel.kind === 'cpu') {
      if (l.cpu === sel.cpu && (sel.region === undefined || lineRegion(l) === sel.region)) taken.push(l);
      else left.push(l);
      continue;
    }
    if (encryptedLine(l) !== sel.encrypted || l.end <= sel.ranges[0]!.start || l.start >= sel.ranges.at(-1)!.end) {
      left.push(l);
      continue;
    }
    let at = l.start;
    for (const r of sel.ranges) {
      if (r.end <= at || r.start >= l.end) continue;
      const from = r.start > at ? r.start : at;
      const to = r.end < l.end ? r.end : l.end;
      if (from > at) left.push(piece(l, at, from, l.stale, l.shadowed));
      taken.push(piece(l, from, to, l.stale, l.shadowed));
      at = to;
    }
    if (at < l.end) left.push(at === l.start ? l : piece(l, at, l.end, l.stale, l.shadowed));
  }
  return { taken, left };
}

/**
 * The caches after `taken` lines were written back (and left the caches): the lines left that a
 * shadowed one went over (of the other tag; only a shadowed line changes DRAM, see dram.ts
 * `dramWriteback`) now read differently from DRAM.
 */
export function afterWriteback(c: Caches, taken: readonly Line[], left: readonly Line[]): Caches {
  const out: Line[] = [];
  for (const l of left) {
    const over = !l.shadowed && taken.some((t) => t.shadowed && t.start < l.end && l.start < t.end && encryptedLine(t) !== encryptedLine(l));
    out.push(over ? piece(l, l.start, l.end, l.stale, true) : l);
  }
  let stale = 0;
  for (const t of taken) if (t.stale) stale++;
  return withLines(c, out, c.staleWritebacks + stale);
}

/** The shadowed lines of one tag over [start, end): what a read of that tag finds in the caches instead of DRAM. */
export function shadowedOver(c: Caches, start: number, end: number, encrypted: boolean): Line[] {
  const out: Line[] = [];
  for (const l of c.lines) if (l.shadowed && l.start < end && start < l.end && encryptedLine(l) === encrypted) out.push(l);
  return out;
}
