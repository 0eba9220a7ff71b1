/**
 * The state the machines carry: the hardware, each kernel's SME state, the loaded crash image,
 * and the run being recorded. Also the helpers every stage uses to map and read memory the way
 * a kernel does, and to record steps and observations (judge.ts makes the observations).
 */
import { type AddrRange, setBit, size } from '../hardware/address.ts';
import { type Dram, dramRead, dramWrite, type DramWrite, type ReadPiece } from '../hardware/dram.ts';
import type { Iommu } from '../hardware/iommu.ts';
import { cbitMask, type Machine, memoryEncryptionEnabled } from '../hardware/machine.ts';
import type { Memory } from '../hardware/memory.ts';
import type { Value } from '../hardware/values.ts';
import type { Decisions } from '../design/registry.ts';
import type { Environment } from '../environment.ts';
import type { KdumpBootFacts } from './boot-data.ts';
import type { DumpToolState } from './dump-tool.ts';
import type { HypervisorState } from './hypervisor.ts';
import type { Kimage } from './kimage.ts';
import type { RunRecord } from './run-log.ts';
import type { LogEntry } from './observation-log.ts';
import type { Stage } from './run.ts';

/** One kernel's memory-encryption state, as `sme_enable` leaves it. */
export interface Kernel {
  readonly name: 'first kernel' | 'kdump kernel';
  /** `sme_active()`: `sme_me_mask && !sev_enabled`. */
  readonly smeActive: boolean;
  /** `sev_active()`: the kernel runs in an SEV guest. */
  readonly sevActive: boolean;
  /** `sme_me_mask`: 1 << cbit when SME or SEV is active, else 0. */
  readonly smeMask: number;
}

/** `mem_encrypt_active()`: `sme_me_mask != 0`, SME or SEV. */
export const memEncryptActive = (k: Kernel): boolean => k.smeMask !== 0;

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
  /** What the kdump kernel learnt from its boot data and the firmware's tables. */
  readonly kdumpBoot: KdumpBootFacts | null;
  /** The kdump kernel read the vmcoreinfo note as the first kernel wrote it: /proc/vmcore carries it intact. */
  readonly vmcoreinfoIntact: boolean;
  /** The dump tool, while it runs on /proc/vmcore. */
  readonly tool: DumpToolState | null;
  /** What the hypervisor of an SEV guest could read when the first kernel had booted; null on an SME host, and before. */
  readonly hypervisor: HypervisorState | null;
  /** The run so far (a Run; see run-log.ts for how it is recorded). */
  readonly run: RunRecord;
}

/**
 * The context with some fields replaced (a field given as null is replaced by null). Written out
 * field by field because V8 (Node 20) builds an object spread with overrides, `{ ...c, gen }`, on
 * a slow path costing hundreds of nanoseconds, and a run makes dozens of them.
 */
export function withContext(c: KdumpContext, patch: Partial<KdumpContext>): KdumpContext {
  return {
    env: c.env,
    design: c.design,
    dram: patch.dram === undefined ? c.dram : patch.dram,
    iommu: patch.iommu === undefined ? c.iommu : patch.iommu,
    first: patch.first === undefined ? c.first : patch.first,
    kdump: patch.kdump === undefined ? c.kdump : patch.kdump,
    kimage: patch.kimage === undefined ? c.kimage : patch.kimage,
    loadedImages: patch.loadedImages === undefined ? c.loadedImages : patch.loadedImages,
    gen: patch.gen === undefined ? c.gen : patch.gen,
    oldMemory: patch.oldMemory === undefined ? c.oldMemory : patch.oldMemory,
    elfcorehdr: patch.elfcorehdr === undefined ? c.elfcorehdr : patch.elfcorehdr,
    kdumpBoot: patch.kdumpBoot === undefined ? c.kdumpBoot : patch.kdumpBoot,
    vmcoreinfoIntact: patch.vmcoreinfoIntact === undefined ? c.vmcoreinfoIntact : patch.vmcoreinfoIntact,
    tool: patch.tool === undefined ? c.tool : patch.tool,
    hypervisor: patch.hypervisor === undefined ? c.hypervisor : patch.hypervisor,
    run: patch.run === undefined ? c.run : patch.run,
  };
}

/**
 * The context with another run record: what every step, stage, stop and observation changes.
 * Written apart from `withContext` because that one reads its patch's fields, which come in many
 * shapes (V8 then looks each field up the slow way), and this is the change made most often.
 * Its fields come in `withContext`'s order, so that every context has the same shape.
 */
export function withRun(c: KdumpContext, run: RunRecord): KdumpContext {
  return {
    env: c.env,
    design: c.design,
    dram: c.dram,
    iommu: c.iommu,
    first: c.first,
    kdump: c.kdump,
    kimage: c.kimage,
    loadedImages: c.loadedImages,
    gen: c.gen,
    oldMemory: c.oldMemory,
    elfcorehdr: c.elfcorehdr,
    kdumpBoot: c.kdumpBoot,
    vmcoreinfoIntact: c.vmcoreinfoIntact,
    tool: c.tool,
    hypervisor: c.hypervisor,
    run,
  };
}

/**
 * `sme_enable()` (arch/x86/mm/mem_encrypt_identity.c, 4.19-5.3): in an SEV guest (MSR_AMD64_SEV
 * says SEV is enabled) `sme_me_mask` is the C-bit and `sev_enabled` is set, "SEV state cannot be
 * controlled by a command line option"; on a host SME is active iff CPUID says the CPU has it,
 * SYSCFG says the firmware enabled it, and `mem_encrypt=on` asks for it.
 */
export function smeEnable(machine: Machine, name: Kernel['name'], memEncrypt: boolean): Kernel {
  if (machine.sevGuest) return { name, smeActive: false, sevActive: true, smeMask: cbitMask(machine.cpu) };
  const smeActive = memoryEncryptionEnabled(machine) && memEncrypt;
  return { name, smeActive, sevActive: false, smeMask: smeActive ? cbitMask(machine.cpu) : 0 };
}

type OldMemoryReader = 'decrypted' | 'encrypted-if-sme' | 'encrypted-if-sev' | 'encrypted-if-sme-or-sev' | 'encrypted-if-first-kernel-sme';

/**
 * Does a reader of old memory go through the C-bit, for a reader option: never; when `sme_active()`;
 * when `sev_active()`; or when either is (`mem_encrypt_active()`). The option is consulted only
 * where options can differ: with neither SME nor SEV active and no flag saying SME was, every
 * option reads without the C-bit.
 */
export function oldMemoryReadEncrypted(option: () => OldMemoryReader, k: Kernel, firstKernelSme: boolean | null): boolean {
  if (!memEncryptActive(k) && firstKernelSme !== true) return false;
  switch (option()) {
    case 'decrypted': return false;
    case 'encrypted-if-sme': return k.smeActive;
    case 'encrypted-if-sev': return k.sevActive;
    case 'encrypted-if-sme-or-sev': return memEncryptActive(k);
    // With no flag handed over (a design decisionsProblem refuses) the reader knows nothing: no C-bit.
    case 'encrypted-if-first-kernel-sme': return firstKernelSme === true;
  }
}

/** The first kernel's SME state as the hand-off passed it in boot_params (`handoff.firstKernelSme`), or null. */
export const handedOverSme = (c: KdumpContext): boolean | null => c.kimage?.firstKernelSme ?? null;

/**
 * The C-bit the kdump kernel puts in its mappings of old memory (`kdump.cbitSource`): its own
 * `sme_me_mask`, or the position CPUID 0x8000001F EBX gives, even with its SME inactive.
 */
export const oldMemoryMask = (c: KdumpContext, k: Kernel): number =>
  (c.env.cpu.smeSupported && c.design['kdump.cbitSource'] === 'cpuid' ? cbitMask(c.env.cpu) : k.smeMask);

/** `__sme_set(x)`: a no-op when the kernel's mask is 0. */
export const smeSet = (k: Kernel, address: number): number => setBit(address, k.smeMask);

/** The address a mapping hands the hardware: `pgprot_encrypted()` or `pgprot_decrypted()` of `pa`. */
export const mapped = (k: Kernel, pa: number, encrypted: boolean): number => (encrypted ? smeSet(k, pa) : pa);

export const cpuRead = (c: KdumpContext, k: Kernel, r: AddrRange, encrypted: boolean): ReadPiece[] =>
  dramRead(c.dram, mapped(k, r.start, encrypted), size(r));

/** A write of `value` over `r` through one of `k`'s mappings, as the hardware sees it. */
export const cpuWriteOf = (k: Kernel, r: AddrRange, encrypted: boolean, value: Value): DramWrite => ({ address: mapped(k, r.start, encrypted), length: size(r), value });

export const cpuWrite = (dram: Dram, k: Kernel, r: AddrRange, encrypted: boolean, value: Value): Dram =>
  dramWrite(dram, mapped(k, r.start, encrypted), size(r), value);

/**
 * Append a step. Give `text` as a function when writing it formats addresses: it is called only
 * if someone reads the run's steps.
 */
export function step(c: KdumpContext, stage: Stage, site: string, text: string | (() => string)): KdumpContext {
  return withRun(c, c.run.withStep({ stage, site, text }));
}

export const lastStep = (c: KdumpContext): number => c.run.stepCount - 1;

/** Record that the run reached `stage` (once, however often it is entered). */
export function enterStage(c: KdumpContext, stage: Stage): KdumpContext {
  if (c.run.stages.includes(stage)) return c;
  return withRun(c, c.run.withStage(stage));
}

export function stopAt(c: KdumpContext, stage: Stage, site: string, reason: string): KdumpContext {
  return withRun(c, c.run.withStop({ stage, site, reason }));
}

/** Append observations (or batches of them). */
export function observe(c: KdumpContext, observations: readonly LogEntry[]): KdumpContext {
  return observations.length === 0 ? c : withRun(c, c.run.withObservations(observations));
}

