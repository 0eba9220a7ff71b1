/** Properties of the dump tool: what it finds by kernel virtual address in the dump. */
import { HOLDS, judgeReads, type Property } from '../property.ts';

export const DUMPTOOL_VTOP: Property = {
  id: 'DUMPTOOL-VTOP',
  claim: 'Every kernel virtual address the dump tool translates by walking the first kernel\'s page tables through /proc/vmcore reaches the physical page the first kernel mapped it to, and the page it reads there is what the first kernel last saw; a tool that cannot translate or read it fails this too.',
  sites: ['read_vmcoreinfo', 'vtop4_x86_64', '__vtop4_x86_64', 'readmem', 'arch_crash_save_vmcoreinfo'],
  expectation: HOLDS,
  judge: judgeReads(['dumptool-read']),
};
