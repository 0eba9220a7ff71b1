/** Properties of an SEV guest: what its hypervisor can read of the guest's memory. */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const SEV_NO_SHARED_LEAK: Property = {
  id: 'SEV-NO-SHARED-LEAK',
  claim: 'No page that the first kernel wrote private is made shared or written as plaintext during kexec, the crash or the dump: the hypervisor never reads guest data it could not read when the first kernel had booted.',
  sites: ['arch_kexec_post_alloc_pages', 'set_memory_decrypted', 'kimage_load_crash_segment', 'hypervisor'],
  expectation: HOLDS,
  platforms: ['sev-guest'],
  judge: judgeReads(['hypervisor-read']),
};
