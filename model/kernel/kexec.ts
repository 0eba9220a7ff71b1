/**
 * `kexec -p`: loading and unloading the crash image while the first kernel runs.
 *
 * Models (Linux 4.19-rc5 + SME kdump series v7, kexec-tools 2.0.17):
 * - `kimage_alloc_crash_control_pages()` takes the control pages from the crashkernel region and
 *   `machine_kexec_prepare()` writes the relocation code and identity page tables into them;
 *   the series makes them decrypted first (`arch_kexec_post_alloc_pages()`);
 * - `kimage_load_crash_segment()` copies each segment into its destination pages; the series
 *   switches each page to decrypted around the copy;
 * - unloading frees the image (`arch_kexec_pre_free_pages()` re-encrypts the direct-map entries,
 *   which changes no data);
 * - the loader (kexec-tools with `kexec_load`, or the kernel with `kexec_file_load`) writes the
 *   kdump kernel's memory map and setup_data into the boot_params segment (loader.ts).
 * - each C-bit change of those pages first flushes their lines of the old attribute, as the
 *   design's `mm.encDecFlush` says (caches.ts).
 * - in an SEV guest (5.3) `arch_kexec_post_alloc_pages()` and `arch_kexec_pre_free_pages()`
 *   return early (`if (sev_active()) return 0;`), and `init_pgtable()` adds `_PAGE_ENC` to the
 *   identity map's entries, as the design says.
 * Which attribute each write uses, and which loader runs, come from the design.
 */
import { hex, showRange } from '../hardware/address.ts';
import { E820_LOG_NAMES, IOMEM_NAMES } from '../firmware.ts';
import { type DramWrite, dramWriteAll } from '../hardware/dram.ts';
import { encDecFlush } from './caches.ts';
import type { Decisions } from '../design/registry.ts';
import { cpuWriteOf, type KdumpContext, type Kernel, step, withContext } from './context.ts';
import { IDENTITY_TABLES, type Kimage, loaded, placeKimage, segment } from './kimage.ts';
import { bootDataFor } from './loader.ts';

const STAGE = 'kexec-load';

/**
 * Does `arch_kexec_post_alloc_pages()` leave these pages encrypted? Before the series it did not
 * exist; the series makes them decrypted; 1a79c1b8a041 returns early when `sev_active()`.
 */
function keptEncrypted(option: Decisions['kexec.crashControlPages'], first: Kernel): boolean {
  switch (option) {
    case 'encrypted': return true;
    case 'decrypted': return false;
    case 'decrypted-unless-sev': return first.sevActive;
  }
}

/** The C-bit `init_pgtable()` puts in the identity map's entries (`page_flag` and `kernpg_flag`). */
function identityMask(option: Decisions['kexec.identityMapCbit'], first: Kernel): number {
  switch (option) {
    case 'never': return 0;
    case 'always': return first.smeMask;
    case 'if-sev': return first.sevActive ? first.smeMask : 0;
  }
}

/** `kexec_load()` with KEXEC_ON_CRASH: control pages, then every segment. */
export function kexecLoadCrash(c: KdumpContext): KdumpContext {
  const placed = placeKimage(c.env.layout);
  const controlEncrypted = keptEncrypted(c.design['kexec.crashControlPages'], c.first);
  const segmentsEncrypted = keptEncrypted(c.design['kexec.crashSegments'], c.first);
  const gen = c.gen + 1;
  // With no C-bit in the first kernel every option gives entries without one: the design is consulted only otherwise.
  const identityEntryMask = c.first.smeMask === 0 ? 0 : identityMask(c.design['kexec.identityMapCbit'], c.first);
  const syscall = c.design['kexec.syscall'];
  const boot = bootDataFor(c.env, c.design, segment(placed, 'boot_params'));
  const { controlCodePage, pageTables, segments, elf } = placed;
  const firstKernelSme = c.design['handoff.firstKernelSme'] === 'boot-params' ? c.first.smeActive : null;
  const kimage: Kimage = { gen, controlCodePage, pageTables, controlEncrypted, segmentsEncrypted, firstKernelSme, identityEntryMask, segments, elf, syscall, boot };
  // kexec-tools builds boot_params in user space before it calls kexec_load(); kexec_file_load()
  // allocates the control pages (kimage_file_alloc_init) before bzImage64_load() builds them.
  const before = syscall === 'kexec_load' ? bootDataSteps(c, kimage) : c;
  // arch_kexec_post_alloc_pages(): set_memory_decrypted() of the pages kexec writes decrypted, before it writes them.
  const decrypted = [...(controlEncrypted ? [] : [controlCodePage, ...pageTables]), ...(segmentsEncrypted ? [] : segments.map((s) => s.range))];
  const flushed = encDecFlush(before, c.first, STAGE, decrypted, false);
  // Control pages, then every segment, as one batch of writes: the same DRAM as one write after another.
  const writes: DramWrite[] = [cpuWriteOf(c.first, controlCodePage, controlEncrypted, loaded(kimage, 'relocate_kernel code', controlCodePage))];
  pageTables.forEach((t, i) => writes.push(cpuWriteOf(c.first, t, controlEncrypted, loaded(kimage, IDENTITY_TABLES[i]!, t))));
  for (const s of segments) writes.push(cpuWriteOf(c.first, s.range, segmentsEncrypted, loaded(kimage, s.name, s.range)));
  const dram = dramWriteAll(flushed.dram, writes);
  const loadedContext = withContext(flushed, { gen, dram, kimage, loadedImages: [...c.loadedImages, kimage] });
  let next = step(loadedContext, STAGE, 'kimage_alloc_crash_control_pages',
    () => `control pages ${showRange({ start: controlCodePage.start, end: pageTables.at(-1)!.end })} written ${controlEncrypted ? 'through the encrypted direct map' : 'decrypted'}; identity map entries ${identityEntryMask === 0 ? 'without' : 'with'} the C-bit`);
  if (syscall === 'kexec_file_load') next = bootDataSteps(next, kimage);
  for (const s of segments) {
    next = step(next, STAGE, 'kimage_load_crash_segment', () => `${s.name} ${showRange(s.range)} written ${segmentsEncrypted ? 'encrypted' : 'decrypted'}`);
  }
  // arch_kexec_pre_free_pages() after each segment page is copied: set_memory_encrypted() again.
  return segmentsEncrypted ? next : encDecFlush(next, next.first, STAGE, segments.map((s) => s.range), true);
}

/** What the loader put in boot_params, as steps: the memory map it built (and what it left out), and the setup_data chain. */
function bootDataSteps(c: KdumpContext, k: Kimage): KdumpContext {
  const { memmap, leftOut, setupData } = k.boot;
  const site = k.syscall === 'kexec_load' ? 'get_crash_memory_ranges' : 'crash_setup_memmap_entries';
  let next = step(c, STAGE, site, () => {
    const entries = memmap.map((e) => `${showRange(e.range)} ${E820_LOG_NAMES[e.type]}`).join(', ');
    const out = leftOut.map((l) => `"${IOMEM_NAMES[l.entry.type]}" ${showRange(l.entry.range)} (${l.why})`).join('; ');
    return `${k.syscall}: the kdump kernel's e820 in boot_params: ${entries}${out === '' ? '' : `; left out: ${out}`}`;
  });
  if (k.firstKernelSme !== null) {
    next = step(next, STAGE, 'boot_params SME flag', `the loader saves the first kernel's SME state in boot_params: ${k.firstKernelSme ? 'active' : 'not active'}`);
  }
  if (setupData.length > 0) {
    next = step(next, STAGE, k.syscall === 'kexec_load' ? 'add_setup_data' : 'setup_boot_parameters', () =>
      `setup_data chain: ${setupData.map((e) => `${e.type} header at ${hex(e.address)}, payload ${hex(e.address + 16)}+${e.len}`).join(' -> ')}`);
  }
  return next;
}

/** `kexec -p -u`: `kimage_free()`; the pages keep whatever they hold. */
export function kexecUnloadCrash(c: KdumpContext): KdumpContext {
  const next = step(withContext(c, { kimage: null }), STAGE, 'kimage_free', 'crash image unloaded');
  const k = c.kimage;
  // arch_kexec_pre_free_pages() of decrypted control pages: set_memory_encrypted() again.
  if (k === null || k.controlEncrypted) return next;
  return encDecFlush(next, next.first, STAGE, [k.controlCodePage, ...k.pageTables], true);
}
