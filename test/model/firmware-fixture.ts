/**
 * Firmware for hand-written test layouts, all below 1 MiB (where no test layout has RAM from
 * 0xa0000 on): ACPI Tables at 0xE0000 with the XSDT and the IVRS, and the rest of the legacy BIOS
 * area "Reserved", with the SMBIOS entry point, the RSDP and the DMI table.
 */
import type { Firmware } from '../../model/firmware.ts';
import { NO_EVICTIONS } from '../../model/environment.ts';
import { type EnvironmentJson, environmentToJson, layoutFromJson, pageTablesToJson } from '../../model/environment-json.ts';
import { hex } from '../../model/hardware/address.ts';
import { KERNEL_IMAGE_BYTES, kernelMappings, STANDARD_MAPPINGS } from '../../model/kernel-mappings.ts';
import { PACKED_SETUP_DATA } from '../../model/setup-data.ts';

const page = (start: number) => ({ start, end: start + 0x1000 });

export const TEST_FIRMWARE: Firmware = {
  efi: false,
  ranges: [
    { type: 'acpi', range: { start: 0xe0000, end: 0xf0000 } },
    { type: 'reserved', range: { start: 0xf0000, end: 0x100000 } },
  ],
  tables: [
    { name: 'SMBIOS entry point', range: page(0xf0000) },
    { name: 'DMI table', range: page(0xf3000) },
    { name: 'RSDP', range: page(0xf1000) },
    { name: 'XSDT', range: page(0xe1000) },
    { name: 'IVRS', range: page(0xe2000) },
  ],
};

/** No firmware range at all: no ACPI, so no IOMMU can be found. */
export const NO_FIRMWARE: Firmware = { efi: false, ranges: [], tables: [] };

const asJson = (firmware: Firmware) => environmentToJson({
  platform: 'sme-host',
  cpu: { name: '', smeSupported: false, cbit: 47, physAddrReduction: 0, physAddrBits: 48, smeCoherent: false, cpus: 1 },
  firmwareSme: false, firstKernelMemEncrypt: false, kdumpKernelMemEncrypt: false, iommuTranslation: false,
  layout: { ram: [], crashkernel: page(0), iommuDevTable: page(0), swiotlb: page(0), decryptedPages: [], crashNotes: page(0), vmcoreinfo: page(0), kernelImage: page(0), firmware },
  setupData: PACKED_SETUP_DATA, pageTables: { levels: 4, top: 0, tables: [], lookups: [] }, caches: NO_EVICTIONS, events: [],
});

export const TEST_FIRMWARE_JSON = asJson(TEST_FIRMWARE).layout.firmware;
export const PACKED_SETUP_DATA_JSON = asJson(TEST_FIRMWARE).setupData;

/**
 * UEFI firmware above a layout's RAM: one ACPI Tables range at `base` holding every table, found
 * through the EFI configuration table rather than by scanning the BIOS area.
 */
export function efiFirmwareAt(base: number): Firmware {
  return {
    efi: true,
    ranges: [{ type: 'acpi', range: { start: base, end: base + 0x10000 } }],
    tables: TEST_FIRMWARE.tables.map((t, i) => ({ name: t.name, range: page(base + i * 0x1000) })),
  };
}

/** A firmware description as a layout file spells it. */
export const firmwareJson = (firmware: Firmware) => asJson(firmware).layout.firmware;

/**
 * An environment file's JSON with a first kernel added: its image at `imageStart` (32 MiB) and
 * the usual page tables on the dump tool's paths (model/kernel-mappings.ts).
 */
export function withFirstKernel<T extends { layout: Omit<EnvironmentJson['layout'], 'kernelImage'> }>(json: T, imageStart: number): T & { layout: EnvironmentJson['layout']; pageTables: EnvironmentJson['pageTables'] } {
  const layout = { ...json.layout, kernelImage: { start: hex(imageStart), end: hex(imageStart + KERNEL_IMAGE_BYTES) } };
  return { ...json, layout, pageTables: pageTablesToJson(kernelMappings(layoutFromJson(layout), STANDARD_MAPPINGS)) };
}
