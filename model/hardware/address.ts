/**
 * Physical addresses and page arithmetic.
 *
 * Models: 64-bit physical addresses as bigint, 4 KiB pages, half-open ranges [start, end).
 * Leaves out: large pages as a unit of memory (page-table levels map them, memory does not care).
 */

export const PAGE_SHIFT = 12n;
export const PAGE_SIZE = 1n << PAGE_SHIFT;
export const KiB = 1n << 10n;
export const MiB = 1n << 20n;
export const GiB = 1n << 30n;
export const TiB = 1n << 40n;
/** The 4 GiB boundary that DMA32 allocations and the IOMMU device-table check care about. */
export const FOUR_GIB = 4n * GiB;

/** A half-open physical range [start, end), page aligned. */
export interface AddrRange {
  readonly start: bigint;
  readonly end: bigint;
}

export const range = (start: bigint, size: bigint): AddrRange => ({ start, end: start + size });
export const size = (r: AddrRange): bigint => r.end - r.start;
export const pages = (r: AddrRange): bigint => (r.end - r.start) >> PAGE_SHIFT;
export const pageAligned = (a: bigint): boolean => (a & (PAGE_SIZE - 1n)) === 0n;
export const contains = (outer: AddrRange, inner: AddrRange): boolean =>
  inner.start >= outer.start && inner.end <= outer.end;
export const overlaps = (a: AddrRange, b: AddrRange): boolean => a.start < b.end && b.start < a.end;

export function hex(a: bigint): string {
  return `0x${a.toString(16)}`;
}

/** `[0x1000-0x2fff]`, the way /proc/iomem prints a range. */
export function showRange(r: AddrRange): string {
  return `[${hex(r.start)}-${hex(r.end - 1n)}]`;
}

/** A size in the unit a person would use: 4 KiB, 64 MiB, 2 TiB. */
export function showSize(bytes: bigint): string {
  const units: [bigint, string][] = [[TiB, 'TiB'], [GiB, 'GiB'], [MiB, 'MiB'], [KiB, 'KiB']];
  for (const [unit, name] of units) {
    if (bytes >= unit && bytes % unit === 0n) return `${bytes / unit} ${name}`;
  }
  return `${bytes} B`;
}
