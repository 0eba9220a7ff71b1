/** Environments for memory-map tests: a real machine, and one with a 2 TiB RAM range beside 4 KiB pages. */
import type { Environment } from '../../model/environment.ts';
import { buildLayout } from '../../properties/arbitraries/index.ts';
import { SME_CPUS } from '../../properties/arbitraries/cpu.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

export const dl385: Environment = environmentOn(machineScenario('hp-dl385-gen10'), { firstKernel: true, kdumpKernel: true });

/** 64 CPUs; a 2 TiB range above 4 GiB holds the crashkernel region and the crash notes. */
export const terabyteLayout = buildLayout({
  cpus: 64,
  crashkernelMiB: 512,
  crashkernelHigh: true,
  notesHigh: true,
  lowExtraPages: 100_000,
  lowGaps: [0, 1, 0, 1],
  decryptedPages: [1],
  highRanges: [{ holePages: 1024, sizeLog2: 42, sizeFrac: 0 }],
});

export const terabyteEnvironment: Environment = { ...dl385, cpu: { ...SME_CPUS[0]!, cpus: 64 }, layout: terabyteLayout };
