/**
 * Reads that come out as one piece, and how far along a list of ranges that stays so.
 *
 * `singlePiece` says what `dramRead` returns when it returns exactly one piece (a read inside one
 * stretch of DRAM stored alike). `alikeUntil` says up to which address any other range would read
 * as the same one piece, so that a reader going through thousands of ranges (every PT_LOAD of a
 * large machine) can find the ranges that read alike by binary search instead of reading each.
 * Both agree exactly with `dramRead` (test/drive/alike.test.ts compares them).
 */
import { decrypt, type Dram, NO_RAM } from './dram.ts';
import { addressDecoder, cbitInEffect, dramAddress } from './machine.ts';
import { type Cell, firstEndingAfter } from './memory.ts';
import type { Value } from './values.ts';

/** What a one-piece read returns, where (the DRAM address it starts at), and `until`: see `alikeUntil`. */
export interface SinglePiece {
  readonly start: number;
  readonly stored: Cell;
  readonly encrypted: boolean;
  readonly got: Value;
  /**
   * Any later range (starting at or after this read's end) that ends at or below `until` and lies
   * inside one RAM range returns this same piece when read with the same mask.
   */
  readonly until: number;
  /** Where the RAM range holding the read ends (where there is one). */
  readonly ramEnd: number;
}

const NEVER = Infinity;

/** What `dramRead(dram, address, length)` returns if that is one piece; null if it is more. */
export function singlePiece(dram: Dram, address: number, length: number): SinglePiece | null {
  const d = addressDecoder(dram.machine);
  const encrypted = cbitInEffect(d, address);
  const start = dramAddress(d, address, encrypted);
  const end = start + length;
  // Beyond the C-bit, an address means something else to the decoder: nothing extends past it.
  const cap = d.encryptionEnabled ? d.cbit : NEVER;
  const r = dram.ram[firstEndingAfter(dram.ram, start)];
  if (r === undefined || r.start >= end) return { start, stored: NO_RAM, encrypted, got: NO_RAM.value, until: start, ramEnd: start };
  if (r.start > start || r.end < end) return null;
  // RAM at or above the usable address limit reads as no RAM, and so does every later one; a read
  // across the limit is two pieces.
  if (start >= d.limit) return { start, stored: NO_RAM, encrypted, got: NO_RAM.value, until: cap, ramEnd: r.end };
  if (end > d.limit) return null;
  const bound = d.limit < cap ? d.limit : cap;
  const { ranges, background } = dram.memory;
  const w = ranges[firstEndingAfter(ranges, start)];
  if (w === undefined || w.start >= end) {
    const next = w === undefined ? NEVER : w.start;
    return { start, stored: background, encrypted, got: decrypt(dram, background, encrypted), until: next < bound ? next : bound, ramEnd: r.end };
  }
  if (w.start > start || w.end < end) return null;
  return { start, stored: w.cell, encrypted, got: decrypt(dram, w.cell, encrypted), until: w.end < bound ? w.end : bound, ramEnd: r.end };
}

/**
 * In ascending, disjoint `ranges`, each inside one RAM range (as PT_LOADs are), the index after
 * the last of `ranges[from..to)` that ends at or below `until` (at least `from + 1`).
 */
export function alikeUntil(ranges: readonly { readonly range: { readonly end: number } }[], from: number, to: number, until: number): number {
  let lo = from + 1;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid]!.range.end <= until) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
