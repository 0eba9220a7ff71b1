/**
 * The first kernel's page tables on the dump tool's paths: 4- or 5-level paging, the leaf sizes
 * of the direct map and the vmemmap, and which addresses the tool needs (a mem_map page always;
 * node_data, init_uts_ns and a vmalloc'ed stack each maybe), each backed by a page the slot
 * picks. Shrinks toward 4-level paging, 1 GiB direct-map pages, 2 MiB vmemmap pages and the
 * mem_map page alone.
 */
import fc from 'fast-check';
import type { KernelMappingsShape } from '../../model/kernel-mappings.ts';

const slot = fc.nat({ max: 1 << 24 });

export const kernelMappingsArb: fc.Arbitrary<KernelMappingsShape> = fc.record({
  levels: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(4 as const), weight: 3 }, { arbitrary: fc.constant(5 as const), weight: 1 }),
  directMapLeaf: fc.constantFrom('pud' as const, 'pmd' as const, 'pte' as const),
  vmemmapLeaf: fc.constantFrom('pmd' as const, 'pte' as const),
  memMap: fc.record({ pfnSlot: fc.nat({ max: 1 << 26 }), slot }),
  nodeData: fc.option(fc.record({ slot }), { nil: undefined }),
  utsname: fc.option(fc.record({ page: fc.nat({ max: 4095 }) }), { nil: undefined }),
  stack: fc.option(fc.record({ vpage: fc.nat({ max: 1 << 30 }), slot }), { nil: undefined }),
});
