/**
 * setup_data: the chain of entries a loader hangs off boot_params (`boot_params.hdr.setup_data`),
 * each a 16-byte header `struct setup_data { u64 next; u32 type; u32 len; u8 data[]; }` followed
 * by `len` bytes of payload (arch/x86/include/uapi/asm/bootparam.h).
 *
 * Models: the three types a kdump loader passes (SETUP_EFI, SETUP_RNG_SEED, SETUP_IMA) with their
 * payload lengths, and where the loader puts each entry: in the boot_params segment, after the
 * zero page and the command line. Where each entry goes is generated (an environment choice);
 * which types are passed is the loader's (kexec.ts). Addresses are bytes here, because whether
 * the kdump kernel maps an entry decrypted depends on exactly which address it maps; contents
 * stay page tokens.
 * Leaves out: SETUP_E820_EXT, SETUP_DTB, SETUP_PCI and the other types no kdump loader passes.
 */
import { PAGE_SIZE } from './hardware/address.ts';

export const SETUP_DATA_TYPES = ['SETUP_EFI', 'SETUP_RNG_SEED', 'SETUP_IMA'] as const;
export type SetupDataType = (typeof SETUP_DATA_TYPES)[number];

/** `sizeof(struct setup_data)`: next, type, len. */
export const SETUP_HEADER_BYTES = 16;

/**
 * The payload each type carries:
 * - SETUP_EFI: `struct efi_setup_data { u64 fw_vendor, runtime, tables, smbios, reserved[8]; }`
 *   (kexec-tools `setup_efi_data()`, kernel `setup_efi_state()`): 96 bytes;
 * - SETUP_RNG_SEED: `RNG_SEED_LENGTH` bytes of seed (kernel `setup_rng_seed()`, kexec-bzimage64.c): 32;
 * - SETUP_IMA: `struct ima_setup_data { u64 addr, size; }` (kernel `setup_ima_state()`): 16.
 */
export const SETUP_PAYLOAD_BYTES: Readonly<Record<SetupDataType, number>> = {
  SETUP_EFI: 96,
  SETUP_RNG_SEED: 32,
  SETUP_IMA: 16,
};

/** The boot_params segment: the zero page, the command line, then the setup_data area. */
export const BOOT_PARAMS_PAGES = 4;
/** Where the setup_data area starts in the boot_params segment, and how long it is. */
export const SETUP_AREA_OFFSET = 2 * PAGE_SIZE;
export const SETUP_AREA_BYTES = (BOOT_PARAMS_PAGES - 2) * PAGE_SIZE;

/** Where the loader puts an entry of `type`, if it passes one: a byte offset into the setup_data area. */
export interface SetupDataSlot {
  readonly type: SetupDataType;
  readonly offset: number;
}

/** An entry as the loader wrote it: its header's physical address and its payload length. */
export interface SetupDataEntry {
  readonly type: SetupDataType;
  readonly address: number;
  readonly len: number;
}

export const entryBytes = (type: SetupDataType): number => SETUP_HEADER_BYTES + SETUP_PAYLOAD_BYTES[type];

/** Every type's entry, one after another from the start of the area, in type order. */
export const PACKED_SETUP_DATA: readonly SetupDataSlot[] = SETUP_DATA_TYPES.map((type, i) => ({
  type,
  offset: SETUP_DATA_TYPES.slice(0, i).reduce((n, t) => n + entryBytes(t), 0),
}));

/** Why these slots cannot be a loader's chain, or null. */
export function setupDataProblem(slots: readonly SetupDataSlot[]): string | null {
  const missing = SETUP_DATA_TYPES.filter((t) => !slots.some((s) => s.type === t));
  if (missing.length > 0 && slots.length + missing.length === SETUP_DATA_TYPES.length) {
    return `setupData places no ${missing.join(', ')}: give every type a place (${SETUP_DATA_TYPES.join(', ')}), whether or not the loader passes it`;
  }
  for (const [i, s] of slots.entries()) {
    const at = `setupData[${i}] (${s.type} at offset 0x${s.offset.toString(16)})`;
    if (s.offset % 8 !== 0) return `${at} is not 8-byte aligned`;
    if (s.offset + entryBytes(s.type) > SETUP_AREA_BYTES) {
      return `${at} runs past the end of the boot_params segment: its ${entryBytes(s.type)} bytes end at 0x${(s.offset + entryBytes(s.type)).toString(16)}, the setup_data area holds 0x${SETUP_AREA_BYTES.toString(16)}`;
    }
    for (const [j, t] of slots.entries()) {
      if (j >= i) break;
      if (t.type === s.type) return `setupData lists ${s.type} twice: the chain would loop back to it`;
      if (s.offset < t.offset + entryBytes(t.type) && t.offset < s.offset + entryBytes(s.type)) {
        return `${at} overlaps setupData[${j}] (${t.type}): one entry's header would overwrite the other's, and the chain would loop or break`;
      }
    }
  }
  return null;
}
