/**
 * The crash: panic, and the path from the dying first kernel into the kdump kernel.
 *
 * Models (Linux 4.19-rc5 + SME kdump series v7, kexec-tools 2.0.17 purgatory):
 * - `__crash_kexec()`: `crash_save_vmcoreinfo()`, `machine_crash_shutdown()` with
 *   `crash_save_cpu()` for every CPU, writing notes through the ordinary (encrypted) map;
 * - `machine_kexec()` -> `relocate_kernel`: the CPU first runs the control-code page through the
 *   first kernel's direct map, then loads CR3 with page_list[PA_TABLE_PAGE] = __pa(PGD) (no
 *   C-bit) and walks the identity tables, each level fetched with the C-bit of the entry that
 *   points to it, to run the control code at its identity address;
 * - purgatory, entered through the identity map, fetches its own code and checks the SHA-256
 *   digest of every other segment; a mismatch or garbage code hangs the machine.
 * - in an SEV guest every instruction fetch and page-table walk above is private whatever the
 *   C-bit in the entry (APM vol. 2, SEV); purgatory's reads of the other segments are data reads,
 *   through the identity map's leaf C-bit;
 * - the caches (caches.ts): the other CPUs stop as the crash NMI finds them, and relocate_kernel's
 *   WBINVD in `identity_mapped` comes after the fetches above, before purgatory.
 * Leaves out: the GDT/IDT switch, and the copy loop relocate_kernel skips for crash images.
 */
import { hex, setBit, showRange } from '../hardware/address.ts';
import { dramFetchPage, dramRead, dramWriteAll, type ReadPiece } from '../hardware/dram.ts';
import { privateAccess } from '../hardware/machine.ts';
import { data, type Value } from '../hardware/values.ts';
import { relocateWbinvd, stopOtherCpus } from './caches.ts';
import { cpuWriteOf, type KdumpContext, mapped, observe, step, stopAt, withContext } from './context.ts';
import { allOk, judgeAgainstWritten } from './judge.ts';
import { IDENTITY_TABLES, type Kimage, loaded, segment, type SegmentName } from './kimage.ts';
import type { Observation } from './run.ts';

function image(c: KdumpContext): Kimage {
  if (c.kimage === null) throw new Error('the crash path ran without a crash image');
  return c.kimage;
}

/** `crash_save_cpu()` for each CPU and `crash_save_vmcoreinfo()` (kernel/kexec_core.c, kernel/crash_core.c). */
export function crashSaveNotes(c: KdumpContext): KdumpContext {
  const gen = c.gen + 1;
  const { crashNotes, vmcoreinfo } = c.env.layout;
  const dram = dramWriteAll(c.dram, [
    cpuWriteOf(c.first, crashNotes, true, data('crash_notes', gen, crashNotes.start)),
    cpuWriteOf(c.first, vmcoreinfo, true, data('vmcoreinfo', gen, vmcoreinfo.start)),
  ]);
  return step(withContext(c, { gen, dram }), 'panic', 'crash_save_cpu', () =>
    `notes of ${c.env.cpu.cpus} CPU(s) ${showRange(crashNotes)} and vmcoreinfo ${showRange(vmcoreinfo)} written through the direct map`);
}

/** `machine_crash_shutdown()` (arch/x86/kernel/crash.c): other CPUs stop; old memory is now what the dump must show. */
export function machineCrashShutdown(context: KdumpContext): KdumpContext {
  const c = stopOtherCpus(context);
  return step(withContext(c, { oldMemory: c.dram.memory }), 'panic', 'machine_crash_shutdown', 'other CPUs stopped; old memory frozen');
}

/** One fetch of relocate_kernel: a page at a hardware address, which should hold what kexec wrote there. */
function relocationFetch(c: KdumpContext, out: Observation[], address: number, what: string, expected: Value): boolean {
  // Code and page tables: an instruction fetch or a table walk, private in an SEV guest whatever the entry says.
  const obs = judgeAgainstWritten(c, { kind: 'relocation-fetch', site: 'relocate_kernel', what }, dramFetchPage(c.dram, privateAccess(c.dram.machine, address)), expected);
  for (const o of obs) out.push(o);
  return allOk(obs);
}

/** The fetches relocate_kernel makes, in order; stops at the first that returns garbage. */
function relocationFetches(c: KdumpContext, k: Kimage): Observation[] {
  const out: Observation[] = [];
  const code = k.controlCodePage;
  const directMapAddress = mapped(c.first, code.start, k.controlEncrypted);
  if (!relocationFetch(c, out, directMapAddress, 'control code via the direct map', loaded(k, 'relocate_kernel code', code))) return out;
  let pointer = k.pageTables[0]!.start;
  for (const [i, table] of k.pageTables.entries()) {
    if (!relocationFetch(c, out, pointer, IDENTITY_TABLES[i]!, loaded(k, IDENTITY_TABLES[i]!, table))) return out;
    pointer = setBit(k.pageTables[i + 1]?.start ?? code.start, k.identityEntryMask);
  }
  relocationFetch(c, out, pointer, 'control code via the identity map', loaded(k, 'relocate_kernel code', code));
  return out;
}

/** `machine_kexec()` -> `relocate_kernel` (arch/x86/kernel/machine_kexec_64.c, relocate_kernel_64.S). */
export function relocateKernel(c: KdumpContext): KdumpContext {
  const k = image(c);
  let next = step(c, 'relocation', 'relocate_kernel', () => `CR3 <- ${hex(k.pageTables[0]!.start)} (PA_TABLE_PAGE); walk the identity map to the control code`);
  const obs = relocationFetches(next, k);
  next = observe(next, obs);
  const bad = obs.find((o) => !o.ok);
  if (bad === undefined) return relocateWbinvd(next);
  return stopAt(next, 'relocation', 'relocate_kernel', `the CPU fetched garbage from the ${bad.what} at ${showRange(bad.range)}: the machine hangs`);
}

/** A segment as purgatory reads it, through the identity map: data through the leaf's C-bit, its own code as a fetch (private in an SEV guest). */
function viaIdentityMap(c: KdumpContext, k: Kimage, name: SegmentName, fetch = false): ReadPiece[] {
  const r = segment(k, name);
  const address = setBit(r.start, k.identityEntryMask);
  return dramRead(c.dram, fetch ? privateAccess(c.dram.machine, address) : address, r.end - r.start);
}

/** kexec-tools purgatory: `purgatory()` -> `verify_sha256_digest()`, everything through the identity map. */
export function purgatory(c: KdumpContext): KdumpContext {
  const k = image(c);
  let next = step(c, 'purgatory', 'verify_sha256_digest', 'purgatory runs on the identity map and checks every segment\'s SHA-256 digest');
  const code = judgeAgainstWritten(next, { kind: 'purgatory-read', site: 'purgatory', what: 'purgatory code' }, viaIdentityMap(next, k, 'purgatory', true), loaded(k, 'purgatory', segment(k, 'purgatory')));
  next = observe(next, code);
  if (!allOk(code)) return stopAt(next, 'purgatory', 'purgatory', 'purgatory\'s own code is garbage through the identity map: the machine hangs');
  for (const name of ['kernel', 'initrd', 'boot_params', 'elfcorehdr'] as const) {
    const obs = judgeAgainstWritten(next, { kind: 'purgatory-read', site: 'verify_sha256_digest', what: `${name} segment` }, viaIdentityMap(next, k, name), loaded(k, name, segment(k, name)));
    next = observe(next, obs);
    if (!allOk(obs)) return stopAt(next, 'purgatory', 'verify_sha256_digest', `the SHA-256 digest of the ${name} segment does not match: purgatory loops forever`);
  }
  return next;
}

