/**
 * The kernel's decision points: each is a place where the kernel chooses how memory is mapped,
 * which attribute a reader uses, or which address bits it masks. A design picks one option
 * at each point; the machines ask the design, never assume.
 *
 * Sites follow Linux 4.19-rc5 with the SME kdump series v7 applied (merged for 4.20); the loader's
 * points follow kexec-tools 2.0.17 and the kernel's kexec_file_load, and the boot-data points the
 * kdump kernel's early mappings, each with the commit that changed it.
 */

export interface DecisionPointInfo {
  readonly options: readonly [string, ...string[]];
  /** The kernel function(s) this point stands for. */
  readonly site: string;
  /** The question the point answers, in a sentence. */
  readonly question: string;
  /** What each option means at the site. */
  readonly meaning: Readonly<Record<string, string>>;
}

export const DECISION_POINTS = {
  'kexec.crashControlPages': {
    options: ['encrypted', 'decrypted', 'decrypted-unless-sev'],
    site: 'kimage_alloc_crash_control_pages() + arch_kexec_post_alloc_pages() (kernel/kexec_core.c, arch/x86/kernel/machine_kexec_64.c)',
    question: 'How does the first kernel map the crash control pages (relocation code, identity page tables) when it writes them?',
    meaning: {
      encrypted: 'through the ordinary direct map, with the C-bit (before the series)',
      decrypted: 'set_memory_decrypted() first, so they sit in DRAM as plaintext (series patch 2/4)',
      'decrypted-unless-sev': 'as decrypted, except that arch_kexec_post_alloc_pages() returns early when sev_active(): in an SEV guest they stay private (1a79c1b8a041, 5.3)',
    },
  },
  'kexec.crashSegments': {
    options: ['encrypted', 'decrypted', 'decrypted-unless-sev'],
    site: 'kimage_load_crash_segment() (kernel/kexec_core.c)',
    question: 'How does the first kernel map each crash segment page while it copies the segment in?',
    meaning: {
      encrypted: 'kmap of the page through the encrypted direct map (before the series)',
      decrypted: 'arch_kexec_post_alloc_pages() around the copy, so the data lands as plaintext (series patch 2/4)',
      'decrypted-unless-sev': 'as decrypted, except in an SEV guest, where arch_kexec_post_alloc_pages() and arch_kexec_pre_free_pages() return early and the data lands private (1a79c1b8a041, 5.3)',
    },
  },
  'kexec.identityMapCbit': {
    options: ['never', 'always', 'if-sev'],
    site: 'init_pgtable() / kernel_ident_mapping_init() (arch/x86/kernel/machine_kexec_64.c)',
    question: 'Do the identity-map entries that relocate_kernel and purgatory run on carry the C-bit?',
    meaning: {
      never: 'no C-bit in table or leaf entries: page_flag __PAGE_KERNEL_LARGE_EXEC, kernpg_flag _KERNPG_TABLE_NOENC (4.19 to 5.2)',
      always: 'entries carry _PAGE_ENC / sme_me_mask whenever the first kernel has a mask (no kernel did this)',
      'if-sev': '_PAGE_ENC in both page_flag and kernpg_flag when sev_active() (85784d16c2cf, 5.3)',
    },
  },
  'kexec.syscall': {
    options: ['kexec_load', 'kexec_file_load'],
    site: 'kexec_load() with kexec-tools, or kexec_file_load() (kernel/kexec.c, kernel/kexec_file.c)',
    question: 'Which system call loads the crash kernel, and so who builds its memory map and setup_data?',
    meaning: {
      kexec_load: 'kexec-tools builds the segments, the memory map and the setup_data chain (the cover letter\'s test system)',
      kexec_file_load: 'the kernel builds them (crash_setup_memmap_entries(), setup_boot_parameters())',
    },
  },
  'kexectools.e820Reserved': {
    options: ['lowercase-only', 'any-case'],
    site: 'get_crash_memory_ranges() (kexec-tools, kexec/arch/i386/crashdump-x86.c)',
    question: 'Which /proc/iomem names of RESERVED ranges does kexec-tools pass to the kdump kernel\'s e820 (read only with kexec_load)?',
    meaning: {
      'lowercase-only': 'memcmp(str, "reserved\\n", 9) only: the kernel\'s "Reserved" ranges are left out (kexec-tools 2.0.17)',
      'any-case': '"Reserved" matched as well (kexec-tools 1ac3e4a, the fix the cover letter\'s note asks for: it adds the capitalised name)',
    },
  },
  'kexecfile.e820Reserved': {
    options: ['omitted', 'passed'],
    site: 'crash_setup_memmap_entries() (arch/x86/kernel/crash.c)',
    question: 'Does kexec_file_load pass the first kernel\'s RESERVED ranges to the kdump kernel\'s e820 (read only with kexec_file_load)?',
    meaning: {
      omitted: 'only RAM, ACPI tables and ACPI NVS (before 980621daf368)',
      passed: 'IORES_DESC_RESERVED ranges too, as E820_TYPE_RESERVED (kernel 980621daf368)',
    },
  },
  'kexecfile.setupData': {
    options: ['efi', 'efi-rng-ima'],
    site: 'setup_boot_parameters() (arch/x86/kernel/kexec-bzimage64.c)',
    question: 'Which setup_data entries does kexec_file_load pass (read only with kexec_file_load)?',
    meaning: {
      efi: 'SETUP_EFI on an EFI machine only (before SETUP_RNG_SEED and SETUP_IMA)',
      'efi-rng-ima': 'SETUP_EFI on an EFI machine, SETUP_RNG_SEED, and SETUP_IMA (6.x with CONFIG_IMA_KEXEC, b69a2afd5afc)',
    },
  },
  'boot.setupDataBound': {
    options: ['payload-only', 'header-plus-payload'],
    site: 'early_memremap_is_setup_data() / memremap_is_setup_data() (arch/x86/mm/ioremap.c)',
    question: 'Which addresses does the kdump kernel count as setup_data (and so map decrypted)?',
    meaning: {
      'payload-only': 'paddr < phys_addr < paddr + len: the header\'s 16 bytes are not counted, so the last 16 bytes of an entry are missed (since 8f716c9b5feb)',
      'header-plus-payload': 'paddr < phys_addr < paddr + sizeof(struct setup_data) + len (8d9ffb2fe65a)',
    },
  },
  'kdump.iommuDevTableAddress': {
    options: ['register-value', 'sme-clr'],
    site: 'copy_device_table() (drivers/iommu/amd_iommu_init.c)',
    question: 'Which address does the kdump kernel take from the Device Table Base register?',
    meaning: {
      'register-value': 'the register value as read, C-bit included (before the series)',
      'sme-clr': '__sme_clr() of the value with the kdump kernel\'s own mask (series patch 3/4)',
    },
  },
  'kdump.iommuDevTableMapping': {
    options: ['memremap', 'ioremap-encrypted-if-sme', 'ioremap-encrypted-if-first-kernel-sme'],
    site: 'copy_device_table() (drivers/iommu/amd_iommu_init.c)',
    question: 'How does the kdump kernel map the old device table to copy it?',
    meaning: {
      memremap: 'memremap(MEMREMAP_WB), a decrypted view of old memory (before the series)',
      'ioremap-encrypted-if-sme': 'ioremap_encrypted() when SME is active in the kdump kernel (series patches 1/4 and 3/4)',
      'ioremap-encrypted-if-first-kernel-sme': 'ioremap_encrypted() when the first kernel\'s SME flag, handed over in boot_params, says SME was active there (the rejected hand-off design; needs handoff.firstKernelSme: boot-params)',
    },
  },
  'vmcore.elfcorehdrRead': {
    options: ['decrypted', 'encrypted-if-sme', 'encrypted-if-sev'],
    site: 'elfcorehdr_read() (fs/proc/vmcore.c)',
    question: 'Through which attribute does the kdump kernel read the ELF core header?',
    meaning: {
      decrypted: 'read_from_oldmem(..., false): it is a crash segment, loaded as plaintext (series)',
      'encrypted-if-sme': 'through the C-bit when the kdump kernel\'s SME is active (no kernel did this)',
      'encrypted-if-sev': 'read_from_oldmem(..., sev_active()): in an SEV guest kexec loaded it private (4eb5fec31e61, 5.3)',
    },
  },
  'vmcore.notesRead': {
    options: ['decrypted', 'encrypted-if-sme', 'encrypted-if-sme-or-sev', 'encrypted-if-first-kernel-sme'],
    site: 'elfcorehdr_read_notes() (fs/proc/vmcore.c)',
    question: 'Through which attribute does the kdump kernel read the crash notes and vmcoreinfo?',
    meaning: {
      decrypted: 'read_from_oldmem(..., false) (before the series)',
      'encrypted-if-sme': 'read_from_oldmem(..., sme_active()) (series patch 4/4)',
      'encrypted-if-sme-or-sev': 'read_from_oldmem(..., mem_encrypt_active()): SME or SEV (4eb5fec31e61, 5.3)',
      'encrypted-if-first-kernel-sme': 'read_from_oldmem(..., the first kernel\'s SME flag from boot_params) (the rejected hand-off design; needs handoff.firstKernelSme: boot-params)',
    },
  },
  'vmcore.oldmemRead': {
    options: ['decrypted', 'encrypted-if-sme', 'encrypted-if-sme-or-sev', 'encrypted-if-first-kernel-sme'],
    site: '__read_vmcore() -> read_from_oldmem() -> copy_oldmem_page[_encrypted]() (fs/proc/vmcore.c, arch/x86/kernel/crash_dump_64.c)',
    question: 'Through which attribute does read() of /proc/vmcore read old memory?',
    meaning: {
      decrypted: 'copy_oldmem_page(): ioremap_cache, no C-bit (before the series)',
      'encrypted-if-sme': 'copy_oldmem_page_encrypted() when SME is active: ioremap_encrypted (series patches 1/4 and 4/4)',
      'encrypted-if-sme-or-sev': 'copy_oldmem_page_encrypted() when mem_encrypt_active(): SME or SEV (4eb5fec31e61, 5.3)',
      'encrypted-if-first-kernel-sme': 'copy_oldmem_page_encrypted() when the first kernel\'s SME flag from boot_params says SME was active there (the rejected hand-off design; needs handoff.firstKernelSme: boot-params)',
    },
  },
  'vmcore.mmapProt': {
    options: ['plain', 'pgprot-encrypted', 'pgprot-encrypted-if-first-kernel-sme'],
    site: 'mmap_vmcore() -> remap_oldmem_pfn_range() (fs/proc/vmcore.c)',
    question: 'Which protection does mmap() of /proc/vmcore map old memory with?',
    meaning: {
      plain: 'vma->vm_page_prot as is, no C-bit (before the series)',
      'pgprot-encrypted': 'pgprot_encrypted(prot), a no-op when the kdump kernel\'s mask is 0 (series patch 4/4)',
      'pgprot-encrypted-if-first-kernel-sme': 'the C-bit added when the first kernel\'s SME flag from boot_params says SME was active there (the rejected hand-off design; needs handoff.firstKernelSme: boot-params)',
    },
  },
  'vmcoreinfo.smeMask': {
    options: ['absent', 'exported'],
    site: 'arch_crash_save_vmcoreinfo() (arch/x86/kernel/machine_kexec_64.c)',
    question: 'Does the first kernel write its sme_me_mask into vmcoreinfo for the dump tool?',
    meaning: {
      absent: 'no NUMBER(sme_mask): a dump tool cannot learn the C-bit from the dump (4.19, and the series)',
      exported: 'VMCOREINFO_NUMBER(sme_mask) (kernel 65f750e5457a, "x86/kdump: Export the SME mask to vmcoreinfo", 5.1)',
    },
  },
  'dumptool.smeMask': {
    options: ['ignored', 'from-vmcoreinfo', 'kdump-kernel-mask'],
    site: '__vtop4_x86_64() (makedumpfile arch/x86_64.c); x86_64_kvtop() (crash x86_64.c)',
    question: 'Which C-bit does the dump tool strip from the first kernel\'s page-table entries when it walks them?',
    meaning: {
      ignored: 'none: ENTRY_MASK keeps the C-bit as an address bit (makedumpfile before d222b01, crash before 763e221)',
      'from-vmcoreinfo': 'NUMBER(sme_mask) from vmcoreinfo, stripped at every level and from the final physical address (makedumpfile d222b01, crash 763e221)',
      'kdump-kernel-mask': 'the C-bit of the kernel the tool runs in, which it knows only when SME is active in the kdump kernel: inferred from the cover letter\'s words on the draft it tested ("can only dump vmcore in the case of SME enabled"), whose code (LianboJ/makedumpfile e1de103eca8f) is not available',
    },
  },
  'kexec.relocateWbinvd': {
    options: ['never', 'if-sme-active', 'if-sme-supported'],
    site: 'machine_kexec() -> relocate_kernel: identity_mapped (arch/x86/kernel/machine_kexec_64.c, relocate_kernel_64.S)',
    question: 'When does the CPU that panicked write back and invalidate its caches before it jumps to purgatory?',
    meaning: {
      never: 'no WBINVD (kexec before SME support)',
      'if-sme-active': 'WBINVD when the first kernel has SME active: the sme_active() argument of relocate_kernel (4.19 and the series; cc_platform_has(CC_ATTR_HOST_MEM_ENCRYPT) until 6.17)',
      'if-sme-supported': 'WBINVD when CPUID 0x8000001F EAX[0] says the CPU supports SME, active or not: the per-CPU cache_state_incoherent (83214a775f33, 6.18)',
    },
  },
  'crash.stopCpusWbinvd': {
    options: ['never', 'if-sme-supported'],
    site: 'crash_nmi_callback() -> kdump_nmi_callback() (arch/x86/kernel/reboot.c, crash.c)',
    question: 'Do the other CPUs write back and invalidate their caches when the crash NMI stops them?',
    meaning: {
      never: 'no: they save their registers and halt with their caches as they are (every kernel from 4.19 to 6.18 on an SME host)',
      'if-sme-supported': 'WBINVD before they halt when the CPU supports SME, as stop_this_cpu() does on the reboot and kexec path (f23d74f6c66c): no kernel does this on the crash path (6.x flushes there only on an SEV-SNP host, kdump_sev_callback())',
    },
  },
  'mm.encDecFlush': {
    options: ['clflush', 'none', 'skip-if-coherent'],
    site: '__set_memory_enc_dec() (arch/x86/mm/pageattr.c; arch/x86/mm/pat/set_memory.c from 5.7)',
    question: 'Does the first kernel flush a page\'s cache lines before it changes the page\'s C-bit?',
    meaning: {
      clflush: 'cpa_flush_range(start, numpages, 1): CLFLUSH of every page through its old mapping (4.14 to 5.9)',
      none: 'no flush: lines of the old attribute stay dirty beside the new ones',
      'skip-if-coherent': 'cpa_flush(&cpa, !this_cpu_has(X86_FEATURE_SME_COHERENT)): no flush when CPUID 0x8000001F EAX[10] says the hardware keeps both views coherent (75d1cc0e05af, 5.10)',
    },
  },
  'handoff.firstKernelSme': {
    options: ['none', 'boot-params'],
    site: 'kexec-tools and the kdump kernel\'s setup code (the cover letter\'s second method, never written: "we will have to consider how to pass the SME flag from the first kernel to the kdump kernel")',
    question: 'Does the kdump kernel learn whether SME was active in the first kernel?',
    meaning: {
      none: 'no: it knows only its own SME state (every kernel)',
      'boot-params': 'the first kernel exports its SME state (proc or sysfs), kexec-tools saves it in boot_params, and the kdump kernel\'s old-memory readers may choose their attribute from it (the rejected design)',
    },
  },
  'kdump.cbitSource': {
    options: ['own-mask', 'cpuid'],
    site: 'sme_enable() (arch/x86/mm/mem_encrypt_identity.c) and the old-memory mappings of the kdump kernel',
    question: 'Where does the kdump kernel take the C-bit it puts in its mappings of old memory?',
    meaning: {
      'own-mask': 'its own sme_me_mask: 0 when its SME is not active, so it cannot map old memory encrypted (every kernel)',
      cpuid: 'the C-bit position of CPUID 0x8000001F EBX[5:0], even with its SME inactive: the hardware honours the C-bit whenever the firmware set SYSCFG[MemEncryptionModEn] (early_detect_mem_encrypt() takes the address bits away whatever the kernel does), and the key survives kexec (the rejected design)',
    },
  },
} as const satisfies Record<string, DecisionPointInfo>;

export type DecisionPoint = keyof typeof DECISION_POINTS;
export type OptionOf<P extends DecisionPoint> = (typeof DECISION_POINTS)[P]['options'][number];
export type Decisions = { readonly [P in DecisionPoint]: OptionOf<P> };

export const DECISION_POINT_NAMES = Object.keys(DECISION_POINTS) as DecisionPoint[];

/**
 * The nine points of the series itself: the design space its cover letter argues over, and the
 * one `explore` varies unless told otherwise. The points added since (the loader and the kdump
 * kernel's boot data) keep the option of the design explored.
 */
export const SERIES_POINTS: readonly DecisionPoint[] = [
  'kexec.crashControlPages', 'kexec.crashSegments', 'kexec.identityMapCbit',
  'kdump.iommuDevTableAddress', 'kdump.iommuDevTableMapping',
  'vmcore.elfcorehdrRead', 'vmcore.notesRead', 'vmcore.oldmemRead', 'vmcore.mmapProt',
];

/** The reader options that need the first kernel's SME flag, by point. */
const NEEDS_HANDOFF: Readonly<Partial<Record<DecisionPoint, string>>> = {
  'vmcore.notesRead': 'encrypted-if-first-kernel-sme',
  'vmcore.oldmemRead': 'encrypted-if-first-kernel-sme',
  'vmcore.mmapProt': 'pgprot-encrypted-if-first-kernel-sme',
  'kdump.iommuDevTableMapping': 'ioremap-encrypted-if-first-kernel-sme',
};

/** The points decisionsProblem() looks at: a design's validity depends on these alone. */
export const CONSTRAINED_POINTS: readonly DecisionPoint[] = ['handoff.firstKernelSme', ...(Object.keys(NEEDS_HANDOFF) as DecisionPoint[])];

/**
 * Why a set of options is not a design, or null: a reader that chooses its attribute from the
 * first kernel's SME flag, in a design that never hands the flag over.
 */
export function decisionsProblem(d: Readonly<Partial<Record<DecisionPoint, string>>>): string | null {
  if (d['handoff.firstKernelSme'] !== 'none') return null;
  for (const [point, option] of Object.entries(NEEDS_HANDOFF)) {
    if (d[point as DecisionPoint] === option) return `${point}: "${option}" needs the first kernel's SME flag, but handoff.firstKernelSme is "none" (give "boot-params")`;
  }
  return null;
}

/**
 * The options of the series' points that its cover letter argued over: the space `explore` varies
 * by default. Options added since (the SEV guest's, from 5.3) are explored when `--vary` names
 * their point.
 */
export const SERIES_OPTIONS: Readonly<Partial<Record<DecisionPoint, readonly string[]>>> = Object.fromEntries(
  SERIES_POINTS.map((p) => [p, DECISION_POINTS[p].options.slice(0, 2)]),
);

export const optionsOf = (point: DecisionPoint): readonly string[] => DECISION_POINTS[point].options;

export const isDecisionPoint = (name: string): name is DecisionPoint => Object.hasOwn(DECISION_POINTS, name);
