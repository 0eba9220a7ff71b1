/**
 * CPUs seen on real parts, and the SME settings that make a requested (first kernel, kdump
 * kernel) SME pair true, or put the kernels in an SEV guest. "on" means SME is active in that kernel (capable CPU, firmware bit,
 * `mem_encrypt=on`); "off" means it is not, for any of the reasons a machine can have.
 */
import fc from 'fast-check';
import type { SupportRow } from '../../model/design/design.ts';
import type { Platform } from '../../model/environment.ts';
import type { Cpu } from '../../model/hardware/machine.ts';

type CpuModel = Omit<Cpu, 'cpus'>;

/**
 * CPUID 0x8000001F as these parts report it. EAX[10] (`smeCoherent`): first-generation EPYC has
 * it clear (the flushes of 4.14 were written for it); that Rome has it clear and Genoa set is
 * our reading of the parts, not taken from a CPUID dump.
 */
export const SME_CPUS: readonly CpuModel[] = [
  { name: 'AMD EPYC 7251 (Naples)', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false },
  { name: 'AMD EPYC 7742 (Rome)', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false },
  { name: 'AMD EPYC 9654 (Genoa)', smeSupported: true, cbit: 51, physAddrReduction: 6, physAddrBits: 52, smeCoherent: true },
];

/** A CPU without CPUID 0x8000001F EAX[0]; its C-bit fields mean nothing. */
export const NON_SME_CPUS: readonly CpuModel[] = [
  { name: 'Intel Xeon Gold 6138 (no SME)', smeSupported: false, cbit: 47, physAddrReduction: 0, physAddrBits: 46, smeCoherent: false },
];

export interface SmeSettings {
  readonly platform: Platform;
  readonly cpu: CpuModel;
  readonly firmwareSme: boolean;
  readonly firstKernelMemEncrypt: boolean;
  readonly kdumpKernelMemEncrypt: boolean;
}

const smeCpu = fc.constantFrom(...SME_CPUS);

/**
 * Settings under which the row holds, built directly. An SEV guest runs on an SME-capable host whose
 * firmware enabled memory encryption (the guest sees the host's C-bit position in CPUID 0x8000001F
 * EBX); its kernels' `mem_encrypt=` options are drawn anyway, since `sme_enable()` ignores them there.
 */
export function smeSettingsFor(row: SupportRow): fc.Arbitrary<SmeSettings> {
  if (row === 'sev') {
    return fc.record({ platform: fc.constant('sev-guest' as const), cpu: smeCpu, firmwareSme: fc.constant(true), firstKernelMemEncrypt: fc.boolean(), kdumpKernelMemEncrypt: fc.boolean() });
  }
  const [first, kdump] = row.split('/').map((s) => s === 'on') as [boolean, boolean];
  if (first || kdump) {
    return smeCpu.map((cpu) => ({ platform: 'sme-host' as const, cpu, firmwareSme: true, firstKernelMemEncrypt: first, kdumpKernelMemEncrypt: kdump }));
  }
  return fc.oneof(
    { withCrossShrink: true },
    smeCpu.map((cpu) => ({ platform: 'sme-host' as const, cpu, firmwareSme: true, firstKernelMemEncrypt: false, kdumpKernelMemEncrypt: false })),
    fc.record({ platform: fc.constant('sme-host' as const), cpu: smeCpu, firmwareSme: fc.constant(false), firstKernelMemEncrypt: fc.boolean(), kdumpKernelMemEncrypt: fc.boolean() }),
    fc.record({ platform: fc.constant('sme-host' as const), cpu: fc.constantFrom(...NON_SME_CPUS), firmwareSme: fc.boolean(), firstKernelMemEncrypt: fc.boolean(), kdumpKernelMemEncrypt: fc.boolean() }),
  );
}
