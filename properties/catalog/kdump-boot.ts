/** Properties of the kdump kernel's early boot. */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const KDUMP_BOOT: Property = {
  id: 'KDUMP-BOOT',
  claim: "The kdump kernel's early boot reads its image, initrd and boot parameters as loaded, and, with its SME active, its in-place encryption leaves an image that reads correctly through its encrypted mappings.",
  sites: ['startup_64', 'sme_enable', 'sme_encrypt_kernel', 'early_memremap_pgprot_adjust'],
  expectation: HOLDS,
  judge: judgeReads(['kdump-boot-read']),
};
