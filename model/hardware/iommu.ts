/**
 * The AMD IOMMU's Device Table Base Address register and the IOMMU's own reads of the table.
 *
 * Models: the register holds the address the kernel programmed (`iommu_virt_to_phys()`, which is
 * `__sme_set(__pa(x))`, so it carries the C-bit when the programming kernel had SME active), and
 * the IOMMU fetches device-table entries through that address, C-bit included. The register
 * survives kexec; translation stays on until a kernel turns it off.
 * Leaves out: the command buffer, event log and IOMMU page tables (same rule, not yet read by any
 * property), the register's size field, and more than one IOMMU.
 */
import { type Dram, dramRead, type ReadPiece } from './dram.ts';

export interface Iommu {
  /** Translation enabled by the first kernel (`iommu_enable`), left on across kexec. */
  readonly translation: boolean;
  /** MMIO offset 0x0000, Device Table Base Address, as last programmed; null if never. */
  readonly devTableBase: number | null;
}

export const iommuOff: Iommu = { translation: false, devTableBase: null };

export const programDevTableBase = (iommu: Iommu, value: number): Iommu => ({ translation: iommu.translation, devTableBase: value });

export const enableTranslation = (iommu: Iommu): Iommu => ({ translation: true, devTableBase: iommu.devTableBase });

/** What the IOMMU reads as its device table: through the register's address, C-bit and all. */
export function iommuDeviceTableView(dram: Dram, iommu: Iommu, length: number): ReadPiece[] {
  return iommu.devTableBase === null ? [] : dramRead(dram, iommu.devTableBase, length);
}
