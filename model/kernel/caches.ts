/**
 * The kernels' cache flushes, and the write-backs the hardware makes on its own.
 *
 * Models (Linux 4.19-rc5 + SME kdump series v7 unless a decision point says otherwise):
 * - which CPU runs: the first kernel boots on CPU 0, `kexec -p` runs on the environment's
 *   kexec CPU, and the crash path and the kdump kernel run on the CPU that panicked; the other
 *   CPUs take the crash NMI in `crash_nmi_callback()` -> `kdump_nmi_callback()` and `halt()`
 *   with their caches as they are (arch/x86/kernel/reboot.c, crash.c: no WBINVD, in 4.19 and
 *   in 6.x short of an SEV-SNP host's `kdump_sev_callback()`);
 * - `__set_memory_enc_dec()` (arch/x86/mm/pageattr.c): nothing unless `mem_encrypt_active()` (SME or SEV); else
 *   `cpa_flush_range(start, numpages, 1)`, a CLFLUSH of the pages through their old mapping,
 *   before the C-bit changes (5.10, 75d1cc0e05af: only without `X86_FEATURE_SME_COHERENT`);
 * - `relocate_kernel` (arch/x86/kernel/relocate_kernel_64.S): in `identity_mapped`, before the
 *   copy, `wbinvd` when its SME argument is set (`sme_active()` in 4.19; in 6.18, 83214a775f33,
 *   the per-CPU `cache_state_incoherent`, set when CPUID 0x8000001F EAX[0] says SME is supported);
 * - `__enc_copy` (arch/x86/mm/mem_encrypt_boot.S): one `wbinvd` before the in-place copy that
 *   `sme_encrypt_kernel()` runs, on the CPU it runs on, whatever the design;
 * - the hardware writing lines back of its own accord, when the environment says (cache.ts).
 * Every write-back is a step, and an observation for CACHE-NO-STALE-WRITEBACK.
 */
import { type AddrRange, ascendingDisjoint, showRange } from '../hardware/address.ts';
import { encryptedLine, lineRegion, type Line, type Selection } from '../hardware/cache.ts';
import { decrypt, dramOnCpu, dramWriteback } from '../hardware/dram.ts';
import { load } from '../hardware/memory.ts';
import { type KdumpContext, type Kernel, lastStep, memEncryptActive, observe, step, withContext } from './context.ts';
import { type Observation, type Stage, writtenAs } from './run.ts';
import { IDENTITY_TABLES, SEGMENT_NAMES } from './kimage.ts';

const lineName = (l: Line): string => `${encryptedLine(l) ? 'encrypted' : 'plaintext'} line of ${lineRegion(l)} on CPU ${l.cpu}`;

function showLines(lines: readonly Line[]): string {
  const shown = lines.slice(0, 4).map((l) => `${lineName(l)} ${showRange(l)}${l.stale ? ' (stale)' : ''}`);
  return lines.length > 4 ? `${shown.join(', ')} and ${lines.length - 4} more` : shown.join(', ');
}

/**
 * Write back the lines `sel` takes, as a step at `site`: one observation for each stale line
 * (what the later write's owner read there before, against what it reads now, through its own
 * attribute, with the old data put over it), or one that says every line wrote back what DRAM
 * already held.
 */
export function writeBack(c: KdumpContext, stage: Stage, site: string, sel: Selection, what: () => string): KdumpContext {
  const { dram, lines } = dramWriteback(c.dram, sel);
  if (lines.length === 0) return c;
  const before = c.dram.memory;
  const next = step(withContext(c, { dram }), stage, site, () => `${what()}: ${lines.length} dirty line(s) written back: ${showLines(lines)}`);
  const at = lastStep(next);
  const out: Observation[] = [];
  for (const l of lines) {
    if (!l.stale) continue;
    const over = load(before, l.start, l.end)[0]!.cell;
    const ownerEncrypted = over.cipher !== null;
    out.push({
      step: at, kind: 'cache-writeback', site, what: `stale ${lineName(l)}`, usage: null, range: { start: l.start, end: l.end },
      written: writtenAs(l.cell), read: ownerEncrypted ? 'encrypted' : 'plaintext', expected: decrypt(c.dram, over, ownerEncrypted), got: decrypt(dram, l.cell, ownerEncrypted), ok: false,
    });
  }
  if (out.length === 0) {
    const l = lines[0]!;
    out.push({
      step: at, kind: 'cache-writeback', site, what: `${lines.length} dirty line(s), none stale`, usage: null, range: { start: l.start, end: l.end },
      written: writtenAs(l.cell), read: encryptedLine(l) ? 'encrypted' : 'plaintext', expected: l.cell.value, got: l.cell.value, ok: true,
    });
  }
  return observe(next, out);
}

/** WBINVD on `cpu`: every dirty line of that CPU written back and invalidated. */
export const wbinvd = (c: KdumpContext, stage: Stage, site: string, cpu: number): KdumpContext =>
  writeBack(c, stage, site, { kind: 'cpu', cpu }, () => `WBINVD on CPU ${cpu}`);

/**
 * `__set_memory_enc_dec()`'s flush before the C-bit of `ranges` changes: CLFLUSH of each page
 * through its mapping so far (so lines of the old tag go, in every CPU's cache). `toEncrypted`:
 * the direction of the change. Nothing when neither SME nor SEV is active in `k`, or when the design skips it.
 */
export function encDecFlush(c: KdumpContext, k: Kernel, stage: Stage, ranges: readonly AddrRange[], toEncrypted: boolean): KdumpContext {
  if (c.dram.caches === null || !memEncryptActive(k) || ranges.length === 0) return c;
  const flush = c.design['mm.encDecFlush'];
  if (flush === 'none' || (flush === 'skip-if-coherent' && c.env.cpu.smeCoherent)) return c;
  const sorted = ascendingDisjoint(ranges) ? ranges : [...ranges].sort((a, b) => a.start - b.start);
  // The old mapping, with SME active: encrypted (C-bit in effect) when changing to decrypted, and the reverse.
  const oldTag = !toEncrypted;
  return writeBack(c, stage, 'clflush_cache_range', { kind: 'ranges', ranges: sorted, encrypted: oldTag },
    () => `${toEncrypted ? 'set_memory_encrypted' : 'set_memory_decrypted'}: CLFLUSH of ${sorted.map(showRange).join(', ')} through the ${oldTag ? 'encrypted' : 'decrypted'} mapping`);
}

/** The CPU each stage runs on: `kexec -p` on the kexec CPU, the crash and the kdump kernel on the CPU that panicked. */
function cpuFor(c: KdumpContext, stage: Stage): number | null {
  if (stage === 'kexec-load') return c.env.caches.kexecCpu;
  if (stage === 'panic') return c.env.caches.panicCpu;
  return null;
}

/**
 * As the run first enters `stage`: the CPU that runs from here, then the write-backs the
 * environment schedules for this moment, in order.
 */
export function cachesAtStage(c: KdumpContext, stage: Stage): KdumpContext {
  if (c.dram.caches === null) return c;
  const cpu = cpuFor(c, stage);
  let next = cpu === null ? c : withContext(c, { dram: dramOnCpu(c.dram, cpu) });
  for (const w of c.env.caches.writebacks) {
    if (w.at !== stage) continue;
    const sel: Selection = w.region === undefined ? { kind: 'cpu', cpu: w.cpu } : { kind: 'cpu', cpu: w.cpu, region: w.region };
    next = writeBack(next, stage, 'cache eviction', sel, () => `the hardware evicts ${w.region === undefined ? 'every dirty line' : `the dirty lines of ${w.region}`} on CPU ${w.cpu}`);
  }
  return next;
}

/** The remote CPUs' flushes as the crash NMI stops them (`crash.stopCpusWbinvd`). */
export function stopOtherCpus(c: KdumpContext): KdumpContext {
  // The design is consulted last: with no caches modelled, or no SME on the CPU, it changes nothing.
  if (c.dram.caches === null || !c.env.cpu.smeSupported || c.design['crash.stopCpusWbinvd'] === 'never') return c;
  let next = c;
  for (let cpu = 0; cpu < c.env.cpu.cpus; cpu++) {
    if (cpu !== c.env.caches.panicCpu) next = wbinvd(next, 'panic', 'crash_nmi_callback', cpu);
  }
  return next;
}

/** `relocate_kernel`'s WBINVD in `identity_mapped` (`kexec.relocateWbinvd`), on the CPU that panicked. */
export function relocateWbinvd(c: KdumpContext): KdumpContext {
  // With no caches modelled, or no SME on the CPU (so none active either), no option flushes: the design is not consulted.
  if (c.dram.caches === null || !c.env.cpu.smeSupported) return c;
  const option = c.design['kexec.relocateWbinvd'];
  const flush = (option === 'if-sme-active' && c.first.smeActive) || option === 'if-sme-supported';
  if (!flush) return c;
  return wbinvd(c, 'relocation', 'identity_mapped', c.env.caches.panicCpu);
}

/** The data the kernels write through a CPU, by the name its lines go by (for generated and hand-written write-backs). */
export const LINE_REGIONS: readonly string[] = [
  'ram', 'page table', 'swiotlb', 'decrypted page', 'dev_table',
  'relocate_kernel code', ...IDENTITY_TABLES, ...SEGMENT_NAMES,
  'crash_notes', 'vmcoreinfo',
];
