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
 * The dump tool's own page-table walks and reads by virtual address are dump-tool.ts.
 * Leaves out: ELF note merging in the buffer.
 */
import type { AddrRange } from '../hardware/address.ts';
import type { Dram } from '../hardware/dram.ts';
import { decryptedRegions, type Layout } from '../environment.ts';
import { lastOf } from '../memo.ts';
import { handedOverSme, type KdumpContext, type Kernel, observe, oldMemoryMask, oldMemoryReadEncrypted, step } from './context.ts';
import { judgeSites, type RangeSite } from './judge.ts';
import type { LogEntry } from './observation-log.ts';
import type { OldPageUsage, ReadKind } from './run.ts';

/** The pages the first kernel kept decrypted, in address order. */
const decryptedInOrder = (layout: Layout): AddrRange[] => decryptedRegions(layout).sort((a, b) => (a.start < b.start ? -1 : 1));

/** Split an old-memory range by how the first kernel used each page (`decrypted`: the regions in address order). */
function splitByUsage(r: AddrRange, decrypted: readonly AddrRange[], out: { range: AddrRange; usage: OldPageUsage }[]): void {
  let at = r.start;
  for (const d of decrypted) {
    if (d.start >= r.end || d.end <= r.start) continue;
    const start = d.start > r.start ? d.start : r.start;
    const end = d.end < r.end ? d.end : r.end;
    if (start > at) out.push({ range: { start: at, end: start }, usage: 'direct-map' });
    out.push({ range: { start, end }, usage: 'decrypted' });
    at = end;
  }
  if (at < r.end) out.push({ range: { start: at, end: r.end }, usage: 'direct-map' });
}

/** The old memory a dump reads as the first kernel used it, as DRAM held it when it panicked. */
export function oldDram(c: KdumpContext): Dram {
  return { machine: c.dram.machine, ram: c.dram.ram, memory: c.oldMemory ?? c.dram.memory, caches: null };
}

/** What a dump reads, PT_LOAD by PT_LOAD, split by usage; `groups`: the runs of sites of one usage. */
interface OldMemorySites {
  readonly loads: readonly AddrRange[];
  readonly sites: readonly RangeSite[];
  readonly groups: readonly { readonly from: number; readonly to: number; readonly usage: OldPageUsage }[];
}

function sitesOf(layout: Layout, loads: readonly AddrRange[]): OldMemorySites {
  const decrypted = decryptedInOrder(layout);
  const parts: { range: AddrRange; usage: OldPageUsage }[] = [];
  for (const load of loads) splitByUsage(load, decrypted, parts);
  const sites = parts.map(({ range, usage }): RangeSite => ({ range, usage, what: usage === 'decrypted' ? 'old page kept decrypted' : 'old memory' }));
  const groups: { from: number; to: number; usage: OldPageUsage }[] = [];
  parts.forEach(({ usage }, i) => {
    const last = groups.at(-1);
    if (last !== undefined && last.usage === usage) last.to = i + 1;
    else groups.push({ from: i, to: i + 1, usage });
  });
  return { loads, sites, groups };
}

/** The same for every read on a layout (and the loads of its crash image). */
const lastSites = lastOf((_layout: Layout) => ({ current: null as OldMemorySites | null }));

function oldMemorySites(c: KdumpContext, loads: readonly AddrRange[]): OldMemorySites {
  const memo = lastSites(c.env.layout);
  if (memo.current === null || memo.current.loads !== loads) memo.current = sitesOf(c.env.layout, loads);
  return memo.current;
}

/**
 * Every old page, read by the dump tool through one attribute, against what the first kernel saw
 * there. PT_LOADs ascend and each lies inside one RAM range, so reads that come out alike are
 * found by binary search (judge.ts `judgeSites`).
 */
function readOldMemory(c: KdumpContext, kind: ReadKind, site: string, kdump: Kernel, encrypted: boolean): LogEntry[] {
  const { sites, groups } = oldMemorySites(c, c.elfcorehdr?.loads ?? []);
  const got = { dram: c.dram, mask: encrypted ? oldMemoryMask(c, kdump) : 0 };
  const old = oldDram(c);
  const out: LogEntry[] = [];
  for (const g of groups) {
    const view = { dram: old, mask: g.usage === 'direct-map' ? c.first.smeMask : 0 };
    for (const e of judgeSites(c, kind, site, sites, g.from, g.to, got, view, true)) out.push(e);
  }
  return out;
}

export function kdumpKernel(c: KdumpContext): Kernel {
  if (c.kdump === null) throw new Error('/proc/vmcore read before the kdump kernel booted');
  return c.kdump;
}

/** How a reader of /proc/vmcore reaches old memory: read() or mmap(). */
export type VmcoreAccess = 'read' | 'mmap';

/**
 * Does the kdump kernel hand out old memory through the C-bit on this path? read():
 * `copy_oldmem_page_encrypted()` when SME is active; mmap(): `pgprot_encrypted(prot)`, a no-op
 * when the kdump kernel's mask is 0.
 */
export function vmcoreReadsEncrypted(c: KdumpContext, access: VmcoreAccess, kdump: Kernel): boolean {
  if (access === 'read') return oldMemoryReadEncrypted(() => c.design['vmcore.oldmemRead'], kdump, handedOverSme(c));
  const prot = c.design['vmcore.mmapProt'];
  return prot === 'pgprot-encrypted' || (prot === 'pgprot-encrypted-if-first-kernel-sme' && handedOverSme(c) === true);
}

/** read() of /proc/vmcore over every PT_LOAD. */
export function readVmcore(c: KdumpContext): KdumpContext {
  const kdump = kdumpKernel(c);
  const encrypted = vmcoreReadsEncrypted(c, 'read', kdump);
  const site = encrypted ? 'copy_oldmem_page_encrypted' : 'copy_oldmem_page';
  const next = step(c, 'dump', site, `read() of /proc/vmcore: ${c.elfcorehdr?.loads.length ?? 0} PT_LOAD(s) read ${encrypted ? 'encrypted' : 'decrypted'}`);
  return observe(next, readOldMemory(next, 'vmcore-read', site, kdump, encrypted));
}

/** mmap() of /proc/vmcore over every PT_LOAD. */
export function mmapVmcore(c: KdumpContext): KdumpContext {
  const kdump = kdumpKernel(c);
  const encrypted = vmcoreReadsEncrypted(c, 'mmap', kdump);
  const site = 'remap_oldmem_pfn_range';
  const next = step(c, 'dump', site, `mmap() of /proc/vmcore with ${encrypted ? 'pgprot_encrypted(prot)' : 'the plain protection'}`);
  return observe(next, readOldMemory(next, 'vmcore-mmap', site, kdump, encrypted));
}
