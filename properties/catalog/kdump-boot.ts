/** Properties of the kdump kernel's early boot. */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const KDUMP_BOOT: Property = {
  id: 'KDUMP-BOOT',
  claim: "The kdump kernel's early boot reads its image, initrd and boot parameters as loaded, and, with its SME active, its in-place encryption leaves an image that reads correctly through its encrypted mappings.",
  sites: ['startup_64', 'sme_enable', 'sme_encrypt_kernel', 'early_memremap_pgprot_adjust'],
  expectation: HOLDS,
  judge: judgeReads(['kdump-boot-read']),
};

export const KDUMP_BOOTDATA: Property = {
  id: 'KDUMP-BOOTDATA',
  claim: 'Every firmware table, memory-map entry and setup_data payload that the kdump kernel reads early in boot equals what the firmware or the loader wrote.',
  sites: ['e820__memory_setup', 'parse_setup_data', 'add_early_ima_buffer', 'efi_reuse_config', 'dmi_scan_machine', 'acpi_table_init', 'early_memremap_pgprot_adjust'],
  expectation: HOLDS,
  judge: judgeReads(['bootdata-read']),
};
