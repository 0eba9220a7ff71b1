/**
 * The dump tool reading /proc/vmcore, and what the first kernel saw of its own memory.
 *
 * Models (Linux 4.19-rc5 + SME kdump series v7; makedumpfile/crash as plain readers):
 * - `read()`: `__read_vmcore()` -> `read_from_oldmem(..., encrypted)` -> `copy_oldmem_page()` or
 *   `copy_oldmem_page_encrypted()`, one attribute for every old page;
 * - `mmap()`: `mmap_vmcore()` -> `remap_oldmem_pfn_range()` with the VMA's protection, through
 *   `pgprot_encrypted()` or not.
 * Every old page is compared with what the first kernel saw there when it panicked, through the
 * attribute the first kernel itself used for that page (direct map, or decrypted).
 * Leaves out: the dump tool's own page-table walks (a later model), ELF note merging in the buffer.
 */
import { type AddrRange, size } from '../hardware/address.ts';
import { dramRead, type ReadPiece } from '../hardware/dram.ts';
import { decryptedRegions } from '../environment.ts';
import { cpuRead, judgeAgainstView, type KdumpContext, type Kernel, mapped, observe, type ReadSite, step } from './context.ts';
import type { Observation, OldPageUsage, ReadKind } from './run.ts';

/** Split an old-memory range by how the first kernel used each page. */
export function byUsage(c: KdumpContext, r: AddrRange): { range: AddrRange; usage: OldPageUsage }[] {
  const out: { range: AddrRange; usage: OldPageUsage }[] = [];
  let at = r.start;
  const decrypted = decryptedRegions(c.env.layout).filter((d) => d.start < r.end && d.end > r.start).sort((a, b) => (a.start < b.start ? -1 : 1));
  for (const d of decrypted) {
    const start = d.start > r.start ? d.start : r.start;
    const end = d.end < r.end ? d.end : r.end;
    if (start > at) out.push({ range: { start: at, end: start }, usage: 'direct-map' });
    out.push({ range: { start, end }, usage: 'decrypted' });
    at = end;
  }
  if (at < r.end) out.push({ range: { start: at, end: r.end }, usage: 'direct-map' });
  return out;
}

/** What the first kernel saw at `r` when it panicked, through the attribute it used there. */
export function firstKernelView(c: KdumpContext, r: AddrRange, usage: OldPageUsage): ReadPiece[] {
  const dram = { ...c.dram, memory: c.oldMemory ?? c.dram.memory };
  return dramRead(dram, mapped(c.first, r.start, usage === 'direct-map'), size(r));
}

function readOldMemory(c: KdumpContext, kind: ReadKind, site: string, kdump: Kernel, encrypted: boolean): Observation[] {
  const out: Observation[] = [];
  for (const load of c.elfcorehdr?.loads ?? []) {
    for (const { range, usage } of byUsage(c, load)) {
      const at: ReadSite = { kind, site, what: usage === 'decrypted' ? 'old page kept decrypted' : 'old memory', usage };
      out.push(...judgeAgainstView(c, at, cpuRead(c, kdump, range, encrypted), firstKernelView(c, range, usage)));
    }
  }
  return out;
}

function kdumpKernel(c: KdumpContext): Kernel {
  if (c.kdump === null) throw new Error('/proc/vmcore read before the kdump kernel booted');
  return c.kdump;
}

/** read() of /proc/vmcore over every PT_LOAD. */
export function readVmcore(c: KdumpContext): KdumpContext {
  const kdump = kdumpKernel(c);
  const encrypted = c.design['vmcore.oldmemRead'] === 'encrypted-if-sme' && kdump.smeActive;
  const site = encrypted ? 'copy_oldmem_page_encrypted' : 'copy_oldmem_page';
  const next = step(c, 'dump', site, `read() of /proc/vmcore: ${c.elfcorehdr?.loads.length ?? 0} PT_LOAD(s) read ${encrypted ? 'encrypted' : 'decrypted'}`);
  return observe(next, readOldMemory(next, 'vmcore-read', site, kdump, encrypted));
}

/** mmap() of /proc/vmcore over every PT_LOAD. */
export function mmapVmcore(c: KdumpContext): KdumpContext {
  const kdump = kdumpKernel(c);
  const encrypted = c.design['vmcore.mmapProt'] === 'pgprot-encrypted';
  const site = 'remap_oldmem_pfn_range';
  const next = step(c, 'dump', site, `mmap() of /proc/vmcore with ${encrypted ? 'pgprot_encrypted(prot)' : 'the plain protection'}`);
  return observe(next, readOldMemory(next, 'vmcore-mmap', site, kdump, encrypted));
}
