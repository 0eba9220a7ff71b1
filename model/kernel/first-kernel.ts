/**
 * The first kernel: boot, normal running, and the kexec system calls made while it runs.
 *
 * Models (Linux 4.19-rc5 + SME kdump series v7):
 * - boot: `sme_enable` decides SME; every RAM page is then used through the direct map, which
 *   carries the C-bit when SME is active; SWIOTLB and a few other pages are made decrypted
 *   (`set_memory_decrypted`); the IOMMU device table is allocated and its base register programmed;
 *   the crashkernel region is reserved and left alone;
 * - `kexec -p`: the crash image is written into the crashkernel region (kexec.ts);
 * - devices DMA into memory through addresses from `phys_to_dma` (C-bit set under SME), or into
 *   SWIOTLB buffers without it; in an SEV guest only into SWIOTLB, which the CPU copies on.
 * Before it, firmware has written its ranges and tables (firmware.ts), in the clear.
 * - its page tables: `init_top_pgt` in the kernel image and the tables below it on the paths the
 *   dump tool walks (page-tables.ts), each entry carrying `_PAGE_ENC`, written through the direct map;
 * Leaves out: memory hot-plug, and which pages are free (all RAM counts as used).
 */
import { type AddrRange, decodeHardwareAddress, dramFill, dramWrite, dramWriteAll, hex, pages, privateAccess, showRange, size } from '../hardware/index.ts';
import { data } from '../hardware/values.ts';
import { enableTranslation, programDevTableBase } from '../hardware/iommu.ts';
import { dmaTarget, type KdumpEvent } from '../environment.ts';
import { type Firmware, FIRMWARE_GEN, firmwareRanges, IOMEM_NAMES } from '../firmware.ts';
import { lastOf } from '../memo.ts';
import { tableRuns } from '../page-tables.ts';
import { encDecFlush } from './caches.ts';
import { cpuWrite, cpuWriteOf, type KdumpContext, mapped, smeEnable, smeSet, step, withContext } from './context.ts';

const STAGE = 'first-kernel';

/** What firmware writes: each range filled, then each table; the same for every run on one layout. */
const firmwareWrites = lastOf((firmware: Firmware) => {
  const writes = firmware.ranges.map((f) => ({ address: f.range.start, length: size(f.range), value: data(IOMEM_NAMES[f.type], FIRMWARE_GEN, f.range.start) }));
  for (const t of firmware.tables) writes.push({ address: t.range.start, length: size(t.range), value: data(t.name, FIRMWARE_GEN, t.range.start) });
  return writes;
});

/**
 * Firmware (BIOS or UEFI) fills its e820 ranges and writes its tables, with no kernel and no C-bit:
 * plaintext. In an SEV guest the firmware (OVMF) runs encrypted, so what it writes is private.
 */
export function firmwareTables(c: KdumpContext): KdumpContext {
  const { firmware } = c.env.layout;
  if (firmware.ranges.length === 0) return c;
  const guest = c.dram.machine.sevGuest;
  const writes = firmwareWrites(firmware);
  const dram = dramWriteAll(c.dram, guest ? writes.map((w) => ({ ...w, address: privateAccess(c.dram.machine, w.address) })) : writes, 'firmware');
  return step(withContext(c, { dram }), STAGE, firmware.efi ? 'UEFI' : 'BIOS', () =>
    `firmware wrote ${firmware.ranges.map((f) => `"${IOMEM_NAMES[f.type]}" ${showRange(f.range)}`).join(', ')} ${guest ? 'private (OVMF runs encrypted in an SEV guest)' : 'in the clear'}; tables: ${firmware.tables.map((t) => `${t.name} ${showRange(t.range)}`).join(', ')}`);
}

/** `sme_enable()` + `sme_encrypt_kernel()` (arch/x86/mm/mem_encrypt_identity.c, 4.19): decide SME for the first kernel. */
export function smeEnableFirstKernel(c: KdumpContext): KdumpContext {
  const first = smeEnable(c.dram.machine, 'first kernel', c.env.firstKernelMemEncrypt);
  return step(withContext(c, { first }), STAGE, 'sme_enable', () => first.sevActive
    ? `SEV guest (MSR_AMD64_SEV): SEV active whatever mem_encrypt= says, sme_me_mask=${hex(first.smeMask)}`
    : `mem_encrypt=${c.env.firstKernelMemEncrypt ? 'on' : 'off'}: ${first.smeActive ? `SME active, sme_me_mask=${hex(first.smeMask)}` : 'SME not active, sme_me_mask=0'}`);
}

/** Normal running: every RAM page used through the direct map (`__va()` mappings carry `_PAGE_ENC` = sme_me_mask). */
export function useDirectMap(c: KdumpContext): KdumpContext {
  const gen = c.gen + 1;
  const encrypted = decodeHardwareAddress(c.dram.machine, mapped(c.first, 0, true)).encrypted;
  const dram = dramFill(c.dram, encrypted, data('ram', gen, 0), firmwareRanges(c.env.layout.firmware));
  return step(withContext(c, { gen, dram }), STAGE, 'direct map', `all RAM written through the direct map (${encrypted ? 'encrypted' : 'plaintext'})`);
}

/**
 * `init_mem_mapping()`, `vmemmap_populate()`, `__vmalloc()` and the kernel image's own tables
 * (arch/x86/mm/init_64.c, arch/x86/kernel/head_64.S, 4.19): every table page is written through the
 * direct map, and every entry in it carries `_PAGE_ENC` (`sme_me_mask`, 0 without SME), which
 * the dump tool finds when it reads the entries (dump-tool.ts).
 */
export function pagingInit(c: KdumpContext): KdumpContext {
  // Written in the same boot as the rest of the direct map, so under its generation.
  const pt = c.env.pageTables;
  const runs = tableRuns(pt);
  const dram = dramWriteAll(c.dram, runs.map((r) => cpuWriteOf(c.first, r, true, data('page table', c.gen, r.start))));
  return step(withContext(c, { dram }), STAGE, 'init_mem_mapping', () =>
    `${pt.levels}-level paging: init_top_pgt at ${hex(pt.top)} and ${pt.tables.length - 1} table(s) below it written through the direct map, each entry with _PAGE_ENC=${hex(c.first.smeMask)}`);
}

/**
 * `swiotlb_update_mem_attributes()` and other `set_memory_decrypted()` users (arch/x86/mm/mem_encrypt.c,
 * 4.19): the direct-map entries lose the C-bit, and what is written afterwards is plaintext.
 */
export function setMemoryDecrypted(context: KdumpContext): KdumpContext {
  const { layout } = context.env;
  const c = encDecFlush(context, context.first, STAGE, [layout.swiotlb, ...layout.decryptedPages], false);
  const gen = c.gen + 1;
  const writes = [cpuWriteOf(c.first, layout.swiotlb, false, data('swiotlb', gen, layout.swiotlb.start))];
  for (const r of layout.decryptedPages) writes.push(cpuWriteOf(c.first, r, false, data('decrypted page', gen, r.start)));
  const dram = dramWriteAll(c.dram, writes);
  return step(withContext(c, { gen, dram }), STAGE, 'set_memory_decrypted', () =>
    `SWIOTLB ${showRange(layout.swiotlb)} and ${layout.decryptedPages.length} other range(s) set decrypted and written as plaintext`);
}

/**
 * `amd_iommu_init()` / `iommu_set_device_table()` (drivers/iommu/amd_iommu_init.c, 4.19): the device
 * table is allocated below 4 GiB, filled through the direct map, and its base register programmed
 * with `iommu_virt_to_phys()` = `__sme_set(__pa(table))`.
 */
export function iommuSetDeviceTable(c: KdumpContext): KdumpContext {
  if (!c.env.iommuTranslation) return step(c, STAGE, 'amd_iommu_init', 'IOMMU translation off: no device table programmed');
  const gen = c.gen + 1;
  const table = c.env.layout.iommuDevTable;
  const dram = cpuWrite(c.dram, c.first, table, true, data('dev_table', gen, table.start));
  const register = smeSet(c.first, table.start);
  const iommu = enableTranslation(programDevTableBase(c.iommu, register));
  return step(withContext(c, { gen, dram, iommu }), STAGE, 'iommu_set_device_table', () =>
    `device table ${showRange(table)} written through the direct map; DEV_TABLE_BASE = ${hex(register)}; translation on`);
}

/**
 * A device writes into memory by DMA. Ordinary buffers get `phys_to_dma()` = `__sme_set(pa)`
 * (include/linux/dma-direct.h, 4.19), so the write is encrypted under SME; SWIOTLB bounce
 * buffers get `__phys_to_dma()`, without the C-bit.
 */
export function deviceDma(c: KdumpContext, e: KdumpEvent): KdumpContext {
  if (e.type !== 'DEVICE_DMA') return c;
  const target = dmaTarget(c.env.layout, e.target, e.slot, e.pages);
  if (target === null) return c;
  if (c.dram.machine.sevGuest && e.target === 'oldmem') return bouncedDma(c, e.slot, target);
  const gen = c.gen + 1;
  const address = e.target === 'oldmem' ? smeSet(c.first, target.start) : target.start;
  const dram = dramWrite(c.dram, address, size(target), data('dma', gen, target.start), 'device');
  return step(withContext(c, { gen, dram }), STAGE, e.target === 'oldmem' ? 'phys_to_dma' : 'swiotlb_tbl_map_single', () =>
    `device DMA of ${pages(target)} page(s) to ${showRange(target)} at DMA address ${hex(address)}`);
}

/**
 * In an SEV guest a device reaches only shared memory: `sev_active()` forces SWIOTLB
 * (`mem_encrypt_init()`, arch/x86/mm/mem_encrypt.c), so DMA for an ordinary buffer lands in a bounce
 * buffer in the clear and the CPU copies it into the buffer through the direct map, private
 * (`swiotlb_tbl_sync_single()`).
 */
function bouncedDma(c: KdumpContext, slot: number, target: AddrRange): KdumpContext {
  const { swiotlb } = c.env.layout;
  const bounce = dmaTarget(c.env.layout, 'swiotlb', slot, pages(target))!;
  const copied = { start: target.start, end: target.start + size(bounce) };
  const gen = c.gen + 1;
  const viaDevice = dramWrite(c.dram, bounce.start, size(bounce), data('dma', gen, bounce.start), 'device');
  const dram = dramWrite(viaDevice, smeSet(c.first, copied.start), size(copied), data('dma', gen, copied.start));
  return step(withContext(c, { gen, dram }), STAGE, 'swiotlb_tbl_sync_single', () =>
    `SEV guest: device DMA of ${pages(bounce)} page(s) into the bounce buffer ${showRange(bounce)} (SWIOTLB ${showRange(swiotlb)}, shared), copied by the CPU to ${showRange(copied)} private`);
}
