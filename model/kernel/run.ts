/**
 * What one run records: the stages it reached, where it stopped and why, the steps the
 * kernels took, and one observation for every read a property may judge.
 *
 * An observation says what DRAM held (the value, and the attribute it was written with), the
 * attribute the reader used, what the reader expected (what the writer wrote, or what the
 * first kernel itself saw) and what it got back. Properties judge observations; they never
 * look at the design.
 */
import type { AddrRange } from '../hardware/address.ts';
import type { Cell } from '../hardware/memory.ts';
import type { Value } from '../hardware/values.ts';

export const STAGES = [
  'first-kernel',
  'kexec-load',
  'panic',
  'relocation',
  'purgatory',
  'kdump-boot',
  'boot-data',
  'iommu-init',
  'vmcore-init',
  'dump',
  'dump-tool',
] as const;
export type Stage = (typeof STAGES)[number];

/** Which reads an observation belongs to; each property judges some of them. */
export type ReadKind =
  | 'relocation-fetch'
  | 'purgatory-read'
  | 'kdump-boot-read'
  | 'bootdata-read'
  | 'iommu-devtable-copy'
  | 'elfcorehdr-read'
  | 'notes-read'
  | 'vmcore-read'
  | 'vmcore-mmap'
  | 'dumptool-read'
  /** Not a read: a dirty cache line written back to DRAM (cache.ts), judged like one against what DRAM held. */
  | 'cache-writeback'
  /** The hypervisor of an SEV guest reading guest memory without its key (hypervisor.ts). */
  | 'hypervisor-read';

/** How the first kernel used an old page: through its ordinary direct map, or decrypted. */
export type OldPageUsage = 'direct-map' | 'decrypted';

export type Attribute = 'encrypted' | 'plaintext';

/** A reader that refused the data before reading it (the IOMMU device-table address check). */
export interface Refusal {
  readonly kind: 'refused';
  readonly why: string;
}

export interface Observation {
  /** Index of the step that made this read. */
  readonly step: number;
  readonly kind: ReadKind;
  /** The kernel function that read. */
  readonly site: string;
  /** What was read, in kernel words ("identity page table (PUD)", "crash notes of CPU 3"). */
  readonly what: string;
  readonly usage: OldPageUsage | null;
  readonly range: AddrRange;
  /** How the data sits in DRAM, or null when nothing was read. */
  readonly written: Attribute | 'never written' | 'no RAM' | null;
  readonly read: Attribute | null;
  readonly expected: Value;
  readonly got: Value | Refusal;
  readonly ok: boolean;
}

export interface Step {
  readonly stage: Stage;
  /** The kernel (or tool) function this step models. */
  readonly site: string;
  readonly text: string;
}

export interface Stop {
  readonly stage: Stage;
  readonly site: string;
  readonly reason: string;
}

export interface Run {
  readonly stages: readonly Stage[];
  /** Where the machine hung or gave up; null if it did not. */
  readonly stop: Stop | null;
  /** The panic found no crash kernel loaded: the machine halted, nothing to dump. */
  readonly halted: boolean;
  readonly steps: readonly Step[];
  readonly observations: readonly Observation[];
}

export function writtenAs(cell: Cell): Observation['written'] {
  if (cell.cipher !== null) return 'encrypted';
  if (cell.value.kind === 'garbage' && cell.value.cause === 'memory never written') return 'never written';
  if (cell.value.kind === 'garbage' && cell.value.cause === 'no RAM at this address') return 'no RAM';
  return 'plaintext';
}
