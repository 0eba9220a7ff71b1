/**
 * Generators for the model tests: SME CPUs and machines, small RAM layouts with holes, page-aligned
 * spots inside RAM, data tokens, raw copies, and write sequences for the interval map.
 *
 * Every generator builds a valid input directly (picks are taken modulo what is available), so no
 * test needs `.filter` or `fc.pre`, and shrinking stays inside the valid space.
 */
import { fc } from '@fast-check/vitest';
import {
  type AddrRange,
  type Cell,
  type Cpu,
  type Data,
  data,
  type Dram,
  emptyMemory,
  type Machine,
  PAGE_SIZE,
  pages,
  powerOn,
} from '../../model/hardware/index.ts';

/** First-generation EPYC puts the C-bit at 47, later parts at 51. */
export const CBIT_POSITIONS = [47, 51] as const;

const page = (n: number): number => n * PAGE_SIZE;

/** A CPU with SME: MAXPHYADDR is cbit + 1 and the C-bit sits among the `reduction` bits lost. */
export function smeCpu(cbit: number, reduction = 5): Cpu {
  return { name: `test CPU, C-bit ${cbit}`, smeSupported: true, cbit, physAddrReduction: reduction, physAddrBits: cbit + 1, smeCoherent: false, cpus: 1 };
}

/** A machine with memory encryption enabled (CPU support and the firmware bit both on). */
export const encryptingMachineArb = (cbit: number): fc.Arbitrary<Machine> =>
  fc.integer({ min: 1, max: 8 }).map((reduction) => powerOn(smeCpu(cbit, reduction), true));

/** A machine where the C-bit has no effect: the firmware bit off, or the CPU without SME, or both. */
export const plainMachineArb = (cbit: number): fc.Arbitrary<Machine> =>
  fc.constantFrom(
    { smeSupported: true, firmwareSme: false },
    { smeSupported: false, firmwareSme: true },
    { smeSupported: false, firmwareSme: false },
  ).map(({ smeSupported, firmwareSme }) => powerOn({ ...smeCpu(cbit), smeSupported }, firmwareSme));

/** A few RAM ranges, sorted, each preceded by a hole of at least one page; all far below 4 GiB. */
export const ramArb: fc.Arbitrary<AddrRange[]> = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 16 }), size: fc.integer({ min: 1, max: 64 }) }), { minLength: 1, maxLength: 4 })
  .map((parts) => {
    let at = 0;
    return parts.map(({ gap, size }) => {
      const start = at + page(gap);
      at = start + page(size);
      return { start, end: at };
    });
  });

/** A page-aligned stretch of `length` bytes inside one range of `ram`. */
export interface RamSpot {
  readonly ram: readonly AddrRange[];
  readonly at: number;
  readonly length: number;
}

export const ramSpotArb: fc.Arbitrary<RamSpot> = fc
  .tuple(ramArb, fc.nat(), fc.nat(), fc.nat())
  .map(([ram, which, offset, len]) => {
    const r = ram[which % ram.length]!;
    const n = pages(r);
    const o = offset % n;
    return { ram, at: r.start + page(o), length: page(1 + (len % (n - o))) };
  });

/** A token as software writes it: some region, some generation, a page-aligned base. */
export const dataArb: fc.Arbitrary<Data> = fc
  .record({
    region: fc.constantFrom('ram', 'dma', 'kernel', 'crash_notes', 'swiotlb'),
    gen: fc.nat(1000),
    basePage: fc.nat(1 << 20),
  })
  .map(({ region, gen, basePage }) => data(region, gen, page(basePage)));

export const dramOf = (machine: Machine, ram: readonly AddrRange[]): Dram => ({ machine, ram, memory: emptyMemory(), caches: null });

/** One RAM range of 256 pages; a raw copy picks a source range in it and a different destination, also in it. */
export const COPY_RAM: AddrRange = { start: page(16), end: page(16 + 256) };

export interface RawCopy {
  readonly src: AddrRange;
  readonly dst: number;
}

export const rawCopyArb: fc.Arbitrary<RawCopy> = fc
  .record({ len: fc.integer({ min: 1, max: 16 }), src: fc.nat(), dst: fc.nat() })
  .map(({ len, src, dst }) => {
    const room = pages(COPY_RAM) - len; // start pages 0..room keep the range inside
    const srcPage = src % (room + 1);
    const other = dst % room; // one of the `room` start pages that are not srcPage
    const dstPage = other >= srcPage ? other + 1 : other;
    const start = COPY_RAM.start + page(srcPage);
    return { src: { start, end: start + page(len) }, dst: COPY_RAM.start + page(dstPage) };
  });

/** The interval-map tests work on pages 0..MAP_PAGES-1, and load a little past the end. */
export const MAP_PAGES = 24;
export const LOAD_PAGES = MAP_PAGES + 4;

/** A write of its own cell over pages [start, end); end may equal start (a write of nothing). */
export interface PageWrite {
  readonly start: number;
  readonly end: number;
  readonly cell: Cell;
}

export const pageWritesArb: fc.Arbitrary<PageWrite[]> = fc
  .array(fc.record({ start: fc.nat(MAP_PAGES - 1), len: fc.nat(MAP_PAGES), encrypted: fc.boolean() }), { maxLength: 30 })
  .map((ws) =>
    ws.map(({ start, len, encrypted }, i) => ({
      start,
      end: Math.min(start + len, MAP_PAGES),
      cell: { value: data('write', i, page(start)), cipher: encrypted ? { key: 1, shift: 0 } : null },
    })),
  );

/** A non-empty page range [start, end) within 0..LOAD_PAGES. */
export const loadRangeArb: fc.Arbitrary<{ start: number; end: number }> = fc
  .record({ start: fc.nat(LOAD_PAGES - 1), len: fc.nat() })
  .map(({ start, len }) => ({ start, end: start + 1 + (len % (LOAD_PAGES - start)) }));

export const pageAddress = page;
