/**
 * The kdump kernel reads its boot data and the firmware's tables (`setup_arch()`, 4.19 order):
 * its e820 from boot_params, the setup_data chain, the SMBIOS/DMI tables and the ACPI tables that
 * lead to the AMD IOMMU's IVRS.
 *
 * Models (Linux 4.19-rc5 + SME kdump series v7; the setup_data consumers of 6.x):
 * - `e820__memory_setup()`: the memory map the loader wrote into boot_params, read through the
 *   decrypted boot-data mapping (`sme_map_bootdata()`);
 * - `parse_setup_data()` (arch/x86/kernel/setup.c): each header through `early_memremap(pa_data,
 *   16)`, then each payload by its own consumer at its own offset and length: SETUP_RNG_SEED
 *   from the header (`early_memremap(pa_data, data_len)`), SETUP_IMA's `struct ima_setup_data`
 *   at the payload (`add_early_ima_buffer()`), SETUP_EFI's `struct efi_setup_data` at the payload
 *   (`parse_efi_setup()` records it, `efi_reuse_config()` / `efi_systab_init()` map it);
 * - `dmi_scan_machine()` (drivers/firmware/dmi_scan.c): on EFI the SMBIOS entry point the EFI
 *   configuration tables name, else a scan of 0xF0000-0xFFFFF; then the DMI table
 *   (`dmi_walk_early()`);
 * - `acpi_boot_table_init()` -> `acpi_table_init()`: the RSDP (EFI: `efi.acpi20`; BIOS:
 *   `acpi_find_root_pointer()` maps 0xE0000-0xFFFFF), the XSDT (`acpi_tb_parse_root_table()`), and
 *   each table's header as it is installed (`acpi_tb_install_standard_table()`), the IVRS among
 *   them. A table that reads as garbage fails its signature and checksum: it is not installed,
 *   and `amd_iommu_detect()` -> `detect_ivrs()` later gets AE_NOT_FOUND: no AMD IOMMU.
 * Every mapping's attribute comes from early-memremap.ts. A garbage read does not stop the boot;
 * what depends on it (the EFI configuration tables, the DMI table, ACPI, the IOMMU) is lost.
 * Leaves out: the EFI configuration table array itself (SETUP_EFI's payload stands for it), the
 * late `ioremap()` mappings of ACPI (decrypted on an SME host, so never wrong), and tables no
 * property reads.
 */
import { lastOf } from '../memo.ts';
import { type AddrRange, hex, PAGE_SIZE, pageDown, showRange } from '../hardware/address.ts';
import { dramRead } from '../hardware/dram.ts';
import { data, type Value } from '../hardware/values.ts';
import { BIOS_AREA, DMI_SCAN_AREA, type Firmware, FIRMWARE_GEN, type FirmwareTable, IOMEM_NAMES, rangeHolding, type TableName, tableOf } from '../firmware.ts';
import { SETUP_HEADER_BYTES, type SetupDataEntry } from '../setup-data.ts';
import { type KdumpContext, type Kernel, mapped, observe, step, withContext } from './context.ts';
import { earlyMemremap, type MappingChoice } from './early-memremap.ts';
import { judgeAgainstWritten, allOk } from './judge.ts';
import { type Kimage, loaded, segment } from './kimage.ts';

const STAGE = 'boot-data';

/** What the kdump kernel learnt from its boot data, for what runs later. */
export interface KdumpBootFacts {
  /** The EFI configuration tables (through SETUP_EFI) were read as written. */
  readonly efiTables: boolean;
  /** The IVRS was installed: `detect_ivrs()` will find it. */
  readonly ivrs: boolean;
}

function image(c: KdumpContext): Kimage {
  if (c.kimage === null) throw new Error('the kdump kernel booted without a crash image');
  return c.kimage;
}

function kdumpKernel(c: KdumpContext): Kernel {
  if (c.kdump === null) throw new Error('the kdump kernel reads boot data before sme_enable');
  return c.kdump;
}

/** The pages holding bytes [start, start + length). */
const pagesOf = (start: number, length: number): AddrRange => {
  const from = pageDown(start);
  return { start: from, end: pageDown(start + length - 1) + PAGE_SIZE };
};

const attribute = (m: MappingChoice): string => `${m.encrypted ? 'encrypted' : 'decrypted'} (${m.why})`;

/** A mapping of `length` bytes at `phys` that the kdump kernel makes, and the read of `read` through it: true when it read what was written. */
function mapAndRead(c: KdumpContext, site: string, what: string, phys: number, length: number, read: AddrRange, expected: Value): { next: KdumpContext; ok: boolean } {
  const k = image(c);
  const kdump = kdumpKernel(c);
  const m = earlyMemremap(kdump, k.boot.memmap, k.boot.setupData, c.design, phys, length);
  let next = step(c, STAGE, site, () => `early_memremap(${hex(phys)}, ${length}) for the ${what}: ${attribute(m)}`);
  const obs = judgeAgainstWritten(next, { kind: 'bootdata-read', site, what }, dramRead(next.dram, mapped(kdump, read.start, m.encrypted), read.end - read.start), expected);
  next = observe(next, obs);
  return { next, ok: allOk(obs) };
}

/**
 * `e820__memory_setup()`: the memory map from boot_params, mapped decrypted by `sme_map_bootdata()`
 * when SME is active (and read before SME is up when it is not); in an SEV guest `sme_map_bootdata()`
 * does nothing ("If SME is not active, the bootdata is in the correct state") and the kernel's own
 * mappings, private, read it.
 */
export function e820MemorySetup(c: KdumpContext): KdumpContext {
  const k = image(c);
  const kdump = kdumpKernel(c);
  const zeroPage = { start: segment(k, 'boot_params').start, end: segment(k, 'boot_params').start + PAGE_SIZE };
  const next = step(c, STAGE, 'e820__memory_setup', () => `the kdump kernel's e820 from boot_params: ${k.boot.memmap.length} entries`);
  const what = `e820 table in boot_params (${k.boot.memmap.length} entries)`;
  const obs = judgeAgainstWritten(next, { kind: 'bootdata-read', site: 'e820__memory_setup', what }, dramRead(next.dram, mapped(kdump, zeroPage.start, kdump.sevActive), PAGE_SIZE), loaded(k, 'boot_params', segment(k, 'boot_params')));
  return observe(next, obs);
}

/** The payload read each type's consumer makes: where it maps, and how many bytes. */
function consumerRead(e: SetupDataEntry): { site: string; phys: number; length: number; what: string } {
  const payload = e.address + SETUP_HEADER_BYTES;
  switch (e.type) {
    case 'SETUP_RNG_SEED': return { site: 'parse_setup_data', phys: e.address, length: SETUP_HEADER_BYTES + e.len, what: 'SETUP_RNG_SEED entry (header and seed)' };
    case 'SETUP_IMA': return { site: 'add_early_ima_buffer', phys: payload, length: e.len, what: 'SETUP_IMA payload (struct ima_setup_data)' };
    case 'SETUP_EFI': return { site: 'efi_reuse_config', phys: payload, length: e.len, what: 'SETUP_EFI payload (struct efi_setup_data)' };
  }
}

/** `parse_setup_data()` and each entry's consumer. */
export function parseSetupData(c: KdumpContext): KdumpContext {
  const k = image(c);
  const expected = loaded(k, 'boot_params', segment(k, 'boot_params'));
  let next = c;
  let efiTables = false;
  for (const e of k.boot.setupData) {
    const header = mapAndRead(next, 'parse_setup_data', `${e.type} header`, e.address, SETUP_HEADER_BYTES, pagesOf(e.address, SETUP_HEADER_BYTES), expected);
    next = header.next;
    if (!header.ok) {
      next = step(next, STAGE, 'parse_setup_data', `the ${e.type} header is garbage: its next pointer and type are lost, the chain ends here`);
      break;
    }
    const r = consumerRead(e);
    const payload = mapAndRead(next, r.site, r.what, r.phys, r.length, pagesOf(r.phys, r.length), expected);
    next = payload.next;
    if (e.type === 'SETUP_EFI') efiTables = payload.ok;
  }
  return withContext(next, { kdumpBoot: { efiTables, ivrs: false } });
}

const facts = (c: KdumpContext): KdumpBootFacts => c.kdumpBoot ?? { efiTables: false, ivrs: false };

/** The firmware's token for a table: what a reader should find there. */
const written = (t: FirmwareTable) => data(t.name, FIRMWARE_GEN, t.range.start);

/** Where each table is, in words: `IVRS (in "ACPI Tables" [0x...])`; worked out once per firmware. */
const tableWords = lastOf((firmware: Firmware): Map<FirmwareTable, string> => new Map(firmware.tables.map((t) => {
  const home = rangeHolding(firmware, t.range);
  return [t, home === undefined ? t.name : `${t.name} (in "${IOMEM_NAMES[home.type]}" ${showRange(home.range)})`];
})));

const tableWhat = (c: KdumpContext, t: FirmwareTable): string => tableWords(c.env.layout.firmware).get(t) ?? t.name;

/** A table found through the EFI configuration tables or a scan of a legacy window: where the kernel maps to find it. */
function locate(c: KdumpContext, name: TableName, window: AddrRange, bytes: number): { table: FirmwareTable; phys: number; length: number } | string {
  const firmware = c.env.layout.firmware;
  const table = tableOf(firmware, name);
  if (firmware.efi) {
    if (!facts(c).efiTables) return `no EFI configuration tables: the ${name} is not found`;
    if (table === undefined) return `the EFI configuration tables name no ${name}`;
    return { table, phys: table.range.start, length: bytes };
  }
  if (table === undefined || table.range.start < window.start || table.range.end > window.end) return `no ${name} in ${showRange(window)}`;
  return { table, phys: window.start, length: window.end - window.start };
}

/** One table read in a row of them (entry point, then what it points to); false stops the row. */
function readTable(c: KdumpContext, site: string, t: FirmwareTable, phys: number, length: number): { next: KdumpContext; ok: boolean } {
  return mapAndRead(c, site, tableWhat(c, t), phys, length, t.range, written(t));
}

/** `dmi_scan_machine()` -> `dmi_walk_early()`: the SMBIOS entry point, then the DMI table it points to. */
export function dmiScanMachine(c: KdumpContext): KdumpContext {
  const found = locate(c, 'SMBIOS entry point', DMI_SCAN_AREA, 32);
  if (typeof found === 'string') return step(c, STAGE, 'dmi_scan_machine', `${found}: "DMI not present or invalid"`);
  const entry = readTable(c, 'dmi_scan_machine', found.table, found.phys, found.length);
  const dmi = tableOf(c.env.layout.firmware, 'DMI table');
  if (!entry.ok || dmi === undefined) return step(entry.next, STAGE, 'dmi_scan_machine', '"DMI not present or invalid": no DMI table');
  const table = readTable(entry.next, 'dmi_walk_early', dmi, dmi.range.start, dmi.range.end - dmi.range.start);
  return table.ok ? table.next : step(table.next, STAGE, 'dmi_walk_early', 'the DMI table is garbage: no DMI data (dmi_available = 0)');
}

/** `acpi_table_init()`: the RSDP, the XSDT, then each table's header as it is installed; the IVRS decides the IOMMU. */
export function acpiTableInit(c: KdumpContext): KdumpContext {
  const firmware = c.env.layout.firmware;
  const found = locate(c, 'RSDP', BIOS_AREA, 36);
  const site = firmware.efi ? 'acpi_os_get_root_pointer' : 'acpi_find_root_pointer';
  if (typeof found === 'string') return step(c, STAGE, site, `${found}: "ACPI: Unable to locate RSDP", ACPI is off`);
  const rsdp = readTable(c, site, found.table, found.phys, found.length);
  if (!rsdp.ok) return step(rsdp.next, STAGE, site, 'the RSDP is garbage (bad signature and checksum): ACPI is off');
  const xsdt = tableOf(firmware, 'XSDT');
  if (xsdt === undefined) return step(rsdp.next, STAGE, 'acpi_tb_parse_root_table', 'the RSDP names no XSDT: no ACPI tables');
  const root = readTable(rsdp.next, 'acpi_tb_parse_root_table', xsdt, xsdt.range.start, 36);
  if (!root.ok) return step(root.next, STAGE, 'acpi_tb_parse_root_table', 'the XSDT is garbage: no ACPI table is installed');
  const ivrs = tableOf(firmware, 'IVRS');
  if (ivrs === undefined) return root.next;
  const header = readTable(root.next, 'acpi_tb_install_standard_table', ivrs, ivrs.range.start, 36);
  if (!header.ok) return step(header.next, STAGE, 'acpi_tb_install_standard_table', 'the IVRS header is garbage (bad signature and checksum): the table is not installed');
  return withContext(header.next, { kdumpBoot: { efiTables: facts(c).efiTables, ivrs: true } });
}
