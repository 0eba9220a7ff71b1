/**
 * The vertical scale of a memory map: addresses grow downwards, and the stretch between two
 * neighbouring boundaries is as tall as the log of its size. A 4 KiB page gets PAGE_HEIGHT
 * pixels and every doubling adds PER_DOUBLING, so a control page stays readable beside a
 * 2 TiB RAM range (16 px against 161 px) while larger stretches still look larger.
 */
import { PAGE_SIZE } from '../../../model/hardware/address.ts';

export const PAGE_HEIGHT = 16;
export const PER_DOUBLING = 5;

/** log2 of a size in pages (0 for a page or less). */
function log2Pages(bytes: number): number {
  const pages = bytes / PAGE_SIZE;
  return pages <= 1 ? 0 : Math.log2(pages);
}

/** Height in whole pixels of a stretch of `bytes` (whole, so that heights add up exactly). */
export const stretchHeight = (bytes: number): number => Math.round(PAGE_HEIGHT + PER_DOUBLING * log2Pages(bytes));

export interface Scale {
  /** y of a boundary (only boundaries the scale was built from). */
  readonly y: (address: number) => number;
  readonly height: number;
}

export function logScale(boundaries: readonly number[], top: number): Scale {
  const ys = new Map<number, number>();
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
