/**
 * The vertical scale of a memory map: addresses grow downwards, and the stretch between two
 * neighbouring boundaries is as tall as the log of its size. A 4 KiB page gets PAGE_HEIGHT
 * pixels and every doubling adds PER_DOUBLING, so a control page stays readable beside a
 * 2 TiB RAM range (16 px against 161 px) while larger stretches still look larger.
 */
import { PAGE_SHIFT } from '../../../model/hardware/address.ts';

export const PAGE_HEIGHT = 16;
export const PER_DOUBLING = 5;

/** log2 of a size in pages, for sizes of any width (a bigint past 2^53 still works). */
function log2Pages(bytes: bigint): number {
  const pages = bytes >> PAGE_SHIFT;
  if (pages <= 1n) return 0;
  const bits = pages.toString(2).length;
  const top = Number(pages >> BigInt(Math.max(0, bits - 53)));
  return Math.log2(top) + Math.max(0, bits - 53);
}

/** Height in whole pixels of a stretch of `bytes` (whole, so that heights add up exactly). */
export const stretchHeight = (bytes: bigint): number => Math.round(PAGE_HEIGHT + PER_DOUBLING * log2Pages(bytes));

export interface Scale {
  /** y of a boundary (only boundaries the scale was built from). */
  readonly y: (address: bigint) => number;
  readonly height: number;
}

export function logScale(boundaries: readonly bigint[], top: number): Scale {
  const ys = new Map<bigint, number>();
  let y = top;
  boundaries.forEach((b, i) => {
    ys.set(b, y);
    const next = boundaries[i + 1];
    if (next !== undefined) y += stretchHeight(next - b);
  });
  return {
    y: (address) => {
      const at = ys.get(address);
      if (at === undefined) throw new Error(`0x${address.toString(16)} is not a boundary of this map`);
      return at;
    },
    height: y - top,
  };
}
