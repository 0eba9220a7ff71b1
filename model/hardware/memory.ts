/**
 * DRAM as an interval map.
 *
 * Models: what each physical page holds in DRAM: a value, and if it is ciphertext, the key and
 * the address it was encrypted at. Memory is a background cell (what every page holds unless a
 * later write says otherwise) plus sorted, disjoint ranges written since, so a terabyte written
 * by one writer is one entry and cost grows with the number of distinct writes, not with bytes.
 * Leaves out: caches (a later layer between accesses and this map), ECC, and address interleaving.
 */
import { type AddrRange, ascendingDisjoint } from './address.ts';
import { garbage, type Value } from './values.ts';

/** Ciphertext made under key `key` at address (this page's address - shift). */
export interface Cipher {
  readonly key: number;
  readonly shift: number;
}

/** What DRAM holds for a range: a value, stored as plaintext (cipher null) or ciphertext. */
export interface Cell {
  readonly value: Value;
  readonly cipher: Cipher | null;
}

export interface Stored extends AddrRange {
  readonly cell: Cell;
}

export interface Memory {
  readonly background: Cell;
  /** Sorted by start, disjoint, never empty ranges. */
  readonly ranges: readonly Stored[];
}

export const NEVER_WRITTEN: Cell = { value: garbage('memory never written'), cipher: null };

export const emptyMemory = (): Memory => ({ background: NEVER_WRITTEN, ranges: [] });

/** Every page now holds `cell` (the first kernel writing all of its RAM at boot). */
export const fillAll = (cell: Cell): Memory => ({ background: cell, ranges: [] });

/** Index of the first range (of sorted, disjoint ranges) whose end is above `addr`. */
export function firstEndingAfter(ranges: readonly AddrRange[], addr: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.end <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Write `cell` over [start, end), splitting the ranges it cuts. */
export function store(mem: Memory, start: number, end: number, cell: Cell): Memory {
  if (end <= start) return mem;
  const { ranges } = mem;
  const first = firstEndingAfter(ranges, start);
  let last = first;
  while (last < ranges.length && ranges[last]!.start < end) last++;
  const out: Stored[] = ranges.slice(0, first);
  const head = ranges[first];
  if (head !== undefined && first < last && head.start < start) out.push({ start: head.start, end: start, cell: head.cell });
  out.push({ start, end, cell });
  const tail = ranges[last - 1];
  if (tail !== undefined && first < last && tail.end > end) out.push({ start: end, end: tail.end, cell: tail.cell });
  for (let i = last; i < ranges.length; i++) out.push(ranges[i]!);
  return { background: mem.background, ranges: out };
}

/**
 * Write several ranges at once: the same memory as storing them one by one, in one pass over the
 * ranges when the writes ascend without overlapping (a crash image's pages, kexec'd in one go).
 * Empty writes are skipped.
 */
export function storeAll(mem: Memory, writes: readonly Stored[]): Memory {
  if (!ascendingDisjoint(writes)) return writes.reduce((m, w) => store(m, w.start, w.end, w.cell), mem);
  const { ranges } = mem;
  const out: Stored[] = [];
  let i = 0;
  // The range being passed over, or what is left of it after the writes so far.
  let cur: Stored | undefined = ranges[0];
  for (const w of writes) {
    if (w.end <= w.start) continue;
    while (cur !== undefined && cur.end <= w.start) {
      out.push(cur);
      cur = ranges[++i];
    }
    if (cur !== undefined && cur.start < w.start) out.push({ start: cur.start, end: w.start, cell: cur.cell });
    out.push(w);
    while (cur !== undefined && cur.end <= w.end) cur = ranges[++i];
    if (cur !== undefined && cur.start < w.end) cur = { start: w.end, end: cur.end, cell: cur.cell };
  }
  if (out.length === 0) return mem;
  while (cur !== undefined) {
    out.push(cur);
    cur = ranges[++i];
  }
  return { background: mem.background, ranges: out };
}

/** The cells covering [start, end), in order, gaps filled with the background. */
export function load(mem: Memory, start: number, end: number): Stored[] {
  const out: Stored[] = [];
  let at = start;
  for (let i = firstEndingAfter(mem.ranges, start); i < mem.ranges.length && at < end; i++) {
    const r = mem.ranges[i]!;
    if (r.start >= end) break;
    if (r.start > at) out.push({ start: at, end: r.start, cell: mem.background });
    const to = r.end < end ? r.end : end;
    out.push({ start: r.start > at ? r.start : at, end: to, cell: r.cell });
    at = to;
  }
  if (at < end) out.push({ start: at, end, cell: mem.background });
  return out;
}

/** The same cell moved by `delta` bytes: data moves with it, ciphertext stays bound to where it was made. */
function moved(cell: Cell, delta: number): Cell {
  const value = cell.value.kind === 'data' ? { ...cell.value, base: cell.value.base + delta } : cell.value;
  const cipher = cell.cipher === null ? null : { ...cell.cipher, shift: cell.cipher.shift + delta };
  return { value, cipher };
}

/**
 * Copy DRAM contents byte for byte from `src` to `dst`, as a copy that does not go through the
 * encryption engine does (a DMA engine without the C-bit, a raw memcpy of ciphertext).
 */
export function copyRaw(mem: Memory, src: AddrRange, dst: number): Memory {
  const delta = dst - src.start;
  return load(mem, src.start, src.end).reduce(
    (m, piece) => store(m, piece.start + delta, piece.end + delta, moved(piece.cell, delta)),
    mem,
  );
}
