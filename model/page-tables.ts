/**
 * The first kernel's page tables, on the paths a dump tool walks, and the virtual addresses the
 * tool needs.
 *
 * Models (x86_64, Linux 4.19; Documentation/x86/x86_64/mm.txt): 4-level and 5-level paging, each
 * table a 4 KiB page of 512 eight-byte entries; an entry points to the next table or, with
 * `_PAGE_PSE` in a PUD or PMD (and always in a PTE), maps a 1 GiB, 2 MiB or 4 KiB leaf. The
 * first kernel writes `_PAGE_ENC` (its `sme_me_mask`) into every table and leaf entry it makes
 * (`__sme_set()` in `_KERNPG_TABLE`, `__PAGE_KERNEL`; arch/x86/include/asm/pgtable_types.h), so
 * an entry's C-bit comes from running `sme_enable()`, not from here: this file holds where each
 * entry points, and the first kernel adds its mask when it writes the table (first-kernel.ts).
 * The virtual areas sit at their 4.19 bases (`page_offset_base`, `vmalloc_base`,
 * `vmemmap_base`, `__START_KERNEL_map`); `init_top_pgt` is a page of the kernel image, found
 * through vmcoreinfo's `SYMBOL(init_top_pgt)` and `NUMBER(phys_base)`.
 * Leaves out: KASLR of the area bases (each run could shift them; the tool reads them from
 * vmcoreinfo and the PT_LOADs either way), every entry no lookup's walk reads (a 4 TiB machine
 * has tables only on the generated paths), the modules area, PCID and the user half.
 * Virtual addresses are bigints: they do not fit a double exactly. A run turns each into table
 * indices once (`walkIndices`), so no bigint arithmetic happens per read.
 */
import { type AddrRange, GiB, hex, MiB, PAGE_SIZE, pageAligned, pageDown } from './hardware/address.ts';
import { lastOf } from './memo.ts';

export type PagingLevels = 4 | 5;

/** The levels a walk goes through, top first (`pgd` is `init_top_pgt`'s level). */
export const LEVEL_NAMES: Readonly<Record<PagingLevels, readonly TableLevel[]>> = {
  4: ['pgd', 'pud', 'pmd', 'pte'],
  5: ['pgd', 'p4d', 'pud', 'pmd', 'pte'],
};
export type TableLevel = 'pgd' | 'p4d' | 'pud' | 'pmd' | 'pte';

/** The size a leaf at each level maps (`PUD_SIZE`, `PMD_SIZE`, `PAGE_SIZE`); no leaf above the PUD. */
export const LEAF_BYTES: Readonly<Partial<Record<TableLevel, number>>> = { pud: GiB, pmd: 2 * MiB, pte: PAGE_SIZE };

/** One entry that matters: index `index` of its table points at `to` (a table, or a leaf's frame when `leaf`). */
export interface PageTableEntry {
  readonly index: number;
  readonly to: number;
  /** `_PAGE_PSE` (a huge leaf) in a PUD or PMD; ignored in a PTE, which is always a leaf. */
  readonly leaf: boolean;
}

export interface PageTable {
  /** The page the table occupies. */
  readonly page: number;
  readonly entries: readonly PageTableEntry[];
}

/** A virtual address the dump tool needs, and what it is. */
export interface Lookup {
  readonly what: string;
  readonly va: bigint;
}

export interface PageTables {
  /** CR4.LA57: `NUMBER(pgtable_l5_enabled)`. */
  readonly levels: PagingLevels;
  /** The physical address of `init_top_pgt`. */
  readonly top: number;
  readonly tables: readonly PageTable[];
  readonly lookups: readonly Lookup[];
}

export type VirtualArea = 'direct map' | 'vmalloc' | 'vmemmap' | 'kernel text';

/** `__START_KERNEL_map`: the kernel image's mapping, for both paging modes. */
export const START_KERNEL_MAP = 0xffffffff80000000n;
/** `CONFIG_PHYSICAL_START`: the physical address the kernel is linked for; `phys_base` is the load address less it. */
export const PHYSICAL_START = 16 * MiB;
/** `KERNEL_IMAGE_SIZE` with KASLR: the kernel text mapping's extent. */
const KERNEL_IMAGE_SIZE = 1n << 30n;

interface AreaBounds { readonly area: VirtualArea; readonly start: bigint; readonly bytes: bigint }

/** The areas of Documentation/x86/x86_64/mm.txt (4.19), for each paging mode. */
export const AREAS: Readonly<Record<PagingLevels, readonly AreaBounds[]>> = {
  4: [
    { area: 'direct map', start: 0xffff880000000000n, bytes: 64n << 40n },
    { area: 'vmalloc', start: 0xffffc90000000000n, bytes: 32n << 40n },
    { area: 'vmemmap', start: 0xffffea0000000000n, bytes: 1n << 40n },
    { area: 'kernel text', start: START_KERNEL_MAP, bytes: KERNEL_IMAGE_SIZE },
  ],
  5: [
    { area: 'direct map', start: 0xff10000000000000n, bytes: 32n << 50n },
    { area: 'vmalloc', start: 0xffa0000000000000n, bytes: 25n << 49n },
    { area: 'vmemmap', start: 0xffd4000000000000n, bytes: 1n << 49n },
    { area: 'kernel text', start: START_KERNEL_MAP, bytes: KERNEL_IMAGE_SIZE },
  ],
};

export const areaBase = (levels: PagingLevels, area: VirtualArea): bigint => AREAS[levels].find((a) => a.area === area)!.start;

export function areaOf(levels: PagingLevels, va: bigint): VirtualArea | null {
  for (const a of AREAS[levels]) if (va >= a.start && va < a.start + a.bytes) return a.area;
  return null;
}

export const showVa = (va: bigint): string => `0x${va.toString(16)}`;

/** What a walk of `va` needs at each level: the entry's index, and the byte offset of `va` inside a leaf there. */
export interface WalkStep {
  readonly level: TableLevel;
  readonly index: number;
  readonly leafOffset: number;
}

/** `pgd_index()`, `p4d_index()`, ... `pte_index()` of `va`, and its offset in a leaf at each level. */
export function walkIndices(levels: PagingLevels, va: bigint): WalkStep[] {
  return LEVEL_NAMES[levels].map((level, i) => {
    const shift = BigInt(12 + 9 * (levels - 1 - i));
    const leaf = LEAF_BYTES[level];
    return { level, index: Number((va >> shift) & 511n), leafOffset: leaf === undefined ? 0 : Number(va & BigInt(leaf - 1)) };
  });
}

/** Does the walk end at `e`, met at `level`: any PTE, or a PSE entry where a leaf can be (a PUD or PMD)? */
export const isLeaf = (level: TableLevel, e: PageTableEntry): boolean => level === 'pte' || (e.leaf && LEAF_BYTES[level] !== undefined);

/** Each table by its page, and its entries by index: built once per page-table description. */
export const tablesByPage = lastOf((pt: PageTables): ReadonlyMap<number, ReadonlyMap<number, PageTableEntry>> =>
  new Map(pt.tables.map((t) => [t.page, new Map(t.entries.map((e) => [e.index, e]))])));

/** Each lookup with its walk, where the MMU takes it, and how a trace names it: worked out once per page-table description. */
export const lookupWalks = lastOf((pt: PageTables) => pt.lookups.map((l) => {
  const steps = walkIndices(pt.levels, l.va);
  const truth = mmuTranslate(pt, steps);
  const truthPage = 'paddr' in truth ? pageDown(truth.paddr) : null;
  return {
    lookup: l,
    steps,
    truth,
    truthPage,
    /** `0xffffea... (mem_map ...)`, for steps. */
    label: `${showVa(l.va)} (${l.what})`,
    /** `mem_map ... at 0xffffea... (mapped to 0x...)`, for observations. */
    what: `${l.what} at ${showVa(l.va)}${truthPage === null ? '' : ` (mapped to ${hex(truthPage)})`}`,
  };
}));

/** Where the MMU takes `va` in the first kernel: the physical address, or why it cannot. */
export type Translation = { readonly paddr: number; readonly leaf: TableLevel } | { readonly unmapped: string };

/**
 * The hardware's walk of the first kernel's own tables (the MMU strips the C-bit: it is an
 * attribute, not an address bit, in a table entry): what the kernel meant `va` to reach.
 */
export function mmuTranslate(pt: PageTables, steps: readonly WalkStep[]): Translation {
  const tables = tablesByPage(pt);
  let table = pt.top;
  for (const s of steps) {
    const entries = tables.get(table);
    if (entries === undefined) return { unmapped: `the ${s.level} at ${hex(table)} is not one of the first kernel's page tables` };
    const e = entries.get(s.index);
    if (e === undefined) return { unmapped: `${s.level} entry ${s.index} of the table at ${hex(table)} is not present` };
    if (isLeaf(s.level, e)) return { paddr: e.to + s.leafOffset, leaf: s.level };
    table = e.to;
  }
  return { unmapped: 'the walk ran past the last level' };
}

/** The pages holding tables, as runs of consecutive pages (the first kernel writes each run at once). */
export const tableRuns = lastOf((pt: PageTables): AddrRange[] => {
  const pages = pt.tables.map((t) => t.page).sort((a, b) => a - b);
  const runs: { start: number; end: number }[] = [];
  for (const p of pages) {
    const last = runs.at(-1);
    if (last !== undefined && last.end === p) last.end = p + PAGE_SIZE;
    else runs.push({ start: p, end: p + PAGE_SIZE });
  }
  return runs;
});

/** The most lookups and tables a description may hold: a dump tool needs a handful of addresses. */
export const MAX_LOOKUPS = 64;
export const MAX_TABLES = 4096;

/**
 * Why a page-table description cannot be a kernel's, or null: what the first kernel could not
 * have written (a table off a page, twice at a page, outside its old memory; an entry index past
 * 511; a lookup outside every area). An entry that points outside RAM, at a non-table page, or
 * back up the walk is possible (a bug or a corrupted table) and is the model's to report.
 * `oldMemory`: the RAM the first kernel owns (outside the crashkernel region), sorted.
 */
export function pageTablesProblem(pt: PageTables, oldMemory: readonly AddrRange[]): string | null {
  if (pt.tables.length > MAX_TABLES) return `pageTables holds ${pt.tables.length} tables, more than ${MAX_TABLES}`;
  if (pt.lookups.length > MAX_LOOKUPS) return `pageTables holds ${pt.lookups.length} lookups, more than ${MAX_LOOKUPS}`;
  const seen = new Set<number>();
  for (const [i, t] of pt.tables.entries()) {
    const at = `pageTables.tables[${i}] at ${hex(t.page)}`;
    if (!pageAligned(t.page)) return `${at} is not page aligned`;
    if (seen.has(t.page)) return `${at}: two tables at one page`;
    seen.add(t.page);
    if (!oldMemory.some((r) => t.page >= r.start && t.page < r.end)) return `${at} is not in the first kernel's RAM (outside RAM, or in the crashkernel region)`;
    const indices = new Set<number>();
    for (const e of t.entries) {
      if (!Number.isInteger(e.index) || e.index < 0 || e.index > 511) return `${at}: entry index ${e.index} is not 0-511`;
      if (indices.has(e.index)) return `${at}: entry ${e.index} is given twice`;
      indices.add(e.index);
      if (!pageAligned(e.to)) return `${at}: entry ${e.index} points to ${hex(e.to)}, not a page`;
    }
  }
  if (!seen.has(pt.top)) return `pageTables.top ${hex(pt.top)} is not one of pageTables.tables`;
  for (const [i, l] of pt.lookups.entries()) {
    if (areaOf(pt.levels, l.va) === null) return `pageTables.lookups[${i}] ${showVa(l.va)} (${l.what}) is in none of the kernel's areas (direct map, vmalloc, vmemmap, kernel text) for ${pt.levels}-level paging`;
  }
  return null;
}

/** A virtual address the first kernel maps, where, with which leaf: what a table builder needs. */
export interface Mapping {
  readonly what: string;
  readonly va: bigint;
  /** The physical address `va` reaches (its page is what the dump tool should read). */
  readonly paddr: number;
  /** The level of the leaf: `pud` (1 GiB), `pmd` (2 MiB) or `pte` (4 KiB). */
  readonly leaf: 'pud' | 'pmd' | 'pte';
}

/**
 * The tables a kernel builds for `mappings`: one top table, then a table wherever a walk needs
 * one that no earlier mapping made, pages taken in order from `at`; a leaf another mapping
 * already made (a 2 MiB page two lookups share) is kept. Tables are shared exactly where the
 * walks share a prefix, as in the kernel.
 */
export function buildPageTables(levels: PagingLevels, at: number, mappings: readonly Mapping[]): PageTables {
  const tables = new Map<number, Map<number, PageTableEntry>>();
  let next = at;
  const alloc = (): number => {
    const page = next;
    next += PAGE_SIZE;
    tables.set(page, new Map());
    return page;
  };
  const top = alloc();
  for (const m of mappings) {
    let table = top;
    for (const s of walkIndices(levels, m.va)) {
      const entries = tables.get(table)!;
      const e = entries.get(s.index);
      if (s.level === m.leaf) {
        if (e === undefined) entries.set(s.index, { index: s.index, to: m.paddr - s.leafOffset, leaf: s.level !== 'pte' });
        break;
      }
      if (e === undefined) {
        const page = alloc();
        entries.set(s.index, { index: s.index, to: page, leaf: false });
        table = page;
      } else if (e.leaf) break;
      else table = e.to;
    }
  }
  return {
    levels,
    top,
    tables: [...tables].map(([page, entries]) => ({ page, entries: [...entries.values()] })),
    lookups: mappings.map((m) => ({ what: m.what, va: m.va })),
  };
}

/** `__va(pa)`: the direct map. */
export const directMapVa = (levels: PagingLevels, pa: number): bigint => areaBase(levels, 'direct map') + BigInt(pa);
/** A kernel symbol's address: `__START_KERNEL_map + (pa - phys_base)`. */
export const kernelTextVa = (physBase: number, pa: number): bigint => START_KERNEL_MAP + BigInt(pa - physBase);
/** The address of a `struct page` in the vmemmap (`sizeof(struct page)` = 64): the page of mem_map that describes pfn. */
export const vmemmapVa = (levels: PagingLevels, pfn: number): bigint => areaBase(levels, 'vmemmap') + BigInt(pfn) * 64n;
/** A page of the vmalloc area. */
export const vmallocVa = (levels: PagingLevels, page: number): bigint => areaBase(levels, 'vmalloc') + BigInt(page) * BigInt(PAGE_SIZE);
