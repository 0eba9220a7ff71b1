/**
 * Memory layouts, built valid by construction: 1 to 8 RAM ranges with firmware holes between
 * them, 512 MiB to several TiB in all. The first range starts at 1 MiB below 4 GiB and holds
 * the decrypted pages, SWIOTLB and the IOMMU device table (both below 4 GiB), and the
 * crashkernel region when it is placed low; the others sit above 4 GiB. Everything shrinks
 * toward one small range, a 64 MiB crashkernel and one CPU.
 */
import fc from 'fast-check';
import { type AddrRange, FOUR_GIB, MiB, PAGE_SIZE, pageDown, range } from '../../model/hardware/address.ts';
import type { Layout } from '../../model/environment.ts';

const SWIOTLB_SIZE = 64 * MiB;
/** 64K devices x 32 bytes. */
const DEV_TABLE_SIZE = 2 * MiB;
const LOW_START = 1 * MiB;

export interface LayoutShape {
  readonly cpus: number;
  readonly crashkernelMiB: number;
  readonly crashkernelHigh: boolean;
  readonly notesHigh: boolean;
  /** Pages of the low range beyond what its regions need (at least 384 MiB). */
  readonly lowExtraPages: number;
  /** Gaps, in pages, between the regions of the low range. */
  readonly lowGaps: readonly number[];
  /** Sizes, in pages, of the other decrypted page ranges. */
  readonly decryptedPages: readonly number[];
  /** The ranges above 4 GiB: hole before each, and its size as 2^log2 x (256 + frac) / 512 bytes. */
  readonly highRanges: readonly { readonly holePages: number; readonly sizeLog2: number; readonly sizeFrac: number }[];
}

export const layoutShapeArb: fc.Arbitrary<LayoutShape> = fc.record({
  cpus: fc.integer({ min: 1, max: 64 }),
  crashkernelMiB: fc.integer({ min: 64, max: 1024 }),
  crashkernelHigh: fc.boolean(),
  notesHigh: fc.boolean(),
  lowExtraPages: fc.integer({ min: 98_304, max: 524_288 }),
  lowGaps: fc.array(fc.integer({ min: 0, max: 16_384 }), { minLength: 4, maxLength: 4 }),
  decryptedPages: fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 4 }),
  highRanges: fc.array(
    fc.record({ holePages: fc.integer({ min: 1, max: 262_144 }), sizeLog2: fc.integer({ min: 20, max: 40 }), sizeFrac: fc.integer({ min: 0, max: 255 }) }),
    { maxLength: 7 },
  ),
});

const pagesOf = (n: number): number => n * PAGE_SIZE;

function highRanges(shape: LayoutShape): AddrRange[] {
  const out: AddrRange[] = [];
  let at = FOUR_GIB - PAGE_SIZE;
  for (const h of shape.highRanges) {
    const start = at + pagesOf(h.holePages) > FOUR_GIB ? at + pagesOf(h.holePages) : FOUR_GIB;
    const bytes = pageDown(Math.floor((2 ** h.sizeLog2 * (256 + h.sizeFrac)) / 512));
    out.push(range(start, bytes > MiB ? bytes : MiB));
    at = out.at(-1)!.end;
  }
  return out;
}

/** The next `bytes` at `cursor.at`, moving the cursor past them and a gap. */
function take(cursor: { at: number }, bytes: number, gapPages: number): AddrRange {
  const r = range(cursor.at, bytes);
  cursor.at = r.end + pagesOf(gapPages);
  return r;
}

export function buildLayout(shape: LayoutShape): Layout {
  const high = highRanges(shape);
  const ckSize = shape.crashkernelMiB * MiB;
  const notesSize = pagesOf(shape.cpus);
  const ckHome = shape.crashkernelHigh ? high.find((r) => r.end - r.start >= ckSize + 2 * MiB) : undefined;
  const notesHome = shape.notesHigh ? high.find((r) => r !== ckHome && r.end - r.start >= notesSize + 2 * PAGE_SIZE) : undefined;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0] = shape.lowGaps;
  // The low range's regions, one after another from LOW_START, each followed by its gap.
  const low = { at: LOW_START };
  const decryptedPages = shape.decryptedPages.map((n) => take(low, pagesOf(n), 1));
  const swiotlb = take(low, SWIOTLB_SIZE, g0);
  const iommuDevTable = take(low, DEV_TABLE_SIZE, g1);
  const crashkernel = ckHome === undefined ? take(low, ckSize, g2) : range(ckHome.start, ckSize);
  const notesAt = notesHome === undefined ? take(low, notesSize + PAGE_SIZE, g3) : range(notesHome.end - notesSize - PAGE_SIZE, notesSize + PAGE_SIZE);
  const at = low.at;
  const lowRange = range(LOW_START, at - LOW_START + pagesOf(shape.lowExtraPages));
  return {
    ram: [lowRange, ...high],
    crashkernel,
    iommuDevTable,
    swiotlb,
    decryptedPages,
    crashNotes: range(notesAt.start, notesSize),
    vmcoreinfo: range(notesAt.start + notesSize, PAGE_SIZE),
  };
}

export const layoutArb: fc.Arbitrary<{ layout: Layout; cpus: number }> = layoutShapeArb.map((shape) => ({ layout: buildLayout(shape), cpus: shape.cpus }));
