/**
 * The state the machines carry: the hardware, each kernel's SME state, the loaded crash image,
 * and the run being recorded. Also the helpers every stage uses to map and read memory the way
 * a kernel does, and to record steps and observations.
 */
import { type AddrRange, size } from '../hardware/address.ts';
import { alignPieces, type Dram, dramRead, dramWrite, type ReadPiece } from '../hardware/dram.ts';
import type { Iommu } from '../hardware/iommu.ts';
import { cbitMask, type Machine, memoryEncryptionEnabled } from '../hardware/machine.ts';
import type { Memory } from '../hardware/memory.ts';
import { sameData, type Value } from '../hardware/values.ts';
import type { Decisions } from '../design/registry.ts';
import type { Environment } from '../environment.ts';
import type { Kimage } from './kimage.ts';
import { type Observation, type OldPageUsage, type ReadKind, type Run, type Stage, writtenAs } from './run.ts';

/** One kernel's memory-encryption state, as `sme_enable` leaves it. */
export interface Kernel {
  readonly name: 'first kernel' | 'kdump kernel';
  /** `sme_active()`. */
  readonly smeActive: boolean;
  /** `sme_me_mask`: 1 << cbit when active, else 0. */
  readonly smeMask: bigint;
}

export interface KdumpContext {
  readonly env: Environment;
  readonly design: Decisions;
  readonly dram: Dram;
  readonly iommu: Iommu;
  readonly first: Kernel;
  readonly kdump: Kernel | null;
  /** The crash image `kexec -p` loaded, if any. */
  readonly kimage: Kimage | null;
  /** Every crash image loaded so far, by generation: what a stale ELF header would describe. */
  readonly loadedImages: readonly Kimage[];
  /** A counter that makes every write distinguishable from earlier ones. */
  readonly gen: number;
  /** DRAM as the first kernel left it when it panicked. */
  readonly oldMemory: Memory | null;
  /** The ELF core header as the kdump kernel parsed it. */
  readonly elfcorehdr: Kimage['elf'] | null;
  readonly run: Run;
}

/**
 * `sme_enable()` (arch/x86/mm/mem_encrypt_identity.c, 4.19): SME is active iff CPUID says the CPU
 * has it, SYSCFG says the firmware enabled it, and `mem_encrypt=on` asks for it.
 */
export function smeEnable(machine: Machine, name: Kernel['name'], memEncrypt: boolean): Kernel {
  const smeActive = memoryEncryptionEnabled(machine) && memEncrypt;
  return { name, smeActive, smeMask: smeActive ? cbitMask(machine.cpu) : 0n };
}

/** `__sme_set(x)`: a no-op when the kernel's mask is 0. */
export const smeSet = (k: Kernel, address: bigint): bigint => address | k.smeMask;
/** `__sme_clr(x)`: clears the kernel's own mask, and only that. */
export const smeClr = (k: Kernel, address: bigint): bigint => address & ~k.smeMask;

/** The address a mapping hands the hardware: `pgprot_encrypted()` or `pgprot_decrypted()` of `pa`. */
export const mapped = (k: Kernel, pa: bigint, encrypted: boolean): bigint => (encrypted ? smeSet(k, pa) : pa);

export const cpuRead = (c: KdumpContext, k: Kernel, r: AddrRange, encrypted: boolean): ReadPiece[] =>
  dramRead(c.dram, mapped(k, r.start, encrypted), size(r));

export const cpuWrite = (dram: Dram, k: Kernel, r: AddrRange, encrypted: boolean, value: Value): Dram =>
  dramWrite(dram, mapped(k, r.start, encrypted), size(r), value);

/** Append a step; returns the context and the step's index for observations. */
export function step(c: KdumpContext, stage: Stage, site: string, text: string): KdumpContext {
  return { ...c, run: { ...c.run, steps: [...c.run.steps, { stage, site, text }] } };
}

export const lastStep = (c: KdumpContext): number => c.run.steps.length - 1;

/** Record that the run reached `stage` (once, however often it is entered). */
export function enterStage(c: KdumpContext, stage: Stage): KdumpContext {
  if (c.run.stages.includes(stage)) return c;
  return { ...c, run: { ...c.run, stages: [...c.run.stages, stage] } };
}

export function stopAt(c: KdumpContext, stage: Stage, site: string, reason: string): KdumpContext {
  return { ...c, run: { ...c.run, stop: { stage, site, reason } } };
}

export function observe(c: KdumpContext, observations: readonly Observation[]): KdumpContext {
  return observations.length === 0 ? c : { ...c, run: { ...c.run, observations: [...c.run.observations, ...observations] } };
}

export interface ReadSite {
  readonly kind: ReadKind;
  readonly site: string;
  readonly what: string;
  readonly usage?: OldPageUsage;
}

/**
 * Observations for a read whose every page should hold `expected` (what kexec or the kernel
 * wrote there): one per stretch of DRAM that was stored differently.
 */
export function judgeAgainstWritten(c: KdumpContext, at: ReadSite, got: readonly ReadPiece[], expected: Value): Observation[] {
  return got.map((p) => ({
    step: lastStep(c),
    kind: at.kind,
    site: at.site,
    what: at.what,
    usage: at.usage ?? null,
    range: { start: p.start, end: p.end },
    written: writtenAs(p.stored),
    read: p.encrypted ? 'encrypted' : 'plaintext',
    expected,
    got: p.got,
    ok: sameData(expected, p.got),
  }));
}

/** Observations for a read compared, page for page, with another reading of the same range (what its owner saw). */
export function judgeAgainstView(c: KdumpContext, at: ReadSite, got: readonly ReadPiece[], view: readonly ReadPiece[]): Observation[] {
  return alignPieces(got, view).map(({ start, end, a, b }) => ({
    step: lastStep(c),
    kind: at.kind,
    site: at.site,
    what: at.what,
    usage: at.usage ?? null,
    range: { start, end },
    written: writtenAs(a.stored),
    read: a.encrypted ? 'encrypted' : 'plaintext',
    expected: b.got,
    got: a.got,
    ok: sameData(b.got, a.got),
  }));
}

export const allOk = (obs: readonly Observation[]): boolean => obs.every((o) => o.ok);
