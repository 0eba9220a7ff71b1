/**
 * What the loader hands the kdump kernel besides its segments: the memory map in boot_params and
 * the setup_data chain.
 *
 * Models two loaders, chosen by the design's `kexec.syscall`:
 * - kexec-tools with `kexec_load` (2.0.17 and its fix 1ac3e4a): `get_crash_memory_ranges()`
 *   (kexec/arch/i386/crashdump-x86.c) reads the first kernel's /proc/iomem and matches each
 *   top-level name with `memcmp`, exactly and case-sensitively: "ACPI Tables", "ACPI Non-volatile
 *   Storage", "Persistent Memory" and "reserved" (1ac3e4a adds "Reserved"); `load_crashdump_segments()`
 *   then passes the crashkernel region as RAM and every ACPI, NVS, RESERVED and PMEM range it
 *   matched, and `add_e820_map_from_mr()` (x86-linux-setup.c) writes them into boot_params' e820.
 *   "Unusable memory" is never matched. `setup_efi_data()` passes SETUP_EFI on an EFI machine,
 *   through `add_setup_data()`, as a page-aligned buffer of its own (`add_buffer(..., getpagesize(), ...)`);
 * - the kernel with `kexec_file_load`: `crash_setup_memmap_entries()` (arch/x86/kernel/crash.c)
 *   passes the crashkernel region as RAM, ACPI tables (IORES_DESC_ACPI_TABLES) and ACPI NVS
 *   (IORES_DESC_ACPI_NV_STORAGE), and, since 980621daf368, RESERVED (IORES_DESC_RESERVED);
 *   `setup_boot_parameters()` (arch/x86/kernel/kexec-bzimage64.c) puts the setup_data entries in the
 *   params buffer after boot_params and the command line: SETUP_EFI on an EFI machine
 *   (`setup_efi_state()`), and in 6.x SETUP_RNG_SEED (`setup_rng_seed()`) and, with
 *   CONFIG_IMA_KEXEC, SETUP_IMA (`setup_ima_state()`, b69a2afd5afc).
 * Leaves out: the backup region below 640 KiB, the ranges the loader cuts out of the kdump
 * kernel's RAM for its own segments, SETUP_E820_EXT, and the EFI memory map buffer.
 */
import { type AddrRange, PAGE_SIZE } from '../hardware/address.ts';
import type { Decisions } from '../design/registry.ts';
import type { Environment } from '../environment.ts';
import { type E820Type, type FirmwareType, IOMEM_NAMES } from '../firmware.ts';
import { SETUP_AREA_OFFSET, SETUP_PAYLOAD_BYTES, type SetupDataEntry, type SetupDataType } from '../setup-data.ts';

export interface E820Entry {
  readonly type: E820Type;
  readonly range: AddrRange;
}

/** What the loader gave the kdump kernel, and what it left out (for the trace). */
export interface BootData {
  readonly memmap: readonly E820Entry[];
  /** Firmware ranges of the first kernel that are not in `memmap`, with why. */
  readonly leftOut: readonly { readonly entry: E820Entry; readonly why: string }[];
  /** The setup_data chain, first entry first. */
  readonly setupData: readonly SetupDataEntry[];
}

/**
 * `get_crash_memory_ranges()` (kexec-tools): the type a /proc/iomem name matches, or null. 2.0.17
 * matches `"reserved\n"` only; 1ac3e4a adds `"Reserved\n"` (the source adds the capitalised
 * name, not a case-blind compare).
 */
function kexecToolsMatch(name: string, reserved: Decisions['kexectools.e820Reserved']): FirmwareType | null {
  switch (name) {
    case 'ACPI Tables': return 'acpi';
    case 'ACPI Non-volatile Storage': return 'nvs';
    case 'Persistent Memory': return 'pmem';
    case 'reserved': return 'reserved';
    case 'Reserved': return reserved === 'any-case' ? 'reserved' : null;
    default: return null;
  }
}

/** `crash_setup_memmap_entries()`: the IORES_DESC_* kinds of firmware memory it walks. */
function kexecFilePasses(type: FirmwareType, reserved: Decisions['kexecfile.e820Reserved']): boolean {
  return type === 'acpi' || type === 'nvs' || (type === 'reserved' && reserved === 'passed');
}

function memoryMap(env: Environment, design: Decisions): Pick<BootData, 'memmap' | 'leftOut'> {
  const memmap: E820Entry[] = [{ type: 'ram', range: env.layout.crashkernel }];
  const leftOut: { entry: E820Entry; why: string }[] = [];
  const viaKexecTools = design['kexec.syscall'] === 'kexec_load';
  for (const f of env.layout.firmware.ranges) {
    const name = IOMEM_NAMES[f.type];
    const entry = { type: f.type, range: f.range };
    if (viaKexecTools) {
      const matched = kexecToolsMatch(name, design['kexectools.e820Reserved']);
      if (matched !== null) memmap.push({ type: matched, range: f.range });
      else leftOut.push({ entry, why: f.type === 'reserved' ? `kexec-tools matches "reserved", not "${name}"` : `kexec-tools does not match "${name}"` });
    } else if (kexecFilePasses(f.type, design['kexecfile.e820Reserved'])) memmap.push(entry);
    else leftOut.push({ entry, why: `crash_setup_memmap_entries() does not pass "${name}"` });
  }
  memmap.sort((a, b) => a.range.start - b.range.start);
  return { memmap, leftOut };
}

/** The setup_data types the loader passes, in the order the environment would chain them. */
function passedTypes(env: Environment, design: Decisions): ReadonlySet<SetupDataType> {
  const types = new Set<SetupDataType>();
  if (env.layout.firmware.efi) types.add('SETUP_EFI');
  if (design['kexec.syscall'] === 'kexec_file_load' && design['kexecfile.setupData'] === 'efi-rng-ima') {
    types.add('SETUP_RNG_SEED');
    types.add('SETUP_IMA');
  }
  return types;
}

/**
 * The setup_data chain in the boot_params segment `bootParams`. kexec_file_load puts each entry
 * where the environment says; kexec-tools gives each entry a page of its own (`add_setup_data()`),
 * which here is the next page of the setup_data area.
 */
function setupDataChain(env: Environment, design: Decisions, bootParams: AddrRange): SetupDataEntry[] {
  const types = passedTypes(env, design);
  const area = bootParams.start + SETUP_AREA_OFFSET;
  const slots = env.setupData.filter((s) => types.has(s.type));
  if (design['kexec.syscall'] === 'kexec_load') {
    return slots.map((s, i) => ({ type: s.type, address: area + i * PAGE_SIZE, len: SETUP_PAYLOAD_BYTES[s.type] }));
  }
  return slots.map((s) => ({ type: s.type, address: area + s.offset, len: SETUP_PAYLOAD_BYTES[s.type] }));
}

/** The last boot data built, and what it was built from: the syscall and the options of the loader it runs. */
let last: { env: Environment; syscall: string; options: string; at: number; boot: BootData } | undefined;

/**
 * The memory map and setup_data the loader writes for the crash image whose boot_params segment
 * is `bootParams`: a pure function of the environment, the syscall and the points of the loader
 * that syscall runs (kexec-tools' one, or kexec_file_load's two; the other loader's are not
 * consulted), so the last one built serves again while they are the same (`explore` runs one
 * environment under design after design that differ elsewhere).
 */
export function bootDataFor(env: Environment, design: Decisions, bootParams: AddrRange): BootData {
  const syscall = design['kexec.syscall'];
  const options = syscall === 'kexec_load' ? design['kexectools.e820Reserved'] : `${design['kexecfile.e820Reserved']} ${design['kexecfile.setupData']}`;
  if (last !== undefined && last.env === env && last.syscall === syscall && last.options === options && last.at === bootParams.start) return last.boot;
  const boot = { ...memoryMap(env, design), setupData: setupDataChain(env, design, bootParams) };
  last = { env, syscall, options, at: bootParams.start, boot };
  return boot;
}
