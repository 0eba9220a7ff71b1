/**
 * The environment of a run (model/environment.ts): when SME would be active, which pages are
 * ordinary (where allocations and device DMA land), and why a layout read from a file cannot exist.
 */
import { kernelMappings, STANDARD_MAPPINGS } from '../../model/kernel-mappings.ts';
import { describe, expect, it } from 'vitest';
import { type AddrRange, type Cpu } from '../../model/hardware/index.ts';
import { PACKED_SETUP_DATA } from '../../model/setup-data.ts';
import { TEST_FIRMWARE } from './firmware-fixture.ts';
import { dmaTarget, type Environment, type Layout, layoutProblem, NO_EVICTIONS, oldMemoryRanges, ordinaryRanges, smeWouldBeActive } from '../../model/environment.ts';

const r = (start: number, end: number): AddrRange => ({ start, end });

const CPU: Cpu = { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 2 };

/**
 * Four RAM ranges. The crashkernel region (named first) lies above the regions named after it;
 * the crash notes start exactly where their RAM range starts, the vmcoreinfo note ends exactly
 * where its range ends, and the last RAM range holds no named region at all.
 */
const LAYOUT: Layout = {
  ram: [r(0x1000, 0x9f000), r(0x100000, 0x80000000), r(0x100000000, 0x140000000), r(0x200000000, 0x400000000)],
  crashkernel: r(0x40000000, 0x50000000),
  iommuDevTable: r(0x7f800000, 0x7fa00000),
  swiotlb: r(0x6b000000, 0x6f000000),
  decryptedPages: [r(0x98000, 0x9a000), r(0x7e000000, 0x7e001000)],
  crashNotes: r(0x100000000, 0x100002000),
  vmcoreinfo: r(0x13ffff000, 0x140000000),
  kernelImage: r(0x1000000, 0x3000000),
  firmware: TEST_FIRMWARE,
};

describe('smeWouldBeActive (sme_enable)', () => {
  const env = (smeSupported: boolean, firmwareSme: boolean): Environment => ({
    platform: 'sme-host',
    cpu: { ...CPU, smeSupported },
    firmwareSme,
    firstKernelMemEncrypt: true,
    kdumpKernelMemEncrypt: true,
    iommuTranslation: false,
    layout: LAYOUT,
    setupData: PACKED_SETUP_DATA,
    pageTables: kernelMappings(LAYOUT, STANDARD_MAPPINGS),
    caches: NO_EVICTIONS,
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
      r(0x1000, 0x98000),
      r(0x9a000, 0x9f000),
      r(0x100000, 0x1000000),
      r(0x3000000, 0x40000000),
      r(0x50000000, 0x6b000000),
      r(0x6f000000, 0x7e000000),
      r(0x7e001000, 0x7f800000),
      r(0x7fa00000, 0x80000000),
      r(0x100002000, 0x13ffff000),
      r(0x200000000, 0x400000000),
    ]);
  });

  it('leaves no empty range where a region starts or ends exactly at the edge of its RAM range', () => {
    const edges = ordinaryRanges(LAYOUT).filter((o) => o.start >= 0x100000000 && o.end <= 0x140000000);
    expect(edges).toEqual([r(0x100002000, 0x13ffff000)]);
  });

  it('a RAM range above every named region is ordinary from end to end', () => {
    expect(ordinaryRanges(LAYOUT).at(-1)).toEqual(r(0x200000000, 0x400000000));
  });
});

describe('dmaTarget: where a DEVICE_DMA event lands', () => {
  // The ordinary pages of LAYOUT, counted from 0: 151 pages at 0x1000, 5 at 0x9a000, then
  // 3840 at 0x100000, 249856 after the kernel image at 0x3000000, ...; the last RAM range
  // (2097152 pages) starts at page 695704 of 2792856.
  const ORDINARY_PAGES = 2792856;

  it.each([
    { slot: 0, pages: 2, lands: r(0x1000, 0x3000), where: 'the first ordinary page' },
    { slot: 151, pages: 1, lands: r(0x9a000, 0x9b000), where: 'the first page of the second ordinary range' },
    { slot: 161, pages: 1, lands: r(0x105000, 0x106000), where: 'a page inside the third ordinary range' },
    { slot: 695704, pages: 1, lands: r(0x200000000, 0x200001000), where: 'the first page of the last ordinary range' },
    { slot: ORDINARY_PAGES + 151, pages: 1, lands: r(0x9a000, 0x9b000), where: 'a slot past the last page, wrapped around' },
  ])('old memory, slot $slot: $where', ({ slot, pages, lands }) => {
    expect(dmaTarget(LAYOUT, 'oldmem', slot, pages)).toEqual(lands);
  });

  it('a transfer longer than what is left of its range stops at the end of the range', () => {
    expect(dmaTarget(LAYOUT, 'oldmem', 153, 8)).toEqual(r(0x9c000, 0x9f000));
    expect(dmaTarget(LAYOUT, 'oldmem', ORDINARY_PAGES - 1, 4)).toEqual(r(0x3fffff000, 0x400000000));
  });

  it('a transfer into SWIOTLB lands in the bounce buffers, wrapping at their end', () => {
    expect(dmaTarget(LAYOUT, 'swiotlb', 3, 2)).toEqual(r(0x6b003000, 0x6b005000));
    expect(dmaTarget(LAYOUT, 'swiotlb', 0x4000 + 1, 1)).toEqual(r(0x6b001000, 0x6b002000));
  });

  it('has nowhere to land in old memory when named regions fill all of RAM', () => {
    const full: Layout = {
      ram: [r(0x100000, 0x204000)],
      crashkernel: r(0x100000, 0x200000),
      iommuDevTable: r(0x200000, 0x201000),
      swiotlb: r(0x201000, 0x202000),
      decryptedPages: [],
      crashNotes: r(0x202000, 0x203000),
      vmcoreinfo: r(0x203000, 0x204000),
      kernelImage: r(0x1000000, 0x3000000),
      firmware: TEST_FIRMWARE,
    };
    expect(ordinaryRanges(full)).toEqual([]);
    expect(dmaTarget(full, 'oldmem', 5, 1)).toBeNull();
    expect(dmaTarget(full, 'swiotlb', 5, 1)).toEqual(r(0x201000, 0x202000));
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
    expect(problem({ ram: [r(0x1000, 0x9f800)] })).toBe('layout.ram[0] [0x1000-0x9f7ff] is not a page-aligned, non-empty range');
    expect(problem({ ram: [LAYOUT.ram[0]!, r(0x100800, 0x80000000)] })).toBe('layout.ram[1] [0x100800-0x7fffffff] is not a page-aligned, non-empty range');
    expect(problem({ ram: [r(0x2000, 0x2000)] })).toBe('layout.ram[0] [0x2000-0x1fff] is not a page-aligned, non-empty range');
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
    expect(problem({ swiotlb: r(0x6b000000, 0x6b000800) })).toBe('layout.swiotlb [0x6b000000-0x6b0007ff] is not a page-aligned, non-empty range');
  });

  it('rejects a region across a hole, naming a decrypted page by its index', () => {
    expect(problem({ decryptedPages: [LAYOUT.decryptedPages[0]!, r(0x7ffff000, 0x100001000)] })).toBe(
      'layout.decryptedPages[1] [0x7ffff000-0x100000fff] is not inside one RAM range',
    );
  });

  it('rejects overlapping regions, naming both', () => {
    expect(problem({ vmcoreinfo: r(0x4ffff000, 0x50000000) })).toBe('layout.crashkernel and layout.vmcoreinfo overlap');
  });

  it('rejects an IOMMU device table above 4 GiB (a GFP_DMA32 allocation)', () => {
    expect(problem({ iommuDevTable: r(0x120000000, 0x120200000) })).toBe(
      'layout.iommuDevTable ends at 0x120200000, above 4 GiB (it is a GFP_DMA32 allocation)',
    );
  });

  it('rejects SWIOTLB above 4 GiB', () => {
    expect(problem({ swiotlb: r(0x110000000, 0x114000000) })).toBe('layout.swiotlb ends at 0x114000000, above 4 GiB');
  });

  it('rejects an empty named region, naming it', () => {
    expect(problem({ crashNotes: r(0x100000000, 0x100000000) })).toBe('layout.crashNotes [0x100000000-0xffffffff] is not a page-aligned, non-empty range');
  });

  it('names the IOMMU device table when it is not inside RAM', () => {
    expect(problem({ iommuDevTable: r(0x80000000, 0x80200000) })).toBe('layout.iommuDevTable [0x80000000-0x801fffff] is not inside one RAM range');
  });

  it('accepts an IOMMU device table and SWIOTLB that end exactly at 4 GiB', () => {
    const below4g: Layout = {
      ram: [r(0x100000, 0x100000000)],
      crashkernel: r(0x40000000, 0x50000000),
      iommuDevTable: r(0xffe00000, 0x100000000),
      swiotlb: r(0xf0000000, 0xf4000000),
      decryptedPages: [],
      crashNotes: r(0x60000000, 0x60002000),
      vmcoreinfo: r(0x60002000, 0x60003000),
      kernelImage: r(0x1000000, 0x3000000),
      firmware: TEST_FIRMWARE,
    };
    expect(layoutProblem(below4g, CPU)).toBeNull();
    expect(layoutProblem({ ...below4g, iommuDevTable: r(0xf0000000, 0xf0200000), swiotlb: r(0xfc000000, 0x100000000) }, CPU)).toBeNull();
  });

  it('rejects crash notes that are not one page for each CPU', () => {
    expect(problem({}, { ...CPU, cpus: 3 })).toBe('layout.crashNotes must hold one page for each of the 3 CPUs');
  });
});

describe('oldMemoryRanges (the PT_LOADs kexec-tools writes)', () => {
  it('is the RAM less the crashkernel region, split around it', () => {
    expect(oldMemoryRanges(LAYOUT)).toEqual([LAYOUT.ram[0], r(0x100000, 0x40000000), r(0x50000000, 0x80000000), LAYOUT.ram[2], LAYOUT.ram[3]]);
  });

  it('makes no empty PT_LOAD when the crashkernel region starts or ends a RAM range', () => {
    expect(oldMemoryRanges({ ...LAYOUT, crashkernel: r(0x100000, 0x10100000) })).toEqual([LAYOUT.ram[0], r(0x10100000, 0x80000000), LAYOUT.ram[2], LAYOUT.ram[3]]);
    expect(oldMemoryRanges({ ...LAYOUT, crashkernel: r(0x70000000, 0x80000000) })).toEqual([LAYOUT.ram[0], r(0x100000, 0x70000000), LAYOUT.ram[2], LAYOUT.ram[3]]);
  });
});
