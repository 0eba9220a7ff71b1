/**
 * The virtual addresses a dump tool needs from a first kernel, and the page tables that map them,
 * built from a layout (page-tables.ts holds the tables themselves).
 *
 * Models: makedumpfile's reads by address on a filtering dump (`mem_map` pages through the
 * vmemmap, `pglist_data` through the direct map, `init_uts_ns` in the kernel image for its
 * release check) and crash's reads of a task's stack (vmalloc'ed with CONFIG_VMAP_STACK); the
 * kernel's leaf sizes: the direct map in 1 GiB, 2 MiB or 4 KiB pages (`phys_pud_init()` with
 * `direct_gbpages`, `phys_pmd_init()`, `phys_pte_init()`), the vmemmap in 2 MiB pages
 * (`vmemmap_populate_hugepages()`) or 4 KiB ones (`vmemmap_populate_basepages()`), vmalloc in 4
 * KiB pages, the kernel image in 2 MiB pages (`level2_kernel_pgt`).
 * Leaves out: which of these a particular tool run needs (all of them, here).
 */
import { type AddrRange, MiB, PAGE_SIZE } from './hardware/address.ts';
import { dmaTarget, type Layout, physBase } from './environment.ts';
import { buildPageTables, directMapVa, kernelTextVa, type Mapping, type PageTables, type PagingLevels, vmallocVa, vmemmapVa } from './page-tables.ts';

/** The kernel image's size, and where its page tables start in it (after text and data). */
export const KERNEL_IMAGE_BYTES = 32 * MiB;
export const KERNEL_TABLES_OFFSET = 16 * MiB;

export type DirectMapLeaf = 'pud' | 'pmd' | 'pte';
export type VmemmapLeaf = 'pmd' | 'pte';

/** What to look up, each by a slot that picks a page of the first kernel's ordinary memory (as DMA slots do). */
export interface KernelMappingsShape {
  readonly levels: PagingLevels;
  readonly directMapLeaf: DirectMapLeaf;
  readonly vmemmapLeaf: VmemmapLeaf;
  /** The page of mem_map a filtering dump reads: the pfn it describes, and the slot of its backing page. */
  readonly memMap: { readonly pfnSlot: number; readonly slot: number };
  readonly nodeData?: { readonly slot: number } | undefined;
  /** init_uts_ns's page in the kernel image's text and data. */
  readonly utsname?: { readonly page: number } | undefined;
  /** A task's kernel stack in vmalloc: which vmalloc page, and the slot of its backing page. */
  readonly stack?: { readonly vpage: number; readonly slot: number } | undefined;
}

const alignDown = (a: number, to: number): number => a - (a % to);

const ordinaryPage = (layout: Layout, slot: number): number => dmaTarget(layout, 'oldmem', slot, 1)?.start ?? layout.kernelImage.start;

/** The tables and lookups of a first kernel on `layout`. */
export function kernelMappings(layout: Layout, shape: KernelMappingsShape): PageTables {
  const { levels } = shape;
  const image: AddrRange = layout.kernelImage;
  const mappings: Mapping[] = [];
  // mem_map: the backing page sits at the same offset in its 2 MiB leaf as the struct pages' address in the vmemmap.
  const backing = ordinaryPage(layout, shape.memMap.slot);
  // The page of mem_map: any, with 4 KiB leaves; with 2 MiB ones, at the backing page's offset in its leaf.
  const perLeaf = (2 * MiB) / PAGE_SIZE;
  const memMapPage = shape.vmemmapLeaf === 'pte' ? shape.memMap.pfnSlot : alignDown(shape.memMap.pfnSlot, perLeaf) + ((backing % (2 * MiB)) / PAGE_SIZE);
  const pfn = memMapPage * (PAGE_SIZE / 64);
  mappings.push({ what: `mem_map (the struct pages of pfn ${hexPfn(pfn)} on)`, va: vmemmapVa(levels, pfn), paddr: backing, leaf: shape.vmemmapLeaf });
  if (shape.nodeData !== undefined) {
    const pa = ordinaryPage(layout, shape.nodeData.slot);
    mappings.push({ what: 'node_data[0] (struct pglist_data)', va: directMapVa(levels, pa), paddr: pa, leaf: shape.directMapLeaf });
  }
  if (shape.utsname !== undefined) {
    const pa = image.start + (shape.utsname.page % (KERNEL_TABLES_OFFSET / PAGE_SIZE)) * PAGE_SIZE;
    mappings.push({ what: 'init_uts_ns (SYMBOL(init_uts_ns))', va: kernelTextVa(physBase(layout), pa), paddr: pa, leaf: 'pmd' });
  }
  if (shape.stack !== undefined) {
    const pa = ordinaryPage(layout, shape.stack.slot);
    mappings.push({ what: 'a task\'s kernel stack (CONFIG_VMAP_STACK)', va: vmallocVa(levels, shape.stack.vpage), paddr: pa, leaf: 'pte' });
  }
  return buildPageTables(levels, image.start + KERNEL_TABLES_OFFSET, mappings);
}

const hexPfn = (pfn: number): string => `0x${pfn.toString(16)}`;

/** A first kernel's usual mappings: 4-level paging, 1 GiB direct map, 2 MiB vmemmap, every lookup. */
export const STANDARD_MAPPINGS: KernelMappingsShape = {
  levels: 4,
  directMapLeaf: 'pud',
  vmemmapLeaf: 'pmd',
  memMap: { pfnSlot: 0x12345, slot: 20_000 },
  nodeData: { slot: 40_000 },
  utsname: { page: 0x200 },
  stack: { vpage: 0x3000, slot: 60_000 },
};
