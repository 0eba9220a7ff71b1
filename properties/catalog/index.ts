/** The catalog: every property, in the order a kdump run reaches them. */
import type { Property } from '../property.ts';
import { CACHE_NO_STALE_WRITEBACK } from './caches.ts';
import { DUMPTOOL_VTOP } from './dump-tool.ts';
import { IOMMU_DEVTABLE } from './iommu.ts';
import { KDUMP_BOOT, KDUMP_BOOTDATA } from './kdump-boot.ts';
import { KEXEC_CONTROL, KEXEC_SEGMENTS } from './kexec.ts';
import { SEV_NO_SHARED_LEAK } from './sev.ts';
import { VMCORE_DECRYPTED_PAGES, VMCORE_ELFHDR, VMCORE_MMAP, VMCORE_NOTES, VMCORE_OLDMEM } from './vmcore.ts';

export const CATALOG: readonly Property[] = [
  KEXEC_CONTROL,
  KEXEC_SEGMENTS,
  KDUMP_BOOT,
  KDUMP_BOOTDATA,
  IOMMU_DEVTABLE,
  VMCORE_ELFHDR,
  VMCORE_NOTES,
  VMCORE_OLDMEM,
  VMCORE_MMAP,
  VMCORE_DECRYPTED_PAGES,
  DUMPTOOL_VTOP,
  CACHE_NO_STALE_WRITEBACK,
  SEV_NO_SHARED_LEAK,
];

export function propertyById(id: string): Property | undefined {
  return CATALOG.find((p) => p.id === id);
}
