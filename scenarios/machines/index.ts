/**
 * Machine scenarios: real machines as JSON (CPU, firmware, IOMMU, memory layout), to combine
 * with SME settings and an event order into an environment.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Environment, KdumpEvent, Platform } from '../../model/environment.ts';
import { environmentFromJson, layoutFromJson, layoutSchema, cpuSchema, pageTablesToJson } from '../../model/environment-json.ts';
import { type KernelMappingsShape, kernelMappings, STANDARD_MAPPINGS } from '../../model/kernel-mappings.ts';
import { PACKED_SETUP_DATA, type SetupDataSlot } from '../../model/setup-data.ts';

const machineSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  cpu: cpuSchema,
  firmwareSme: z.boolean(),
  iommuTranslation: z.boolean(),
  layout: layoutSchema,
});

export type MachineScenario = z.infer<typeof machineSchema>;

export function machineScenario(name: string): MachineScenario {
  return machineSchema.parse(JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')));
}

/** The usual life of a kdump machine: load, some DMA, panic, then the dump tool reads and maps. */
export const TYPICAL_EVENTS: readonly KdumpEvent[] = [
  { type: 'KEXEC_LOAD_CRASH' },
  { type: 'DEVICE_DMA', target: 'oldmem', slot: 4096, pages: 4 },
  { type: 'DEVICE_DMA', target: 'swiotlb', slot: 16, pages: 2 },
  { type: 'PANIC' },
  { type: 'READ_VMCORE' },
  { type: 'MMAP_VMCORE' },
];

/**
 * A machine with SME settings and events as an environment. With `platform: 'sev-guest'` the
 * machine's CPU and memory layout stand for an SEV guest's virtual machine on it: no IOMMU
 * translation (its devices are virtual), and the `mem_encrypt=` options as given, which SEV ignores.
 */
export function environmentOn(
  m: MachineScenario,
  sme: { firstKernel: boolean; kdumpKernel: boolean; platform?: Platform },
  events: readonly KdumpEvent[] = TYPICAL_EVENTS,
  setupData: readonly SetupDataSlot[] = PACKED_SETUP_DATA,
  mappings: KernelMappingsShape = STANDARD_MAPPINGS,
): Environment {
  const { name: _name, description: _description, ...machine } = m;
  const slots = setupData.map((s) => ({ type: s.type, offset: `0x${s.offset.toString(16)}` }));
  const pageTables = pageTablesToJson(kernelMappings(layoutFromJson(m.layout), mappings));
  return environmentFromJson(
    { ...machine, ...(sme.platform === 'sev-guest' ? { platform: sme.platform, iommuTranslation: false } : {}), firstKernelMemEncrypt: sme.firstKernel, kdumpKernelMemEncrypt: sme.kdumpKernel, setupData: slots, pageTables, events },
    `machine ${m.name}`,
  );
}
