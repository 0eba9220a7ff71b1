/**
 * The kdump kernel: early boot, IOMMU init and vmcore init.
 *
 * Models (Linux 4.19-rc5 + SME kdump series v7):
 * - early boot: the decompressor and `startup_64` read the image, initrd and boot_params with
 *   paging on identity tables without the C-bit; then `sme_enable` decides SME from this kernel's
 *   own `mem_encrypt=`, and `sme_encrypt_kernel` encrypts image and initrd in place (read
 *   plaintext, write through the C-bit), after which the kernel runs through encrypted mappings;
 *   boot_params stays mapped decrypted (`early_memremap_pgprot_adjust`); `__enc_copy` WBINVDs its
 *   CPU before the copy, and after a stale cache write-back the running kernel's text is fetched
 *   again, at vmcore init;
 * - `copy_device_table()`: the old Device Table Base register, the 4 GiB check, the mapping;
 * - `parse_crash_elf_headers()`: `elfcorehdr_read()` of the ELF core header at `elfcorehdr=`,
 *   then `elfcorehdr_read_notes()` of every PT_NOTE.
 * Which address bits are cleared and which attribute each reader uses come from the design.
 * Boot data and firmware tables are read in boot-data.ts; without an IVRS there is no IOMMU to init.
 * Leaves out: the rest of the kdump kernel's boot.
 */
import { clearBit, FOUR_GIB, hex, PAGE_SIZE, setBit, showRange, size } from '../hardware/address.ts';
import { sameData } from '../hardware/values.ts';
import { dramRead, type DramWrite, dramWriteAll } from '../hardware/dram.ts';
import { iommuDeviceTableView } from '../hardware/iommu.ts';
import { cbitMask, privateAccess } from '../hardware/machine.ts';
import { wbinvd } from './caches.ts';
import { cpuRead, handedOverSme, type KdumpContext, type Kernel, lastStep, observe, oldMemoryMask, oldMemoryReadEncrypted, smeEnable, smeSet, step, stopAt, withContext } from './context.ts';
import { oldDram } from './dump.ts';
import { allOk, judgeAgainstView, judgeAgainstWritten, judgeSites } from './judge.ts';
import { type Kimage, loaded, segment } from './kimage.ts';

function image(c: KdumpContext): Kimage {
  if (c.kimage === null) throw new Error('the kdump kernel booted without a crash image');
  return c.kimage;
}

function kdumpKernel(c: KdumpContext): Kernel {
  if (c.kdump === null) throw new Error('the kdump kernel has not run sme_enable yet');
  return c.kdump;
}

/**
 * Decompressor and `startup_64`: image, initrd and boot_params read in the clear on an SME host;
 * in an SEV guest the decompressor finds the C-bit (`get_sev_encryption_bit()`) and sets it in the
 * tables it builds, so everything is read private.
 */
export function kdumpEarlyBoot(c: KdumpContext): KdumpContext {
  const k = image(c);
  const guest = c.dram.machine.sevGuest;
  let next = step(c, 'kdump-boot', 'startup_64', guest
    ? 'the kdump kernel starts in an SEV guest: its decompressor sets the C-bit (get_sev_encryption_bit) and reads its image, initrd and boot_params private'
    : 'the kdump kernel starts on identity tables without the C-bit and reads its image, initrd and boot_params');
  for (const name of ['kernel', 'initrd', 'boot_params'] as const) {
    const r = segment(k, name);
    const obs = judgeAgainstWritten(next, { kind: 'kdump-boot-read', site: 'startup_64', what: `${name} (before SME is up)` }, dramRead(next.dram, privateAccess(next.dram.machine, r.start), size(r)), loaded(k, name, r));
    next = observe(next, obs);
    if (!allOk(obs)) return stopAt(next, 'kdump-boot', 'startup_64', `the kdump kernel read garbage from its ${name} ${showRange(r)}: boot fails`);
  }
  return next;
}

/**
 * `sme_enable()` then `sme_encrypt_kernel()` (arch/x86/mm/mem_encrypt_identity.c, 4.19): with SME
 * active, image and initrd are encrypted in place, then read through encrypted mappings.
 */
export function smeEncryptKdumpKernel(c: KdumpContext): KdumpContext {
  const kdump = smeEnable(c.dram.machine, 'kdump kernel', c.env.kdumpKernelMemEncrypt);
  let next = step(withContext(c, { kdump }), 'kdump-boot', 'sme_enable', kdump.sevActive
    ? `SEV guest: SEV active in the kdump kernel whatever mem_encrypt= says, sme_me_mask=${hex(kdump.smeMask)}; sme_encrypt_kernel() does nothing (sme_active() is false)`
    : `mem_encrypt=${c.env.kdumpKernelMemEncrypt ? 'on' : 'off'}: SME ${kdump.smeActive ? 'active' : 'not active'} in the kdump kernel`);
  if (!kdump.smeActive) return next;
  const k = image(c);
  // __enc_copy: WBINVD before the copy, on the CPU that runs it.
  next = wbinvd(next, 'kdump-boot', '__enc_copy', c.env.caches.panicCpu);
  const parts = (['kernel', 'initrd'] as const).map((name) => ({ name, r: segment(k, name) }));
  // Image and initrd are disjoint, so each reads the same before or after the other is encrypted.
  const writes: DramWrite[] = [];
  for (const { r } of parts) {
    for (const piece of dramRead(next.dram, r.start, size(r))) writes.push({ address: smeSet(kdump, piece.start), length: piece.end - piece.start, value: piece.got });
  }
  next = step(withContext(next, { dram: dramWriteAll(next.dram, writes) }), 'kdump-boot', 'sme_encrypt_kernel', 'kernel image and initrd encrypted in place (read without, written with the C-bit)');
  for (const { name, r } of parts) {
    const obs = judgeAgainstWritten(next, { kind: 'kdump-boot-read', site: 'sme_encrypt_kernel', what: `${name} through encrypted mappings` }, cpuRead(next, kdump, r, true), loaded(k, name, r));
    next = observe(next, obs);
    if (!allOk(obs)) return stopAt(next, 'kdump-boot', 'sme_encrypt_kernel', `the kdump kernel's ${name} reads as garbage through its encrypted mappings: boot fails`);
  }
  return next;
}

/**
 * The kdump kernel runs on: its text fetched again through its own mappings. Only a stale
 * write-back can have changed DRAM under it since `sme_encrypt_kernel`, so it is fetched (and
 * judged, for KDUMP-BOOT) only in a run that had one; garbage there crashes the kdump kernel.
 */
function runningText(c: KdumpContext, k: Kimage, kdump: Kernel): KdumpContext {
  if (c.dram.caches === null || c.dram.caches.staleWritebacks === 0) return c;
  const r = segment(k, 'kernel');
  let next = step(c, 'vmcore-init', 'kdump kernel text', () => `the kdump kernel's text ${showRange(r)} fetched through its ${kdump.smeActive ? 'encrypted' : 'plaintext'} mappings after a stale write-back`);
  const obs = judgeAgainstWritten(next, { kind: 'kdump-boot-read', site: 'kdump kernel text', what: 'kernel text, running' }, cpuRead(next, kdump, r, true), loaded(k, 'kernel', r));
  next = observe(next, obs);
  return allOk(obs) ? next : stopAt(next, 'vmcore-init', 'kdump kernel text', `the kdump kernel fetched garbage from its own text ${showRange(r)}: it crashes before /proc/vmcore exists`);
}

const DEVTABLE_SITE = 'copy_device_table';

/** `copy_device_table()` (drivers/iommu/amd_iommu_init.c, 4.20): find, check, map and copy the old device table. */
export function copyDeviceTable(c: KdumpContext): KdumpContext {
  if (!c.iommu.translation || c.iommu.devTableBase === null) {
    return step(c, 'iommu-init', DEVTABLE_SITE, 'IOMMU translation was off in the first kernel: nothing to copy');
  }
  const kdump = kdumpKernel(c);
  const table = c.env.layout.iommuDevTable;
  const register = c.iommu.devTableBase;
  if (c.kdumpBoot?.ivrs !== true) {
    // amd_iommu_detect() -> detect_ivrs(): acpi_get_table("IVRS") gives AE_NOT_FOUND, so the driver never runs.
    const why = 'no IVRS was installed: amd_iommu_detect() finds no AMD IOMMU, the old device table is never copied and the devices keep DMAing through it';
    const next = step(c, 'iommu-init', 'amd_iommu_detect', 'detect_ivrs(): IVRS not found: no AMD IOMMU');
    return observe(next, [{
      step: lastStep(next), kind: 'iommu-devtable-copy', site: 'amd_iommu_detect', what: 'old IOMMU device table', usage: null,
      range: table, written: null, read: null, expected: iommuDeviceTableView(next.dram, next.iommu, size(table))[0]!.got, got: { kind: 'refused', why }, ok: false,
    }]);
  }
  // __sme_clr() with the C-bit the kdump kernel knows (kdump.cbitSource). Either mask it can know is
  // 0 or the CPU's C-bit, so when the register has no C-bit every option gives the register as read,
  // and the design is not consulted.
  const hasCbit = c.env.cpu.smeSupported && clearBit(register, cbitMask(c.env.cpu)) !== register;
  const address = hasCbit && c.design['kdump.iommuDevTableAddress'] === 'sme-clr' ? clearBit(register, oldMemoryMask(c, kdump)) : register;
  let next = step(c, 'iommu-init', DEVTABLE_SITE, () => `DEV_TABLE_BASE reads ${hex(register)}; old_devtb_phys = ${hex(address)}`);
  const ioView = iommuDeviceTableView(next.dram, next.iommu, size(table));
  const what = 'old IOMMU device table';
  if (address >= FOUR_GIB) {
    const why = `old_devtb_phys ${hex(address)} is above 4G: "not trustworthy", the old table is not copied`;
    return observe(next, [{
      step: lastStep(next), kind: 'iommu-devtable-copy', site: DEVTABLE_SITE, what, usage: null,
      range: { start: address, end: address + size(table) }, written: null, read: null,
      expected: ioView[0]!.got, got: { kind: 'refused', why }, ok: false,
    }]);
  }
  // Every option maps it decrypted when SME is not active and no flag says it was: the design is consulted only otherwise.
  const flag = handedOverSme(c) === true;
  const mapping = kdump.smeActive || flag ? c.design['kdump.iommuDevTableMapping'] : 'memremap';
  const encrypted = (mapping === 'ioremap-encrypted-if-sme' && kdump.smeActive) || (mapping === 'ioremap-encrypted-if-first-kernel-sme' && flag);
  next = step(next, 'iommu-init', encrypted ? 'ioremap_encrypted' : 'memremap', `old device table mapped ${encrypted ? 'encrypted' : 'decrypted'} and copied`);
  const copy = dramRead(next.dram, encrypted ? setBit(address, oldMemoryMask(next, kdump)) : address, size(table));
  return observe(next, judgeAgainstView(next, { kind: 'iommu-devtable-copy', site: DEVTABLE_SITE, what }, copy, ioView));
}

/** `elfcorehdr_read()` (fs/proc/vmcore.c): the ELF core header at `elfcorehdr=`; garbage means no /proc/vmcore. */
export function elfcorehdrRead(context: KdumpContext): KdumpContext {
  const k = image(context);
  const kdump = kdumpKernel(context);
  const c = runningText(context, k, kdump);
  if (c.run.stop !== null) return c;
  const r = segment(k, 'elfcorehdr');
  const encrypted = oldMemoryReadEncrypted(() => c.design['vmcore.elfcorehdrRead'], kdump, null);
  let next = step(c, 'vmcore-init', 'elfcorehdr_read', () => `read the ELF core header at elfcorehdr=${hex(r.start)} ${encrypted ? 'encrypted' : 'decrypted'}`);
  const got = cpuRead(next, kdump, r, encrypted);
  const obs = judgeAgainstWritten(next, { kind: 'elfcorehdr-read', site: 'elfcorehdr_read', what: 'ELF core header' }, got, loaded(k, 'elfcorehdr', r));
  next = observe(next, obs);
  const first = got[0]?.got;
  const parsed = first !== undefined && first.kind === 'data' && got.every((p) => p.got.kind === 'data' && p.got.gen === first.gen && p.got.region === 'elfcorehdr')
    ? next.loadedImages.find((img) => img.gen === first.gen)
    : undefined;
  if (parsed === undefined) return stopAt(next, 'vmcore-init', 'parse_crash_elf_headers', 'the ELF core header is garbage: "Kdump: vmcore not initialized"');
  return withContext(next, { elfcorehdr: parsed.elf });
}

/**
 * `elfcorehdr_read_notes()` via `merge_note_headers_elf64()` (fs/proc/vmcore.c): a garbage note is
 * dropped with "Warning: Exceeded p_memsz, dropping PT_NOTE entry", and vmcore init goes on.
 */
/** Does `elfcorehdr_read_notes()` read through the C-bit: `read_from_oldmem(..., sme_active())` in the series, `mem_encrypt_active()` from 5.3? */
export const notesReadEncrypted = (c: KdumpContext, kdump: Kernel): boolean => oldMemoryReadEncrypted(() => c.design['vmcore.notesRead'], kdump, handedOverSme(c));

export function elfcorehdrReadNotes(c: KdumpContext): KdumpContext {
  const kdump = kdumpKernel(c);
  const encrypted = notesReadEncrypted(c, kdump);
  let next = step(c, 'vmcore-init', 'elfcorehdr_read_notes', `read ${c.elfcorehdr?.notes.length ?? 0} PT_NOTE(s) ${encrypted ? 'encrypted' : 'decrypted'}`);
  // One read per PT_NOTE; notes that read alike (every CPU's, usually) make one batch of observations.
  const notes = next.elfcorehdr?.notes ?? [];
  const got = { dram: next.dram, mask: encrypted ? oldMemoryMask(next, kdump) : 0 };
  const view = { dram: oldDram(next), mask: next.first.smeMask };
  const obs = judgeSites(next, 'notes-read', 'elfcorehdr_read_notes', notes, 0, notes.length, got, view, false);
  next = observe(next, obs);
  // What /proc/vmcore's PT_NOTE will carry of vmcoreinfo, for the dump tool.
  const { vmcoreinfo } = next.env.layout;
  const listed = notes.some((n) => n.range.start === vmcoreinfo.start);
  const intact = listed && sameData(dramRead(got.dram, setBit(vmcoreinfo.start, got.mask), PAGE_SIZE)[0]!.got, dramRead(view.dram, setBit(vmcoreinfo.start, view.mask), PAGE_SIZE)[0]!.got);
  return intact ? withContext(next, { vmcoreinfoIntact: true }) : next;
}
