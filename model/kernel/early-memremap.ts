/**
 * How the kdump kernel maps firmware and boot data early in boot: `early_memremap()` goes through
 * `early_memremap_pgprot_adjust()` (arch/x86/mm/ioremap.c, 4.19-5.3), which, with SME active, starts
 * from encrypted and switches to decrypted for setup_data (`early_memremap_is_setup_data()`) and
 * for ranges the kdump kernel's own e820 types RESERVED, ACPI, NVS or UNUSABLE, or that intersect
 * persistent memory (`memremap_should_map_decrypted()`). A range its e820 does not cover falls to
 * the default: encrypted.
 *
 * Models: the attribute of one mapping, decided by the address and size it maps, exactly as these
 * tests decide it (`e820__get_entry_type()` asks for one run of entries covering the whole range).
 * In an SEV guest (`mem_encrypt_active()` without `sme_active()`) the setup_data test is skipped and
 * the RESERVED, ACPI, NVS and UNUSABLE types map encrypted ("For SEV, these areas are encrypted"):
 * only persistent memory maps decrypted.
 * Leaves out: `memremap_is_efi_data()` (the EFI memory map is not modelled; its systab and memmap
 * addresses are not read here) and the EFI_MEMORY_NV test.
 */
import type { Decisions } from '../design/registry.ts';
import { E820_LOG_NAMES, type E820Type } from '../firmware.ts';
import { SETUP_HEADER_BYTES, type SetupDataEntry } from '../setup-data.ts';
import { type Kernel, memEncryptActive } from './context.ts';
import type { E820Entry } from './loader.ts';

export interface MappingChoice {
  readonly encrypted: boolean;
  /** Why, in the kernel's terms: "setup_data", "e820 reserved", "not in the kdump kernel's e820". */
  readonly why: string;
}

/**
 * `early_memremap_is_setup_data()` (arch/x86/mm/ioremap.c): is `phys` the header of an entry, or
 * inside it? Before 8d9ffb2fe65a the test was `paddr < phys < paddr + len`, which forgets the
 * 16-byte header: the last 16 bytes of an entry are missed, and a payload of 16 bytes or less
 * is missed from its start.
 */
export function isSetupData(chain: readonly SetupDataEntry[], phys: number, bound: Decisions['boot.setupDataBound']): boolean {
  for (const e of chain) {
    if (phys === e.address) return true;
    const end = e.address + (bound === 'header-plus-payload' ? SETUP_HEADER_BYTES : 0) + e.len;
    if (phys > e.address && phys < end) return true;
  }
  return false;
}

/**
 * `e820__get_entry_type(start, end)` via `__e820__mapped_all()` (arch/x86/kernel/e820.c): the
 * type of the entry that completes a covering of [start, end) by entries taken in table order,
 * or null (-1) when the table does not cover it.
 */
export function e820EntryType(e820: readonly E820Entry[], start: number, end: number): E820Type | null {
  let at = start;
  for (const e of e820) {
    if (e.range.start >= end || e.range.end <= at) continue;
    if (e.range.start <= at) at = e.range.end;
    if (at >= end) return e.type;
  }
  return null;
}

const DECRYPTED_TYPES: ReadonlySet<E820Type> = new Set(['reserved', 'acpi', 'nvs', 'unusable']);

/** `early_memremap_pgprot_adjust()` for a mapping of `size` bytes at `phys` by the kdump kernel. */
export function earlyMemremap(kdump: Kernel, e820: readonly E820Entry[], chain: readonly SetupDataEntry[], design: Decisions, phys: number, size: number): MappingChoice {
  if (!memEncryptActive(kdump)) return { encrypted: false, why: 'SME not active: no C-bit' };
  // The setup_data and EFI data exemptions sit inside `if (sme_active())`: under SEV the loader wrote them private.
  if (kdump.smeActive && isSetupData(chain, phys, design['boot.setupDataBound'])) return { encrypted: false, why: 'setup_data' };
  // memremap_should_map_decrypted(): persistent memory first (region_intersects()), then the e820 type.
  if (e820.some((e) => e.type === 'pmem' && e.range.start < phys + size && phys < e.range.end)) return { encrypted: false, why: 'persistent memory' };
  // The kernel passes end = phys_addr + size - 1; [phys, phys + size) is the same bytes.
  const type = e820EntryType(e820, phys, phys + size);
  // "For SEV, these areas are encrypted": the guest's firmware wrote them private.
  if (type !== null && DECRYPTED_TYPES.has(type)) return kdump.sevActive ? { encrypted: true, why: `e820 ${E820_LOG_NAMES[type]}, encrypted under SEV` } : { encrypted: false, why: `e820 ${E820_LOG_NAMES[type]}` };
  return { encrypted: true, why: type === null ? "not in the kdump kernel's e820" : `e820 ${E820_LOG_NAMES[type]}` };
}
