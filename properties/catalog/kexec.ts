/** Properties of the kexec load and the path through relocate_kernel and purgatory. */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const KEXEC_CONTROL: Property = {
  id: 'KEXEC-CONTROL',
  claim: 'The relocation code and identity page tables that the CPU fetches during relocation are exactly what the first kernel wrote.',
  sites: ['kimage_alloc_crash_control_pages', 'arch_kexec_post_alloc_pages', 'machine_kexec', 'relocate_kernel'],
  expectation: HOLDS,
  judge: judgeReads(['relocation-fetch']),
};

export const KEXEC_SEGMENTS: Property = {
  id: 'KEXEC-SEGMENTS',
  claim: 'Purgatory reads the crash segments exactly as kexec loaded them (its digest check passes).',
  sites: ['kimage_load_crash_segment', 'purgatory', 'verify_sha256_digest'],
  expectation: HOLDS,
  judge: judgeReads(['purgatory-read']),
};
