/**
 * Physical addresses and page arithmetic.
 *
 * Models: 64-bit physical addresses, 4 KiB pages, half-open ranges [start, end).
 * Leaves out: large pages as a unit of memory (page-table levels map them, memory does not care).
 *
 * Addresses are numbers. Every address the model makes is a multiple of 4 KiB below 2^65, and a
 * double holds each of those exactly (53 significand bits above 12 zero bits), so sums,
 * differences and comparisons of addresses are exact. JavaScript's bitwise operators work on 32
 * bits, so address bits (the C-bit) are tested, set and cleared by the helpers below, never with
 * `|`, `&` or `<<`. Numbers rather than bigints because a bigint operation allocates and costs
 * tens of times more, and a run does thousands of them.
 */

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 2 ** PAGE_SHIFT;
export const KiB = 2 ** 10;
export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
export const TiB = 2 ** 40;
/** The 4 GiB boundary that DMA32 allocations and the IOMMU device-table check care about. */
export const FOUR_GIB = 4 * GiB;

/** A half-open physical range [start, end), page aligned. */
export interface AddrRange {
  readonly start: number;
  readonly end: number;
}

export const range = (start: number, size: number): AddrRange => ({ start, end: start + size });
export const size = (r: AddrRange): number => r.end - r.start;
export const pages = (r: AddrRange): number => (r.end - r.start) / PAGE_SIZE;
export const pageAligned = (a: number): boolean => a % PAGE_SIZE === 0;
/** `a & PAGE_MASK`: the start of the page holding `a`. */
export const pageDown = (a: number): number => a - (a % PAGE_SIZE);
export const contains = (outer: AddrRange, inner: AddrRange): boolean =>
  inner.start >= outer.start && inner.end <= outer.end;
export const overlaps = (a: AddrRange, b: AddrRange): boolean => a.start < b.end && b.start < a.end;

/** Do the ranges ascend without overlapping, each ending at or before the next starts? */
export function ascendingDisjoint(ranges: readonly AddrRange[]): boolean {
  for (let i = 1; i < ranges.length; i++) if (ranges[i - 1]!.end > ranges[i]!.start) return false;
  return true;
}

/** `1 << n` as an address bit (exact for every n up to 64). */
export const bit = (n: number): number => 2 ** n;
/** `(a & mask) != 0` for a one-bit `mask`; false when `mask` is 0. */
export const hasBit = (a: number, mask: number): boolean => mask !== 0 && (a / mask) % 2 >= 1;
/** `a | mask` for a one-bit (or zero) `mask`: setting a bit that is clear is adding it. */
export const setBit = (a: number, mask: number): number => (mask === 0 || hasBit(a, mask) ? a : a + mask);
/** `a & ~mask` for a one-bit (or zero) `mask`: clearing a bit that is set is subtracting it. */
export const clearBit = (a: number, mask: number): number => (hasBit(a, mask) ? a - mask : a);

export function hex(a: number): string {
  return `0x${a.toString(16)}`;
}

/** `[0x1000-0x2fff]`, the way /proc/iomem prints a range. */
export function showRange(r: AddrRange): string {
  // Above 2^53 a double cannot hold end - 1 (it is not a page multiple): subtract exactly.
  const last = r.end <= Number.MAX_SAFE_INTEGER ? hex(r.end - 1) : `0x${(BigInt(r.end) - 1n).toString(16)}`;
  return `[${hex(r.start)}-${last}]`;
}

/** A size in the unit a person would use: 4 KiB, 64 MiB, 2 TiB. */
export function showSize(bytes: number): string {
  const units: [number, string][] = [[TiB, 'TiB'], [GiB, 'GiB'], [MiB, 'MiB'], [KiB, 'KiB']];
  for (const [unit, name] of units) {
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit} ${name}`;
  }
  return `${bytes} B`;
}
