/**
 * The dump tool after /proc/vmcore is up: it reads vmcoreinfo, finds the first kernel's top-level
 * page table, and translates every kernel virtual address it needs by walking the first kernel's
 * tables through /proc/vmcore, then reads what they point to.
 *
 * Models makedumpfile (arch/x86_64.c `vtop4_x86_64()` / `__vtop4_x86_64()`, before and after
 * d222b01 "x86_64: Add support for AMD Secure Memory Encryption", released in 1.6.6):
 * - vmcoreinfo (`arch_crash_save_vmcoreinfo()`, arch/x86/kernel/machine_kexec_64.c) gives
 *   `SYMBOL(init_top_pgt)`, `NUMBER(phys_base)`, `NUMBER(pgtable_l5_enabled)` and, where the
 *   kernel exports it, `NUMBER(sme_mask)` (`VMCOREINFO_NUMBER(sme_mask)`); the top table is at
 *   `init_top_pgt - __START_KERNEL_map + info->phys_base`, computed, never masked;
 * - `vaddr_to_paddr(X)` is `vtop4_x86_64(X)` (makedumpfile.h): every kernel address is walked,
 *   the direct map and the kernel text too, 5-level when `NUMBER(pgtable_l5_enabled)` is 1;
 * - each entry is masked with `ENTRY_MASK` (`~0xfff0000000000fff`: bits 12-51 kept, so a C-bit at
 *   47 or 51 stays an address bit) and, after d222b01, with `~NUMBER(sme_mask)` at every level
 *   (`entry_mask &= ~(NUMBER(sme_mask))`) and in `readmem()` for every physical page;
 *   `_PAGE_PSE` in a PUD or PMD is a 1 GiB or 2 MiB leaf;
 * - every table read is `readmem(PADDR, ...)` -> `readpage_elf()`: a physical address that no
 *   PT_LOAD holds is "Attempt to read non-existent page" and the walk fails ("Can't get pud_pte");
 *   one inside another PT_LOAD is silently the wrong data. The kdump kernel hands each page out
 *   through the attribute its read() or mmap() path chose (dump.ts).
 * crash (x86_64.c `x86_64_kvtop()`, before and after 763e221 "x86_64: Fix for AMD SME issue")
 * strips the same `sme_mask` since 763e221, but translates the direct map and kernel text by
 * arithmetic, and its `PHYSICAL_PAGE_MASK` drops bits 46 and up with 4-level paging, so it lost
 * the C-bit only with 5-level paging ("seek error: physical address: 8000760a14000  type: \"p4d
 * page\""); this file follows makedumpfile, the tool the cover letter tested with.
 * The first kernel's own view decides what the tool should have found: the MMU's walk of its
 * tables (page-tables.ts `mmuTranslate`) and the page there as the first kernel last saw it.
 * Leaves out: the tool's caches of table pages, `find_vmemmap_x86_64()` (the same masks), Xen,
 * and what the tool does with the data (the page filtering itself).
 */
import { clearBit, hex, PAGE_SIZE, pageDown, setBit } from '../hardware/address.ts';
import { dramRead, type ReadPiece } from '../hardware/dram.ts';
import { data, sameData, type Value } from '../hardware/values.ts';
import { decryptedRegions, physBase } from '../environment.ts';
import { isLeaf, lookupWalks, showVa, START_KERNEL_MAP, type TableLevel, tablesByPage, type WalkStep } from '../page-tables.ts';
import { type KdumpContext, lastStep, observe, oldMemoryMask, step, withContext } from './context.ts';
import { kdumpKernel, oldDram, vmcoreReadsEncrypted, type VmcoreAccess } from './dump.ts';
import { notesReadEncrypted } from './kdump-kernel.ts';
import { type Observation, writtenAs } from './run.ts';

const STAGE = 'dump-tool';

/** What vmcoreinfo says, as the first kernel wrote it at boot and panic. */
export interface Vmcoreinfo {
  readonly initTopPgt: bigint;
  readonly physBase: number;
  readonly pgtableL5: boolean;
  /** `NUMBER(sme_mask)`, or null when the kernel does not export it. */
  readonly smeMask: number | null;
}

/**
 * `arch_crash_save_vmcoreinfo()` (arch/x86/kernel/machine_kexec_64.c): `VMCOREINFO_NUMBER(phys_base)`,
 * `VMCOREINFO_SYMBOL(init_top_pgt)`, `vmcoreinfo_append_str("NUMBER(pgtable_l5_enabled)=%d")`,
 * and, where the design exports it, `VMCOREINFO_NUMBER(sme_mask)` (decimal, like every NUMBER).
 */
export function firstKernelVmcoreinfo(c: KdumpContext): Vmcoreinfo {
  const pt = c.env.pageTables;
  const base = physBase(c.env.layout);
  return {
    initTopPgt: START_KERNEL_MAP + BigInt(pt.top - base),
    physBase: base,
    pgtableL5: pt.levels === 5,
    smeMask: c.design['vmcoreinfo.smeMask'] === 'exported' ? c.first.smeMask : null,
  };
}

export const showVmcoreinfo = (v: Vmcoreinfo): string =>
  `SYMBOL(init_top_pgt)=${showVa(v.initTopPgt)} NUMBER(phys_base)=${hex(v.physBase)} NUMBER(pgtable_l5_enabled)=${v.pgtableL5 ? 1 : 0}${v.smeMask === null ? '' : ` NUMBER(sme_mask)=${v.smeMask}`}`;

/** The mask the tool strips from every entry and from the final physical address. */
function toolMask(c: KdumpContext, info: Vmcoreinfo): { mask: number; how: string } {
  switch (c.design['dumptool.smeMask']) {
    case 'ignored': return { mask: 0, how: 'masks entries with ENTRY_MASK only (bits 12-51 kept): the C-bit stays an address bit' };
    case 'from-vmcoreinfo': return info.smeMask === null
      ? { mask: 0, how: 'finds no NUMBER(sme_mask) in vmcoreinfo and strips no C-bit' }
      : { mask: info.smeMask, how: `strips NUMBER(sme_mask)=${hex(info.smeMask)} from every entry and physical address` };
    case 'kdump-kernel-mask': {
      const kdump = kdumpKernel(c);
      return { mask: kdump.smeMask, how: kdump.smeMask !== 0 ? `strips the kdump kernel's own C-bit (${hex(kdump.smeMask)}) from every entry` : 'runs in a kdump kernel without SME: knows no C-bit and strips none' };
    }
  }
}

/** makedumpfile `readpage_elf()`: the PT_LOAD holding `paddr`, or the tool's error. */
function vmcoreOffsetProblem(c: KdumpContext, paddr: number): string | null {
  const loads = c.elfcorehdr?.loads ?? [];
  for (const l of loads) if (paddr >= l.start && paddr < l.end) return null;
  return `readpage_elf: Attempt to read non-existent page at ${hex(pageDown(paddr))} (no PT_LOAD of /proc/vmcore holds it)`;
}

/** `length` bytes of /proc/vmcore as the kdump kernel hands them to the tool, at physical address `paddr`, through the mask its read path adds. */
const readPage = (c: KdumpContext, readMask: number, paddr: number, length: number): ReadPiece => dramRead(c.dram, setBit(paddr, readMask), length)[0]!;

/** A page the tool read, as DRAM held it and as the tool got it. */
interface PageRead { readonly page: number; readonly piece: ReadPiece }

/** The outcome of the tool's translation of one lookup; a failure names the last table page it read (the one whose entry led it astray). */
type ToolTranslation = { readonly paddr: number; readonly path: readonly Hop[] } | { readonly failed: string; readonly path: readonly Hop[]; readonly last: PageRead | null };

/** One entry the walk followed: its level, its index, and its value as the first kernel wrote it. */
interface Hop { readonly level: TableLevel; readonly index: number; readonly raw: number }

/** `pgd[468]=0x800002001000 -> pud[0]=...`: formatted only when a trace is read. */
const showPath = (path: readonly Hop[]): string => path.map((h) => `${h.level}[${h.index}]=${hex(h.raw)}`).join(' -> ');

/** The name makedumpfile gives an entry at each level in its messages ("Can't get pud_pte"). */
const ENTRY_NAMES: Readonly<Record<TableLevel, string>> = { pgd: 'pgd', p4d: 'p4d_pte', pud: 'pud_pte', pmd: 'pmd_pte', pte: 'pte' };

/**
 * makedumpfile `__vtop4_x86_64()`: from the top table, read each level's entry through
 * /proc/vmcore, mask it, and follow it; a PSE entry in a PUD or PMD, or any PTE, is the leaf.
 */
function walk(c: KdumpContext, readMask: number, steps: readonly WalkStep[], top: number, mask: number): ToolTranslation {
  const tables = tablesByPage(c.env.pageTables);
  const first = c.first;
  const path: Hop[] = [];
  let last: PageRead | null = null;
  const failed = (why: string): ToolTranslation => ({ failed: why, path, last });
  let table = top;
  for (const s of steps) {
    const entryAddress = table + s.index * 8;
    const name = ENTRY_NAMES[s.level];
    const problem = vmcoreOffsetProblem(c, entryAddress);
    if (problem !== null) return failed(`${problem}; __vtop4_x86_64: Can't get ${name} (${s.level}_paddr:${hex(entryAddress)})`);
    const piece = readPage(c, readMask, pageDown(entryAddress), 8);
    last = { page: pageDown(entryAddress), piece };
    const got = piece.got;
    if (got.kind === 'garbage') return failed(`the ${name} at ${hex(entryAddress)} reads as garbage (${got.cause}): the walk goes astray`);
    // The table the tool sees is the one at the DRAM page the read reached (the engine strips a C-bit it honours).
    const entries = got.region === 'page table' ? tables.get(pageDown(piece.start)) : undefined;
    if (entries === undefined) return failed(`the page at ${hex(table)} holds ${got.region}#${got.gen}, not a page table: the walk goes astray`);
    const e = entries.get(s.index);
    if (e === undefined) return failed(`__vtop4_x86_64: Can't get a valid ${name} (entry ${s.index} at ${hex(entryAddress)} is not present)`);
    // What the first kernel wrote: the target with its _PAGE_ENC; what the tool keeps of it.
    const raw = setBit(e.to, first.smeMask);
    const next = clearBit(raw, mask);
    path.push({ level: s.level, index: s.index, raw });
    if (isLeaf(s.level, e)) return { paddr: next + s.leafOffset, path };
    table = next;
  }
  return failed('the walk ran past the last level');
}


const NO_MAPPING: Value = data('no mapping', 0, 0);

/** What the first kernel last saw at `page`: through its direct map, or decrypted where it kept the page decrypted. */
function firstKernelSaw(c: KdumpContext, page: number): Value {
  const decrypted = decryptedRegions(c.env.layout).some((r) => page >= r.start && page < r.end);
  return dramRead(oldDram(c), decrypted ? page : setBit(page, c.first.smeMask), PAGE_SIZE)[0]!.got;
}

/** A lookup the tool gave up on, shown at the page that led it astray (`read`), or at `page` when it read none. */
function refusedObservation(c: KdumpContext, site: string, what: string, page: number, expected: Value, why: string, read: PageRead | null = null): Observation {
  const at = read?.page ?? page;
  return {
    step: lastStep(c), kind: 'dumptool-read', site, what, usage: null, range: { start: at, end: at + PAGE_SIZE },
    written: read === null ? null : writtenAs(read.piece.stored), read: read === null ? null : read.piece.encrypted ? 'encrypted' : 'plaintext',
    expected, got: { kind: 'refused', why }, ok: false,
  };
}

/** Where the dump tool is: how it reads /proc/vmcore, and what it learnt from vmcoreinfo. */
export interface DumpToolState {
  readonly access: VmcoreAccess;
  /** The C-bit the kdump kernel's read() or mmap() path adds to every old page it hands out (0 for none). */
  readonly readMask: number;
  /** null until read, and when the note is garbage. */
  readonly info: Vmcoreinfo | null;
  /** The mask the tool strips, and how it chose it. */
  readonly mask: number;
}

const toolName = (access: VmcoreAccess): string => (access === 'read' ? 'makedumpfile (read() of /proc/vmcore)' : 'makedumpfile (mmap() of /proc/vmcore)');

function toolState(c: KdumpContext): DumpToolState {
  if (c.tool === null) throw new Error('the dump tool translated before it started');
  return c.tool;
}

/** The tool starts on /proc/vmcore, through read() or mmap(). */
export function startDumpTool(c: KdumpContext, access: VmcoreAccess): KdumpContext {
  const kdump = kdumpKernel(c);
  const readMask = vmcoreReadsEncrypted(c, access, kdump) ? oldMemoryMask(c, kdump) : 0;
  return withContext(c, { tool: { access, readMask, info: null, mask: 0 } });
}

/** The vmcoreinfo note is garbage: the tool stops before it translates anything. */
export const vmcoreinfoUnreadable = (c: KdumpContext): boolean => c.tool?.info === null;

/**
 * makedumpfile `read_vmcoreinfo_from_vmcore()` (crash: `vmcoreinfo_read_string()`): the note as
 * /proc/vmcore's PT_NOTE carries it, that is as the kdump kernel read it from old memory
 * (`elfcorehdr_read_notes()`). Garbage there leaves every lookup untranslatable.
 */
export function readVmcoreinfo(c: KdumpContext): KdumpContext {
  const { access, readMask } = toolState(c);
  if (!c.vmcoreinfoIntact) {
    const walks = lookupWalks(c.env.pageTables);
    const next = step(c, STAGE, 'read_vmcoreinfo', `${toolName(access)}: the vmcoreinfo note in /proc/vmcore is garbage: no SYMBOL(init_top_pgt), no address can be translated`);
    const kdump = kdumpKernel(c);
    const note = c.env.layout.vmcoreinfo.start;
    const read = { page: note, piece: readPage(c, notesReadEncrypted(c, kdump) ? oldMemoryMask(c, kdump) : 0, note, PAGE_SIZE) };
    return observe(next, walks.map((w) => refusedObservation(next, 'vaddr_to_paddr_x86_64', w.what, note, NO_MAPPING, 'vmcoreinfo is unreadable: SYMBOL(init_top_pgt) not found', read)));
  }
  const info = firstKernelVmcoreinfo(c);
  const { mask, how } = toolMask(c, info);
  const next = step(c, STAGE, 'read_vmcoreinfo', () => `${toolName(access)}: ${showVmcoreinfo(info)}; the tool ${how}`);
  return withContext(next, { tool: { access, readMask, info, mask } });
}

/** The tool translates and reads each lookup (`readmem(VADDR, ...)`). */
export function translateLookups(c: KdumpContext): KdumpContext {
  const { readMask, info, mask } = toolState(c);
  if (info === null) return c;
  // `vaddr_to_paddr_x86_64()` = `vtop4_x86_64()`: the top table from vmcoreinfo, then the walk, for every kernel address.
  const top = Number(info.initTopPgt - START_KERNEL_MAP) + info.physBase;
  let next = c;
  for (const w of lookupWalks(c.env.pageTables)) {
    const { truth, truthPage, what } = w;
    const t = walk(next, readMask, w.steps, top, mask);
    const site = '__vtop4_x86_64';
    const expected = truthPage === null ? NO_MAPPING : firstKernelSaw(next, truthPage);
    if ('failed' in t) {
      next = step(next, STAGE, site, () => `${w.label}: ${t.path.length === 0 ? '' : `${showPath(t.path)}: `}${t.failed}`);
      next = observe(next, [refusedObservation(next, site, what, truthPage ?? 0, expected, 'unmapped' in truth ? `${t.failed}; the first kernel's own tables do not map it either: ${truth.unmapped}` : t.failed, t.last)]);
      continue;
    }
    const page = pageDown(t.paddr);
    next = step(next, STAGE, site, () => `${w.label}: ${showPath(t.path)} -> ${hex(t.paddr)}`);
    const problem = vmcoreOffsetProblem(next, page);
    if (problem !== null) {
      next = observe(next, [refusedObservation(next, 'readmem', what, truthPage ?? page, expected, problem)]);
      continue;
    }
    const piece = readPage(next, readMask, page, PAGE_SIZE);
    const ok = truthPage === page && sameData(expected, piece.got);
    next = observe(next, [{
      step: lastStep(next), kind: 'dumptool-read', site: 'readmem', what: truthPage === page || truthPage === null ? what : `${what}, read at ${hex(page)}`, usage: null,
      range: { start: page, end: page + PAGE_SIZE }, written: writtenAs(piece.stored), read: piece.encrypted ? 'encrypted' : 'plaintext', expected, got: piece.got, ok,
    }]);
  }
  return next;
}
