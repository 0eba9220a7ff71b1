/**
 * The machine: CPU, firmware and the memory-encryption key.
 *
 * Models (AMD64 APM vol. 2, "Secure Memory Encryption"):
 * - CPUID 0x8000001F: EAX[0] SME supported, EBX[5:0] C-bit position, EBX[11:6] the number of
 *   physical address bits lost when memory encryption is enabled;
 * - SYSCFG MSR bit 23 (MemEncryptionModEn), set by firmware: without it the C-bit has no effect;
 * - the key the AMD Secure Processor makes at every system reset. kexec is not a reset, so the
 *   kdump kernel runs under the first kernel's key.
 * - CPUID 0x8000001F EAX[10] (`X86_FEATURE_SME_COHERENT`): caches coherent across C-bit views
 *   (what it does is in cache.ts).
 * - an SEV guest (APM vol. 2, "Secure Encrypted Virtualization"; Documentation/x86/amd-memory-encryption.rst):
 *   the machine the kernels see is a virtual machine whose memory the host's Secure Processor
 *   encrypts with the guest's own key (made at launch, kept across a kexec inside the guest). The
 *   C-bit in a guest page-table entry chooses private (encrypted) or shared (plaintext) memory,
 *   except that "instruction pages and guest page tables are always treated as private" whatever
 *   the C-bit says (`privateAccess`). The hypervisor sees guest memory as DRAM holds it.
 * Leaves out: AES itself (a key is a generation number), SEV-ES and SEV-SNP (encrypted register
 * state, the GHCB and #VC, the RMP): see docs/model.md.
 */
import { bit, hasBit, setBit } from './address.ts';
import { lastOf } from '../memo.ts';

export interface Cpu {
  readonly name: string;
  /** CPUID 0x8000001F EAX[0]. */
  readonly smeSupported: boolean;
  /** CPUID 0x8000001F EBX[5:0]: 47 on first-generation EPYC, 51 on later parts. */
  readonly cbit: number;
  /** CPUID 0x8000001F EBX[11:6]: physical address bits lost while memory encryption is on. */
  readonly physAddrReduction: number;
  /** MAXPHYADDR from CPUID 0x80000008 EAX[7:0]. */
  readonly physAddrBits: number;
  /** CPUID 0x8000001F EAX[10]: hardware-enforced cache coherency across encryption domains. */
  readonly smeCoherent: boolean;
  readonly cpus: number;
}

/** The key in use; only a reset makes a new one. */
export interface MachineKey {
  readonly generation: number;
}

export interface Machine {
  readonly cpu: Cpu;
  /** SYSCFG[MemEncryptionModEn], set by the firmware. */
  readonly firmwareSme: boolean;
  /** The kernels run in an SEV guest (MSR_AMD64_SEV[SEV_ENABLED] reads 1), not on an SME host. */
  readonly sevGuest: boolean;
  readonly key: MachineKey;
}

export function powerOn(cpu: Cpu, firmwareSme: boolean, sevGuest = false): Machine {
  return { cpu, firmwareSme, sevGuest, key: { generation: 1 } };
}

/** A system reset: the Secure Processor generates a new key. */
export function reset(machine: Machine): Machine {
  return { ...machine, key: { generation: machine.key.generation + 1 } };
}

/** The C-bit as a physical-address bit: `1 << cbit`. */
export const cbitMask = (cpu: Cpu): number => bit(cpu.cbit);

/** Does the hardware honour the C-bit at all? In an SEV guest it always does. */
export const memoryEncryptionEnabled = (m: Machine): boolean => m.sevGuest || (m.cpu.smeSupported && m.firmwareSme);

/**
 * The address an instruction fetch or a page-table walk really uses: in an SEV guest these are
 * always private, so the C-bit is set whatever the mapping said; on an SME host the mapping's own.
 */
export const privateAccess = (m: Machine, address: number): number => (m.sevGuest ? setBit(address, cbitMask(m.cpu)) : address);

/**
 * The width of usable physical addresses. With memory encryption enabled the top
 * EBX[11:6] bits are taken away (and the C-bit sits among them).
 */
export function physAddrLimit(m: Machine): number {
  const bits = memoryEncryptionEnabled(m) ? m.cpu.physAddrBits - m.cpu.physAddrReduction : m.cpu.physAddrBits;
  // A CPU description that loses more bits than it has leaves no usable address at all.
  return bits < 0 ? 0 : bit(bits);
}

/** What the memory controller needs to know about a machine to decode an address, worked out once per machine. */
export interface AddressDecoder {
  readonly encryptionEnabled: boolean;
  /** The C-bit as an address bit. */
  readonly cbit: number;
  /** `physAddrLimit`. */
  readonly limit: number;
}

export const addressDecoder: (m: Machine) => AddressDecoder = lastOf((m) => ({
  encryptionEnabled: memoryEncryptionEnabled(m),
  cbit: cbitMask(m.cpu),
  limit: physAddrLimit(m),
}));

/** Is the C-bit in effect for this address (set, and honoured by the hardware)? */
export const cbitInEffect = (d: AddressDecoder, address: number): boolean => d.encryptionEnabled && hasBit(address, d.cbit);

/** The DRAM address behind a hardware address, given whether its C-bit is in effect (`cbitInEffect`): the bit cleared, by subtracting it. */
export const dramAddress = (d: AddressDecoder, address: number, encrypted: boolean): number => (encrypted ? address - d.cbit : address);

/**
 * What the hardware makes of an address as it appears in a page-table entry, CR3, a DMA
 * address or an IOMMU register: the DRAM address, and whether the C-bit is in effect.
 * Without SME enabled by the firmware the C-bit position is an ordinary address bit.
 */
export function decodeHardwareAddress(m: Machine, address: number): { paddr: number; encrypted: boolean } {
  const d = addressDecoder(m);
  const encrypted = cbitInEffect(d, address);
  return { paddr: dramAddress(d, address, encrypted), encrypted };
}
