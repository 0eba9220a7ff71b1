/** Properties of /proc/vmcore: its ELF header, its notes, and old memory through read() and mmap(). */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const VMCORE_ELFHDR: Property = {
  id: 'VMCORE-ELFHDR',
  claim: 'The ELF core header the kdump kernel reads equals the one kexec loaded.',
  sites: ['elfcorehdr_read', 'parse_crash_elf_headers'],
  expectation: HOLDS,
  judge: judgeReads(['elfcorehdr-read']),
};

export const VMCORE_NOTES: Property = {
  id: 'VMCORE-NOTES',
  claim: 'The crash notes and vmcoreinfo the kdump kernel reads equal what the first kernel saved at panic.',
  sites: ['crash_save_cpu', 'crash_save_vmcoreinfo', 'elfcorehdr_read_notes'],
  expectation: HOLDS,
  judge: judgeReads(['notes-read']),
};

export const VMCORE_OLDMEM: Property = {
  id: 'VMCORE-OLDMEM',
  claim: 'Every old page that the first kernel used through its ordinary direct map reads back through read() of /proc/vmcore as the first kernel last saw it.',
  sites: ['__read_vmcore', 'read_from_oldmem', 'copy_oldmem_page', 'copy_oldmem_page_encrypted'],
  expectation: HOLDS,
  judge: judgeReads(['vmcore-read'], (o) => o.usage === 'direct-map'),
};

export const VMCORE_MMAP: Property = {
  id: 'VMCORE-MMAP',
  claim: 'Every old page that the first kernel used through its ordinary direct map reads back through mmap() of /proc/vmcore as the first kernel last saw it.',
  sites: ['mmap_vmcore', 'remap_oldmem_pfn_range'],
  expectation: HOLDS,
  judge: judgeReads(['vmcore-mmap'], (o) => o.usage === 'direct-map'),
};

export const VMCORE_DECRYPTED_PAGES: Property = {
  id: 'VMCORE-DECRYPTED-PAGES',
  claim: 'Old pages the first kernel kept decrypted (SWIOTLB buffers, other set_memory_decrypted pages) read back through /proc/vmcore (read() and mmap()) as the first kernel saw them.',
  sites: ['set_memory_decrypted', 'swiotlb_update_mem_attributes', '__read_vmcore', 'remap_oldmem_pfn_range'],
  expectation: {
    kind: 'known-limitation',
    reason: 'the series picks one attribute per reader, not per page: with SME active, decrypted old pages are read through the C-bit and come back as garbage',
  },
  judge: judgeReads(['vmcore-read', 'vmcore-mmap'], (o) => o.usage === 'decrypted'),
};
