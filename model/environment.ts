/**
 * The environment of one run: everything that is not the kernel's design.
 *
 * Models: the CPU and firmware, each kernel's `mem_encrypt=` option, the physical memory layout
 * (RAM ranges with firmware holes between them, the crashkernel reservation, and the pages the
 * first kernel uses in a particular way), whether the first kernel left IOMMU translation on,
 * and the order of the events that happen before and after the panic.
 * The layout also holds firmware memory (firmware.ts): the e820 ranges firmware keeps beside RAM
 * and the tables in them; the environment says where the loader puts each setup_data entry.
 * Leaves out: NUMA, hot-plug, and more than one crashkernel region (crashkernel=X,high plus its
 * low part is one region here).
 */
import {
  type AddrRange,
  bit,
  contains,
  FOUR_GIB,
  hex,
  MiB,
  overlaps,
  PAGE_SIZE,
  pageAligned,
  pages,
  showRange,
} from './hardware/address.ts';
import type { Cpu } from './hardware/machine.ts';
import { type Firmware, firmwareProblem, iommuFirmwareProblem } from './firmware.ts';
import { lastOf } from './memo.ts';
import { type SetupDataSlot, setupDataProblem } from './setup-data.ts';
import { type PageTables, pageTablesProblem, PHYSICAL_START } from './page-tables.ts';
import type { Stage } from './kernel/run.ts';

export interface Layout {
  /** System RAM from e820, sorted and disjoint, with firmware-reserved holes between ranges. */
  readonly ram: readonly AddrRange[];
  /** `crashkernel=` reservation (`reserve_crashkernel`). */
  readonly crashkernel: AddrRange;
  /** The AMD IOMMU device table: GFP_DMA32, so below 4 GiB (`alloc_dev_table`... `amd_iommu_init`). */
  readonly iommuDevTable: AddrRange;
  /** The SWIOTLB bounce buffers, below 4 GiB, decrypted under SME (`swiotlb_update_mem_attributes`). */
  readonly swiotlb: AddrRange;
  /** Other pages the first kernel keeps decrypted (`set_memory_decrypted`): trampoline, boot data. */
  readonly decryptedPages: readonly AddrRange[];
  /** The per-CPU crash notes (`crash_notes`, percpu memory): one page per CPU, in order. */
  readonly crashNotes: AddrRange;
  /** The vmcoreinfo note (`vmcoreinfo_note`, allocated with `alloc_pages_exact`). */
  readonly vmcoreinfo: AddrRange;
  /**
   * The first kernel's image (text, data, bss, brk): `phys_base` is its start less
   * `CONFIG_PHYSICAL_START`. It holds `init_top_pgt` and, in this model, the other page-table
   * pages on the dump tool's paths (in the kernel they come from brk, memblock and the page
   * allocator: anywhere no device writes).
   */
  readonly kernelImage: AddrRange;
  /** Firmware memory beside RAM, and the tables in it. */
  readonly firmware: Firmware;
}

/** Things that happen, in kernel vocabulary. Everything after PANIC is the machine's own doing, except the dump tool's reads. */
export type KdumpEvent =
  | { readonly type: 'KEXEC_LOAD_CRASH' }
  | { readonly type: 'KEXEC_UNLOAD_CRASH' }
  | { readonly type: 'DEVICE_DMA'; readonly target: 'oldmem' | 'swiotlb'; readonly slot: number; readonly pages: number }
  | { readonly type: 'PANIC' }
  | { readonly type: 'READ_VMCORE' }
  | { readonly type: 'MMAP_VMCORE' };

export type KdumpEventType = KdumpEvent['type'];

/**
 * When the hardware writes a dirty line back of its own accord: as the run enters stage `at`
 * (before the stage does anything), every dirty line of `cpu`, or those holding `region`'s data.
 */
export interface Writeback {
  readonly cpu: number;
  readonly region?: string;
  readonly at: Stage;
}

/** The CPUs and their caches: who ran `kexec -p`, who panicked, and when lines go back to DRAM. */
export interface CacheEnvironment {
  /** The CPU that ran `kexec -p` (the first kernel boots on CPU 0). */
  readonly kexecCpu: number;
  /** The CPU that panicked: it runs the crash path and the kdump kernel; the others stop with their caches as they are. */
  readonly panicCpu: number;
  /** In order; a line still dirty when the run ends was never written back. */
  readonly writebacks: readonly Writeback[];
}

/** Everything on the boot CPU, and no line written back until a flush makes it. */
export const NO_EVICTIONS: CacheEnvironment = { kexecCpu: 0, panicCpu: 0, writebacks: [] };

/**
 * Where the kernels run: on an SME host (bare metal, the cover letter's tests), or in an SEV guest,
 * where both kernels run with SEV whatever `mem_encrypt=` says (`sme_enable()`).
 */
export const PLATFORMS = ['sme-host', 'sev-guest'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Environment {
  readonly platform: Platform;
  readonly cpu: Cpu;
  /** SYSCFG[MemEncryptionModEn] as the firmware left it. */
  readonly firmwareSme: boolean;
  /** `mem_encrypt=on` on the first kernel's command line. */
  readonly firstKernelMemEncrypt: boolean;
  /** `mem_encrypt=on` on the kdump kernel's command line (kexec -p --append). */
  readonly kdumpKernelMemEncrypt: boolean;
  /** Did the first kernel enable IOMMU translation (and leave it on into the kdump kernel)? */
  readonly iommuTranslation: boolean;
  readonly layout: Layout;
  /** Where the loader puts each setup_data entry it passes (setup-data.ts), in chain order. */
  readonly setupData: readonly SetupDataSlot[];
  /** The first kernel's page tables on the paths the dump tool walks, and the addresses it needs (page-tables.ts). */
  readonly pageTables: PageTables;
  readonly caches: CacheEnvironment;
  readonly events: readonly KdumpEvent[];
}

/** Is SME active in a kernel with this `mem_encrypt=` (what `sme_enable` decides)? Never in an SEV guest: SEV is active there instead. */
export const smeWouldBeActive = (env: Environment, memEncrypt: boolean): boolean =>
  env.platform === 'sme-host' && env.cpu.smeSupported && env.firmwareSme && memEncrypt;

/** The pages the first kernel keeps decrypted: SWIOTLB and the other `set_memory_decrypted` pages. */
/** `phys_base`: where the first kernel's image was loaded, less the address it was linked for (`CONFIG_PHYSICAL_START`). */
export const physBase = (layout: Layout): number => layout.kernelImage.start - PHYSICAL_START;

export const decryptedRegions = (layout: Layout): AddrRange[] => [layout.swiotlb, ...layout.decryptedPages];

/** Every region the layout names inside RAM, with a label for messages. */
/** The ranges of `namedRegions`, without their names. */
const namedRanges = (layout: Layout): AddrRange[] => [layout.crashkernel, layout.iommuDevTable, layout.swiotlb, ...layout.decryptedPages, layout.crashNotes, layout.vmcoreinfo, layout.kernelImage];

export function namedRegions(layout: Layout): { name: string; range: AddrRange }[] {
  return [
    { name: 'crashkernel', range: layout.crashkernel },
    { name: 'iommuDevTable', range: layout.iommuDevTable },
    { name: 'swiotlb', range: layout.swiotlb },
    ...layout.decryptedPages.map((range, i) => ({ name: `decryptedPages[${i}]`, range })),
    { name: 'crashNotes', range: layout.crashNotes },
    { name: 'vmcoreinfo', range: layout.vmcoreinfo },
    { name: 'kernelImage', range: layout.kernelImage },
  ];
}

/**
 * The RAM a dump covers (`/proc/iomem` System RAM less the crashkernel region, as kexec-tools
 * writes the ELF core header's PT_LOADs).
 */
export function oldMemoryRanges(layout: Layout): AddrRange[] {
  const ck = layout.crashkernel;
  const out: AddrRange[] = [];
  for (const r of layout.ram) {
    if (!overlaps(r, ck)) {
      out.push(r);
      continue;
    }
    if (r.start < ck.start) out.push({ start: r.start, end: ck.start });
    if (ck.end < r.end) out.push({ start: ck.end, end: r.end });
  }
  return out;
}

/** The pages of old memory that nothing else claims: where ordinary allocations and device DMA land. */
export function ordinaryRanges(layout: Layout): AddrRange[] {
  const taken = namedRanges(layout).sort((a, b) => (a.start < b.start ? -1 : 1));
  const out: AddrRange[] = [];
  let first = 0;
  for (const r of layout.ram) {
    // RAM ranges ascend: a region that ends before this range ends before every later one.
    while (first < taken.length && taken[first]!.end <= r.start) first++;
    let at = r.start;
    for (let i = first; i < taken.length && taken[i]!.start < r.end; i++) {
      const t = taken[i]!;
      if (t.end <= at) continue;
      if (t.start > at) out.push({ start: at, end: t.start });
      at = t.end > at ? t.end : at;
    }
    if (at < r.end) out.push({ start: at, end: r.end });
  }
  return out;
}

/** DMA candidates: ranges, and the pages before each (a running sum), for picking a page by its index. */
interface Candidates {
  readonly ranges: readonly AddrRange[];
  readonly pagesBefore: readonly number[];
  readonly total: number;
}

function candidates(ranges: readonly AddrRange[]): Candidates {
  const pagesBefore: number[] = [];
  let total = 0;
  for (const r of ranges) {
    pagesBefore.push(total);
    total += pages(r);
  }
  return { ranges, pagesBefore, total };
}

/** The ordinary pages of a layout as DMA candidates: the same for every event on the layout. */
const ordinaryCandidates = lastOf((layout: Layout) => candidates(ordinaryRanges(layout)));

const dmaCandidates = (layout: Layout, target: 'oldmem' | 'swiotlb'): Candidates =>
  target === 'swiotlb' ? candidates([layout.swiotlb]) : ordinaryCandidates(layout);

/** The DMA target for a DEVICE_DMA event: `slot` picks a page among the candidates, wrapping. */
export function dmaTarget(layout: Layout, target: 'oldmem' | 'swiotlb', slot: number, pages: number): AddrRange | null {
  const { ranges, pagesBefore, total } = dmaCandidates(layout, target);
  if (total === 0) return null;
  const index = slot % total;
  // The last range with at most `index` pages before it (ranges are never empty, so it holds the page).
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (pagesBefore[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  const r = ranges[lo]!;
  const start = r.start + (index - pagesBefore[lo]!) * PAGE_SIZE;
  const end = start + pages * PAGE_SIZE;
  return { start, end: end < r.end ? end : r.end };
}

/** Why a layout cannot exist, or null. Generated layouts are valid by construction; files are checked. */
export function layoutProblem(layout: Layout, cpu: Cpu): string | null {
  if (layout.ram.length === 0) return 'layout.ram is empty';
  const limit = bit(cpu.physAddrBits);
  for (const [i, r] of layout.ram.entries()) {
    if (!pageAligned(r.start) || !pageAligned(r.end) || r.end <= r.start) return `layout.ram[${i}] ${showRange(r)} is not a page-aligned, non-empty range`;
    if (r.end > limit) return `layout.ram[${i}] ends above the CPU's ${cpu.physAddrBits}-bit physical address space`;
    const next = layout.ram[i + 1];
    if (next !== undefined && next.start <= r.end) return `layout.ram[${i}] and layout.ram[${i + 1}] overlap or touch (a hole must separate ranges)`;
  }
  const regions = namedRegions(layout);
  for (const { name, range } of regions) {
    if (!pageAligned(range.start) || !pageAligned(range.end) || range.end <= range.start) return `layout.${name} ${showRange(range)} is not a page-aligned, non-empty range`;
    if (!layout.ram.some((r) => contains(r, range))) return `layout.${name} ${showRange(range)} is not inside one RAM range`;
  }
  for (const [i, a] of regions.entries()) {
    for (const b of regions.slice(i + 1)) {
      if (overlaps(a.range, b.range)) return `layout.${a.name} and layout.${b.name} overlap`;
    }
  }
  if (layout.iommuDevTable.end > FOUR_GIB) return `layout.iommuDevTable ends at ${hex(layout.iommuDevTable.end)}, above 4 GiB (it is a GFP_DMA32 allocation)`;
  if (layout.swiotlb.end > FOUR_GIB) return `layout.swiotlb ends at ${hex(layout.swiotlb.end)}, above 4 GiB`;
  if (layout.kernelImage.start % (2 * MiB) !== 0 || layout.kernelImage.start < PHYSICAL_START) return `layout.kernelImage starts at ${hex(layout.kernelImage.start)}: the kernel is loaded 2 MiB aligned, at or above CONFIG_PHYSICAL_START (${hex(PHYSICAL_START)})`;
  if (pages(layout.crashNotes) !== cpu.cpus) return `layout.crashNotes must hold one page for each of the ${cpu.cpus} CPUs`;
  return firmwareProblem(layout.firmware, layout.ram, limit);
}

/** Why the CPU numbers of a cache environment do not fit the machine, or null. */
export function cachesProblem(caches: CacheEnvironment, cpus: number): string | null {
  if (caches.kexecCpu >= cpus) return `caches.kexecCpu is ${caches.kexecCpu}, but the machine has ${cpus} CPU(s) (numbered from 0)`;
  if (caches.panicCpu >= cpus) return `caches.panicCpu is ${caches.panicCpu}, but the machine has ${cpus} CPU(s) (numbered from 0)`;
  const bad = caches.writebacks.findIndex((w) => w.cpu >= cpus);
  if (bad >= 0) return `caches.writebacks[${bad}].cpu is ${caches.writebacks[bad]!.cpu}, but the machine has ${cpus} CPU(s) (numbered from 0)`;
  const first = caches.writebacks.findIndex((w) => w.at === 'first-kernel');
  if (first >= 0) return `caches.writebacks[${first}].at is "first-kernel": nothing is dirty before the first kernel runs (name a later stage)`;
  return null;
}

/**
 * Why an SEV guest cannot be as described, or null: the host's CPU has SME and SEV and its firmware
 * enabled memory encryption (else no guest could be launched encrypted), and the guest's devices are
 * virtual, so it has no AMD IOMMU whose translation it could leave on.
 */
function sevGuestProblem(env: Environment): string | null {
  if (env.platform !== 'sev-guest') return null;
  if (!env.cpu.smeSupported) return 'platform "sev-guest" needs a CPU with SME and SEV (cpu.smeSupported is false)';
  if (!env.firmwareSme) return 'platform "sev-guest" needs the host firmware to enable memory encryption (firmwareSme is false)';
  if (env.iommuTranslation) return 'platform "sev-guest" has no AMD IOMMU (its devices are virtual): iommuTranslation must be false';
  return null;
}

/** Why an environment cannot exist, beyond its layout (`layoutProblem`), or null. */
export function environmentProblem(env: Environment): string | null {
  const guest = sevGuestProblem(env);
  if (guest !== null) return guest;
  const caches = cachesProblem(env.caches, env.cpu.cpus);
  if (caches !== null) return caches;
  if (env.iommuTranslation) {
    const problem = iommuFirmwareProblem(env.layout.firmware);
    if (problem !== null) return problem;
  }
  return setupDataProblem(env.setupData) ?? pageTablesProblem(env.pageTables, oldMemoryRanges(env.layout));
}
