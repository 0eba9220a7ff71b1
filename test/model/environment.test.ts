/**
 * The environment of a run (model/environment.ts): when SME would be active, which pages are
 * ordinary (where allocations and device DMA land), and why a layout read from a file cannot exist.
 */
import { describe, expect, it } from 'vitest';
import { type AddrRange, type Cpu } from '../../model/hardware/index.ts';
import { dmaTarget, type Environment, type Layout, layoutProblem, oldMemoryRanges, ordinaryRanges, smeWouldBeActive } from '../../model/environment.ts';

const r = (start: bigint, end: bigint): AddrRange => ({ start, end });

const CPU: Cpu = { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, cpus: 2 };

/**
 * Four RAM ranges. The crashkernel region (named first) lies above the regions named after it;
 * the crash notes start exactly where their RAM range starts, the vmcoreinfo note ends exactly
 * where its range ends, and the last RAM range holds no named region at all.
 */
const LAYOUT: Layout = {
  ram: [r(0x1000n, 0x9f000n), r(0x100000n, 0x80000000n), r(0x100000000n, 0x140000000n), r(0x200000000n, 0x400000000n)],
  crashkernel: r(0x40000000n, 0x50000000n),
  iommuDevTable: r(0x7f800000n, 0x7fa00000n),
  swiotlb: r(0x6b000000n, 0x6f000000n),
  decryptedPages: [r(0x98000n, 0x9a000n), r(0x7e000000n, 0x7e001000n)],
  crashNotes: r(0x100000000n, 0x100002000n),
  vmcoreinfo: r(0x13ffff000n, 0x140000000n),
};

describe('smeWouldBeActive (sme_enable)', () => {
  const env = (smeSupported: boolean, firmwareSme: boolean): Environment => ({
    cpu: { ...CPU, smeSupported },
    firmwareSme,
    firstKernelMemEncrypt: true,
    kdumpKernelMemEncrypt: true,
    iommuTranslation: false,
    layout: LAYOUT,
    events: [],
  });

  it.each([
    { smeSupported: true, firmwareSme: true, memEncrypt: true, active: true },
    { smeSupported: true, firmwareSme: true, memEncrypt: false, active: false },
    { smeSupported: true, firmwareSme: false, memEncrypt: true, active: false },
    { smeSupported: false, firmwareSme: true, memEncrypt: true, active: false },
    { smeSupported: false, firmwareSme: false, memEncrypt: true, active: false },
  ])('CPU support $smeSupported, firmware bit $firmwareSme, mem_encrypt=on $memEncrypt: SME active $active', ({ smeSupported, firmwareSme, memEncrypt, active }) => {
    expect(smeWouldBeActive(env(smeSupported, firmwareSme), memEncrypt)).toBe(active);
  });
});

describe('ordinaryRanges', () => {
  it('is the RAM less every named region, in address order, whatever order the layout names the regions in', () => {
    expect(ordinaryRanges(LAYOUT)).toEqual([
      r(0x1000n, 0x98000n),
      r(0x9a000n, 0x9f000n),
      r(0x100000n, 0x40000000n),
      r(0x50000000n, 0x6b000000n),
      r(0x6f000000n, 0x7e000000n),
      r(0x7e001000n, 0x7f800000n),
      r(0x7fa00000n, 0x80000000n),
      r(0x100002000n, 0x13ffff000n),
      r(0x200000000n, 0x400000000n),
    ]);
  });

  it('leaves no empty range where a region starts or ends exactly at the edge of its RAM range', () => {
    const edges = ordinaryRanges(LAYOUT).filter((o) => o.start >= 0x100000000n && o.end <= 0x140000000n);
    expect(edges).toEqual([r(0x100002000n, 0x13ffff000n)]);
  });

  it('a RAM range above every named region is ordinary from end to end', () => {
    expect(ordinaryRanges(LAYOUT).at(-1)).toEqual(r(0x200000000n, 0x400000000n));
  });
});

describe('dmaTarget: where a DEVICE_DMA event lands', () => {
  // The ordinary pages of LAYOUT, counted from 0: 151 pages at 0x1000, 5 at 0x9a000, then
  // 261888 at 0x100000, ...; the last RAM range (2097152 pages) starts at page 703896 of 2801048.
  const ORDINARY_PAGES = 2801048;

  it.each([
    { slot: 0, pages: 2, lands: r(0x1000n, 0x3000n), where: 'the first ordinary page' },
    { slot: 151, pages: 1, lands: r(0x9a000n, 0x9b000n), where: 'the first page of the second ordinary range' },
    { slot: 161, pages: 1, lands: r(0x105000n, 0x106000n), where: 'a page inside the third ordinary range' },
    { slot: 703896, pages: 1, lands: r(0x200000000n, 0x200001000n), where: 'the first page of the last ordinary range' },
    { slot: ORDINARY_PAGES + 151, pages: 1, lands: r(0x9a000n, 0x9b000n), where: 'a slot past the last page, wrapped around' },
  ])('old memory, slot $slot: $where', ({ slot, pages, lands }) => {
    expect(dmaTarget(LAYOUT, 'oldmem', slot, pages)).toEqual(lands);
  });

  it('a transfer longer than what is left of its range stops at the end of the range', () => {
    expect(dmaTarget(LAYOUT, 'oldmem', 153, 8)).toEqual(r(0x9c000n, 0x9f000n));
    expect(dmaTarget(LAYOUT, 'oldmem', ORDINARY_PAGES - 1, 4)).toEqual(r(0x3fffff000n, 0x400000000n));
  });

  it('a transfer into SWIOTLB lands in the bounce buffers, wrapping at their end', () => {
    expect(dmaTarget(LAYOUT, 'swiotlb', 3, 2)).toEqual(r(0x6b003000n, 0x6b005000n));
    expect(dmaTarget(LAYOUT, 'swiotlb', 0x4000 + 1, 1)).toEqual(r(0x6b001000n, 0x6b002000n));
  });

  it('has nowhere to land in old memory when named regions fill all of RAM', () => {
    const full: Layout = {
      ram: [r(0x100000n, 0x204000n)],
      crashkernel: r(0x100000n, 0x200000n),
      iommuDevTable: r(0x200000n, 0x201000n),
      swiotlb: r(0x201000n, 0x202000n),
      decryptedPages: [],
      crashNotes: r(0x202000n, 0x203000n),
      vmcoreinfo: r(0x203000n, 0x204000n),
    };
    expect(ordinaryRanges(full)).toEqual([]);
    expect(dmaTarget(full, 'oldmem', 5, 1)).toBeNull();
    expect(dmaTarget(full, 'swiotlb', 5, 1)).toEqual(r(0x201000n, 0x202000n));
  });
});

describe('layoutProblem: why a layout read from a file cannot exist', () => {
  const problem = (change: Partial<Layout>, cpu: Cpu = CPU): string | null => layoutProblem({ ...LAYOUT, ...change }, cpu);

  it('finds nothing wrong with a possible layout', () => {
    expect(problem({})).toBeNull();
  });

  it('rejects a layout without RAM', () => {
    expect(problem({ ram: [] })).toBe('layout.ram is empty');
  });

  it('rejects a RAM range that is not page aligned, or empty', () => {
    expect(problem({ ram: [r(0x1000n, 0x9f800n)] })).toBe('layout.ram[0] [0x1000-0x9f7ff] is not a page-aligned, non-empty range');
    expect(problem({ ram: [LAYOUT.ram[0]!, r(0x100800n, 0x80000000n)] })).toBe('layout.ram[1] [0x100800-0x7fffffff] is not a page-aligned, non-empty range');
    expect(problem({ ram: [r(0x2000n, 0x2000n)] })).toBe('layout.ram[0] [0x2000-0x1fff] is not a page-aligned, non-empty range');
  });

  it('rejects RAM that ends above the physical address space', () => {
    expect(problem({}, { ...CPU, physAddrBits: 33 })).toBe("layout.ram[3] ends above the CPU's 33-bit physical address space");
  });

  it('accepts RAM that ends exactly at the top of the physical address space', () => {
    expect(problem({}, { ...CPU, physAddrBits: 34 })).toBeNull();
  });

  it('rejects RAM ranges that touch, naming both by index', () => {
    const [a, b, c, d] = LAYOUT.ram as [AddrRange, AddrRange, AddrRange, AddrRange];
    expect(problem({ ram: [a, b, r(b.end, c.end), d] })).toBe('layout.ram[1] and layout.ram[2] overlap or touch (a hole must separate ranges)');
  });

  it('rejects a named region that is not page aligned', () => {
    expect(problem({ swiotlb: r(0x6b000000n, 0x6b000800n) })).toBe('layout.swiotlb [0x6b000000-0x6b0007ff] is not a page-aligned, non-empty range');
  });

  it('rejects a region across a hole, naming a decrypted page by its index', () => {
    expect(problem({ decryptedPages: [LAYOUT.decryptedPages[0]!, r(0x7ffff000n, 0x100001000n)] })).toBe(
      'layout.decryptedPages[1] [0x7ffff000-0x100000fff] is not inside one RAM range',
    );
  });

  it('rejects overlapping regions, naming both', () => {
    expect(problem({ vmcoreinfo: r(0x4ffff000n, 0x50000000n) })).toBe('layout.crashkernel and layout.vmcoreinfo overlap');
  });

  it('rejects an IOMMU device table above 4 GiB (a GFP_DMA32 allocation)', () => {
    expect(problem({ iommuDevTable: r(0x120000000n, 0x120200000n) })).toBe(
      'layout.iommuDevTable ends at 0x120200000, above 4 GiB (it is a GFP_DMA32 allocation)',
    );
  });

  it('rejects SWIOTLB above 4 GiB', () => {
    expect(problem({ swiotlb: r(0x110000000n, 0x114000000n) })).toBe('layout.swiotlb ends at 0x114000000, above 4 GiB');
  });

  it('rejects an empty named region, naming it', () => {
    expect(problem({ crashNotes: r(0x100000000n, 0x100000000n) })).toBe('layout.crashNotes [0x100000000-0xffffffff] is not a page-aligned, non-empty range');
  });

  it('names the IOMMU device table when it is not inside RAM', () => {
    expect(problem({ iommuDevTable: r(0x80000000n, 0x80200000n) })).toBe('layout.iommuDevTable [0x80000000-0x801fffff] is not inside one RAM range');
  });

  it('accepts an IOMMU device table and SWIOTLB that end exactly at 4 GiB', () => {
    const below4g: Layout = {
      ram: [r(0x100000n, 0x100000000n)],
      crashkernel: r(0x40000000n, 0x50000000n),
      iommuDevTable: r(0xffe00000n, 0x100000000n),
      swiotlb: r(0xf0000000n, 0xf4000000n),
      decryptedPages: [],
      crashNotes: r(0x60000000n, 0x60002000n),
      vmcoreinfo: r(0x60002000n, 0x60003000n),
    };
    expect(layoutProblem(below4g, CPU)).toBeNull();
    expect(layoutProblem({ ...below4g, iommuDevTable: r(0xf0000000n, 0xf0200000n), swiotlb: r(0xfc000000n, 0x100000000n) }, CPU)).toBeNull();
  });

  it('rejects crash notes that are not one page for each CPU', () => {
    expect(problem({}, { ...CPU, cpus: 3 })).toBe('layout.crashNotes must hold one page for each of the 3 CPUs');
  });
});

describe('oldMemoryRanges (the PT_LOADs kexec-tools writes)', () => {
  it('is the RAM less the crashkernel region, split around it', () => {
    expect(oldMemoryRanges(LAYOUT)).toEqual([LAYOUT.ram[0], r(0x100000n, 0x40000000n), r(0x50000000n, 0x80000000n), LAYOUT.ram[2], LAYOUT.ram[3]]);
  });

  it('makes no empty PT_LOAD when the crashkernel region starts or ends a RAM range', () => {
    expect(oldMemoryRanges({ ...LAYOUT, crashkernel: r(0x100000n, 0x10100000n) })).toEqual([LAYOUT.ram[0], r(0x10100000n, 0x80000000n), LAYOUT.ram[2], LAYOUT.ram[3]]);
    expect(oldMemoryRanges({ ...LAYOUT, crashkernel: r(0x70000000n, 0x80000000n) })).toEqual([LAYOUT.ram[0], r(0x100000n, 0x70000000n), LAYOUT.ram[2], LAYOUT.ram[3]]);
  });
});
