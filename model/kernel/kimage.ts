/**
 * The crash image `kexec -p` loads: where its control pages and segments sit in the crashkernel
 * region, and what its ELF core header says.
 *
 * Models: kimage_alloc_crash_control_pages() taking pages from the start of the region (one
 * control-code page and the identity-map tables relocate_kernel switches to: PGD, PUD, PMD with
 * 2 MiB leaves), and kexec-tools placing the kernel, initrd, purgatory, boot_params/cmdline and
 * the ELF core header after them. The ELF header lists old memory (RAM less the crashkernel
 * region) as PT_LOADs and one PT_NOTE per CPU plus vmcoreinfo.
 * Leaves out: real sizes and alignment rules of kexec-tools (sizes here are typical), the backup
 * region, and kexec_file_load's in-kernel placement.
 */
import { type AddrRange, KiB, MiB, PAGE_SIZE, pages, range } from '../hardware/address.ts';
import { data, type Value } from '../hardware/values.ts';
import { type Layout, oldMemoryRanges } from '../environment.ts';
import { BOOT_PARAMS_PAGES } from '../setup-data.ts';
import type { BootData } from './loader.ts';
import { lastOf } from '../memo.ts';

export const SEGMENT_NAMES = ['kernel', 'initrd', 'purgatory', 'boot_params', 'elfcorehdr'] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

export const PAGE_TABLE_LEVELS = ['PGD', 'PUD', 'PMD'] as const;

/** What each identity table is called in tokens and traces: "identity PGD", ... */
export const IDENTITY_TABLES: readonly string[] = PAGE_TABLE_LEVELS.map((level) => `identity ${level}`);

export interface Segment {
  readonly name: SegmentName;
  readonly range: AddrRange;
}

export interface ElfCoreHeader {
  /** PT_LOAD ranges: old memory. */
  readonly loads: readonly AddrRange[];
  /** PT_NOTE ranges: the crash notes of each CPU, then vmcoreinfo. */
  readonly notes: readonly { readonly what: string; readonly range: AddrRange }[];
}

export interface Kimage {
  /** The write generation of this load; its pages hold tokens of this generation. */
  readonly gen: number;
  readonly controlCodePage: AddrRange;
  /** The identity page tables, top level first. */
  readonly pageTables: readonly AddrRange[];
  /** Were the control pages written through the C-bit (left encrypted, or private in an SEV guest)? */
  readonly controlEncrypted: boolean;
  /** Were the segments? */
  readonly segmentsEncrypted: boolean;
  /** The first kernel's SME state, as the hand-off saved it in boot_params (`handoff.firstKernelSme`); null without it. */
  readonly firstKernelSme: boolean | null;
  /** The C-bit (or 0) that the identity map's table and leaf entries carry. */
  readonly identityEntryMask: number;
  readonly segments: readonly Segment[];
  readonly elf: ElfCoreHeader;
  /** The system call that loaded it: kexec-tools' `kexec_load`, or the kernel's `kexec_file_load`. */
  readonly syscall: 'kexec_load' | 'kexec_file_load';
  /** The kdump kernel's memory map and setup_data chain, as the loader wrote them into boot_params. */
  readonly boot: BootData;
}

const SEGMENT_SIZES: Record<Exclude<SegmentName, 'elfcorehdr'>, number> = {
  kernel: 12 * MiB,
  initrd: 20 * MiB,
  purgatory: 16 * KiB,
  boot_params: BOOT_PARAMS_PAGES * PAGE_SIZE,
};

/** The bytes of every segment but the ELF core header, whose size depends on the layout. */
const FIXED_SEGMENT_BYTES = Object.values(SEGMENT_SIZES).reduce((a, b) => a + b, 0);
/** The control-code page and the identity page tables. */
const CONTROL_PAGES = 1 + PAGE_TABLE_LEVELS.length;

/** Bytes the crash image needs in the crashkernel region for a layout with `loads` PT_LOADs and `cpus` CPUs. */
export function kimageFootprint(loads: number, cpus: number): number {
  const elfBytes = 64 + 56 * (loads + cpus + 1);
  const elfPages = Math.ceil(elfBytes / PAGE_SIZE);
  return CONTROL_PAGES * PAGE_SIZE + FIXED_SEGMENT_BYTES + elfPages * PAGE_SIZE;
}

/** "crash notes of CPU i", made once for each i. */
const noteNames: string[] = [];

export function elfCoreHeader(layout: Layout): ElfCoreHeader {
  const cpus = pages(layout.crashNotes);
  // Sized up front: growing the array note by note costs more than making the notes.
  const notes = new Array<{ what: string; range: AddrRange }>(cpus + 1);
  let at = layout.crashNotes.start;
  for (let cpu = 0; cpu < cpus; cpu++) {
    notes[cpu] = { what: (noteNames[cpu] ??= `crash notes of CPU ${cpu}`), range: { start: at, end: at + PAGE_SIZE } };
    at += PAGE_SIZE;
  }
  notes[cpus] = { what: 'vmcoreinfo', range: layout.vmcoreinfo };
  return { loads: oldMemoryRanges(layout), notes };
}

type Placement = Pick<Kimage, 'controlCodePage' | 'pageTables' | 'segments' | 'elf'>;

/** Where a crash image goes in a layout: the same for every load on it. */
const placement = lastOf(placeIn);

function placeIn(layout: Layout): Placement {
  const base = layout.crashkernel.start;
  const controlCodePage = range(base, PAGE_SIZE);
  const pageTables = PAGE_TABLE_LEVELS.map((_, i) => range(base + (i + 1) * PAGE_SIZE, PAGE_SIZE));
  let at = base + CONTROL_PAGES * PAGE_SIZE;
  const elf = elfCoreHeader(layout);
  const elfBytes = kimageFootprint(elf.loads.length, elf.notes.length - 1) - (at - base) - FIXED_SEGMENT_BYTES;
  const segments: Segment[] = [];
  for (const name of SEGMENT_NAMES) {
    const bytes = name === 'elfcorehdr' ? elfBytes : SEGMENT_SIZES[name];
    segments.push({ name, range: range(at, bytes) });
    at += bytes;
  }
  return { controlCodePage, pageTables, segments, elf };
}

/** Where a crash image goes in this layout: its control pages and segments, and its ELF core header. */
export const placeKimage = (layout: Layout): Placement => placement(layout);

export function segment(k: Pick<Kimage, 'segments'>, name: SegmentName): AddrRange {
  const s = k.segments.find((x) => x.name === name);
  if (s === undefined) throw new Error(`crash image has no ${name} segment`);
  return s.range;
}

/** What kexec wrote into a region of the image: the token a reader should find there. */
export const loaded = (k: Kimage, region: string, r: AddrRange): Value => data(region, k.gen, r.start);
