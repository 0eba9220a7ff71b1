/**
 * The two machines of the scale benchmark, built valid by construction (and checked with
 * `layoutProblem`): 1 GiB in 4 RAM ranges, and 4 TiB in 10,000 RAM ranges. Both have the same
 * CPU (EPYC 7251: C-bit 47, 5 address bits lost under SME, so usable memory ends at 8 TiB), the
 * same low range below 4 GiB holding every named region, and the same event order; only the RAM
 * above 4 GiB differs.
 */
import { KERNEL_IMAGE_BYTES, kernelMappings, STANDARD_MAPPINGS } from '../model/kernel-mappings.ts';
import { type AddrRange, FOUR_GIB, GiB, MiB, PAGE_SIZE, pageDown, range, TiB } from '../model/hardware/address.ts';
import { type Environment, type Layout, layoutProblem, NO_EVICTIONS } from '../model/environment.ts';
import type { Cpu } from '../model/hardware/machine.ts';
import { PACKED_SETUP_DATA } from '../model/setup-data.ts';
import { buildFirmware } from '../properties/arbitraries/index.ts';
import { TYPICAL_EVENTS } from '../scenarios/machines/index.ts';

export const CPU: Cpu = { name: 'AMD EPYC 7251 (Naples)', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 8 };


/** 384 MiB from 1 MiB: two decrypted pages, SWIOTLB, the IOMMU device table, a 64 MiB crashkernel, the notes, the kernel image. */
function lowRange(cpus: number): Omit<Layout, 'ram'> & { low: AddrRange } {
  const low = range(MiB, 384 * MiB);
  const decryptedPages = [range(2 * MiB, PAGE_SIZE), range(2 * MiB + 2 * PAGE_SIZE, PAGE_SIZE)];
  const swiotlb = range(4 * MiB, 64 * MiB);
  const iommuDevTable = range(70 * MiB, 2 * MiB);
  const crashkernel = range(128 * MiB, 64 * MiB);
  const crashNotes = range(256 * MiB, cpus * PAGE_SIZE);
  const vmcoreinfo = range(crashNotes.end, PAGE_SIZE);
  const kernelImage = range(320 * MiB, KERNEL_IMAGE_BYTES);
  const firmware = buildFirmware({ efi: true, dmiIn: 'reserved', firmwareRanges: [{ type: 'reserved', pages: 64, holePages: 0 }] }, low.end);
  return { low, decryptedPages, swiotlb, iommuDevTable, crashkernel, crashNotes, vmcoreinfo, kernelImage, firmware };
}

/** `count` RAM ranges in all: the low one, then `count - 1` equal ranges from 4 GiB, one page of hole between them, `total` bytes in all. */
export function scaleLayout(count: number, total: number): Layout {
  const { low, ...regions } = lowRange(CPU.cpus);
  const each = pageDown(Math.floor((total - (low.end - low.start)) / (count - 1)));
  const ram: AddrRange[] = [low];
  for (let i = 0, at = FOUR_GIB; i < count - 1; i++, at += each + PAGE_SIZE) ram.push(range(at, each));
  return { ram, ...regions };
}

export function scaleEnvironment(layout: Layout): Environment {
  const problem = layoutProblem(layout, CPU);
  if (problem !== null) throw new Error(`bench layout is not valid: ${problem}`);
  return { platform: 'sme-host', cpu: CPU, firmwareSme: true, firstKernelMemEncrypt: true, kdumpKernelMemEncrypt: true, iommuTranslation: true, layout, setupData: PACKED_SETUP_DATA, pageTables: kernelMappings(layout, STANDARD_MAPPINGS), caches: NO_EVICTIONS, events: TYPICAL_EVENTS };
}

export const SMALL = { name: '1 GiB, 4 RAM ranges', layout: () => scaleLayout(4, GiB) };
export const LARGE = { name: '4 TiB, 10,000 RAM ranges', layout: () => scaleLayout(10_000, 4 * TiB) };
