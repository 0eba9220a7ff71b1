/** Properties of the CPUs' caches: what a dirty line does when it finally reaches DRAM. */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const CACHE_NO_STALE_WRITEBACK: Property = {
  id: 'CACHE-NO-STALE-WRITEBACK',
  claim: 'No dirty cache line is written back over DRAM that a later write (by any CPU, any kernel, a device, through either attribute) has changed.',
  sites: ['__set_memory_enc_dec', 'clflush_cache_range', 'relocate_kernel', 'crash_nmi_callback', '__enc_copy'],
  expectation: HOLDS,
  judge: judgeReads(['cache-writeback']),
};
