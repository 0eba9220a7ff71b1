/**
 * Firmware memory: the e820 ranges firmware keeps for itself beside System RAM, and the tables
 * in them that a kernel reads (ACPI's RSDP, XSDT and the AMD IOMMU's IVRS; the SMBIOS entry point
 * and the DMI table).
 *
 * Models: each range has an e820 type (RESERVED, ACPI, NVS, UNUSABLE, PMEM) and the name the
 * first kernel gives it in /proc/iomem (`e820_type_to_string()`, arch/x86/kernel/e820.c, 4.19:
 * RESERVED is "Reserved", with a capital R). Firmware wrote every range before any kernel ran,
 * so on an SME host they sit in DRAM as plaintext. Whether the machine booted through UEFI
 * decides where the RSDP and the SMBIOS entry point are found (the EFI configuration tables, or a
 * scan of the legacy BIOS area below 1 MiB).
 * Leaves out: bytes inside a table (a table is a run of pages holding one token), checksums as
 * arithmetic (a table is valid iff it reads back as written), the EFI memory map and its
 * memory types, E820_TYPE_PRAM, and the tables no property reads (FADT, MADT, ...).
 */
import { type AddrRange, contains, overlaps, pageAligned, showRange } from './hardware/address.ts';
import { lastOf } from './memo.ts';

/** The e820 types of firmware-owned memory (RAM is `Layout.ram`). */
export const FIRMWARE_TYPES = ['reserved', 'acpi', 'nvs', 'unusable', 'pmem'] as const;
export type FirmwareType = (typeof FIRMWARE_TYPES)[number];
/** Every e820 type a memory map here can hold. */
export type E820Type = 'ram' | FirmwareType;

/** `e820_type_to_string()` (arch/x86/kernel/e820.c, 4.19): the name /proc/iomem gives each type. */
export const IOMEM_NAMES: Readonly<Record<E820Type, string>> = {
  ram: 'System RAM',
  reserved: 'Reserved',
  acpi: 'ACPI Tables',
  nvs: 'ACPI Non-volatile Storage',
  unusable: 'Unusable memory',
  pmem: 'Persistent Memory',
};

/** How the kernel prints an e820 type in its boot log (`e820_print_type()`, arch/x86/kernel/e820.c). */
export const E820_LOG_NAMES: Readonly<Record<E820Type, string>> = {
  ram: 'usable',
  reserved: 'reserved',
  acpi: 'ACPI data',
  nvs: 'ACPI NVS',
  unusable: 'unusable',
  pmem: 'persistent (type 7)',
};

export interface FirmwareRange {
  readonly type: FirmwareType;
  readonly range: AddrRange;
}

/** The tables the kdump kernel reads from firmware memory, in the order it reads them. */
export const TABLE_NAMES = ['SMBIOS entry point', 'DMI table', 'RSDP', 'XSDT', 'IVRS'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export interface FirmwareTable {
  readonly name: TableName;
  readonly range: AddrRange;
}

export interface Firmware {
  /** Booted through UEFI (`efi_enabled(EFI_BOOT)`); otherwise a legacy BIOS. */
  readonly efi: boolean;
  /** Firmware-owned e820 ranges, in the holes between RAM ranges. */
  readonly ranges: readonly FirmwareRange[];
  /** Where firmware put each table it wrote. */
  readonly tables: readonly FirmwareTable[];
}

/** The write generation of everything firmware wrote: before the first kernel's first write. */
export const FIRMWARE_GEN = 0;

/** The legacy BIOS area (0xE0000-0xFFFFF) that a BIOS machine's RSDP scan and SMBIOS scan map (`acpi_find_root_pointer()`, `dmi_scan_machine()`). */
export const BIOS_AREA: AddrRange = { start: 0xe0000, end: 0x100000 };
/** `dmi_scan_machine()` (drivers/firmware/dmi_scan.c): `dmi_early_remap(0xF0000, 0x10000)` on a BIOS machine. */
export const DMI_SCAN_AREA: AddrRange = { start: 0xf0000, end: 0x100000 };

export const tableOf = (firmware: Firmware, name: TableName): FirmwareTable | undefined => firmware.tables.find((t) => t.name === name);

/** The firmware range a table lies in (validation makes sure there is one). */
export const rangeHolding = (firmware: Firmware, r: AddrRange): FirmwareRange | undefined => firmware.ranges.find((f) => contains(f.range, r));

/** `"Reserved" [0xe0000-0xfffff]`: a firmware range as /proc/iomem names it. */
export const showFirmwareRange = (f: FirmwareRange): string => `"${IOMEM_NAMES[f.type]}" ${showRange(f.range)}`;

/**
 * All memory DRAM backs, sorted: System RAM and the firmware ranges. Reads and writes outside it
 * find no RAM.
 */
export const backedMemory = lastOf((layout: { readonly ram: readonly AddrRange[]; readonly firmware: Firmware }): AddrRange[] =>
  [...layout.ram, ...layout.firmware.ranges.map((f) => f.range)].sort((a, b) => a.start - b.start));

/** The firmware's ranges alone, as address ranges. */
export const firmwareRanges = lastOf((firmware: Firmware): AddrRange[] => firmware.ranges.map((f) => f.range));

/** Why a firmware description cannot exist beside these RAM ranges, or null. */
export function firmwareProblem(firmware: Firmware, ram: readonly AddrRange[], limit: number): string | null {
  for (const [i, f] of firmware.ranges.entries()) {
    const at = `layout.firmware.ranges[${i}]`;
    if (!pageAligned(f.range.start) || !pageAligned(f.range.end) || f.range.end <= f.range.start) return `${at} ${showRange(f.range)} is not a page-aligned, non-empty range`;
    if (f.range.end > limit) return `${at} ends above the CPU's physical address space`;
    const r = ram.findIndex((x) => overlaps(x, f.range));
    if (r >= 0) return `${at} ${showFirmwareRange(f)} overlaps layout.ram[${r}]: firmware ranges lie in the holes between RAM ranges`;
    const j = firmware.ranges.findIndex((g, k) => k > i && overlaps(g.range, f.range));
    if (j >= 0) return `${at} and layout.firmware.ranges[${j}] overlap`;
  }
  for (const [i, t] of firmware.tables.entries()) {
    const at = `layout.firmware.tables[${i}] (${t.name})`;
    if (!pageAligned(t.range.start) || !pageAligned(t.range.end) || t.range.end <= t.range.start) return `${at} ${showRange(t.range)} is not a page-aligned, non-empty range`;
    if (rangeHolding(firmware, t.range) === undefined) return `${at} ${showRange(t.range)} is not inside one firmware range`;
    const j = firmware.tables.findIndex((u, k) => k > i && (u.name === t.name || overlaps(u.range, t.range)));
    if (j >= 0) return firmware.tables[j]!.name === t.name ? `layout.firmware.tables lists the ${t.name} twice` : `${at} and layout.firmware.tables[${j}] overlap`;
  }
  return null;
}

/** Why firmware cannot have given the first kernel an AMD IOMMU (`amd_iommu_detect()` finds the IVRS through the RSDP and the XSDT), or null. */
export function iommuFirmwareProblem(firmware: Firmware): string | null {
  const missing = (['RSDP', 'XSDT', 'IVRS'] as const).filter((n) => tableOf(firmware, n) === undefined);
  return missing.length === 0 ? null : `iommuTranslation is on, but the firmware has no ${missing.join(', ')} table: the first kernel's AMD IOMMU driver could not have found an IOMMU`;
}
