/**
 * Environments for a set of SME pairs: SME settings that make one of the pairs true, a layout,
 * IOMMU translation on or off, and an event order.
 */
import fc from 'fast-check';
import type { SupportRow } from '../../model/design/design.ts';
import type { Environment } from '../../model/environment.ts';
import { type SmeSettings, smeSettingsFor } from './cpu.ts';
import { eventsArb } from './events.ts';
import { buildLayout, layoutShapeArb } from './layout.ts';
import { setupDataArb } from './setup-data.ts';
import { kernelMappingsArb } from './page-tables.ts';
import { kernelMappings } from '../../model/kernel-mappings.ts';
import { buildCaches, cachesArb } from './caches.ts';

export { buildEvents, eventsArb, type LoadTiming } from './events.ts';
export { buildFirmware, buildLayout, layoutArb, layoutShapeArb, type LayoutShape } from './layout.ts';
export { NON_SME_CPUS, SME_CPUS, smeSettingsFor } from './cpu.ts';
export { buildSetupData, setupDataArb } from './setup-data.ts';
export { kernelMappingsArb } from './page-tables.ts';
export { buildCaches, cachesArb, type CachesShape } from './caches.ts';

/**
 * The CPU model with its CPU count, written out field by field: V8 (Node 20) gives each object
 * built by a spread here a map of its own, which made every read of a CPU field in the model a
 * megamorphic lookup.
 */
const withCpus = (cpu: SmeSettings['cpu'], cpus: number): Environment['cpu'] => ({
  name: cpu.name,
  smeSupported: cpu.smeSupported,
  cbit: cpu.cbit,
  physAddrReduction: cpu.physAddrReduction,
  physAddrBits: cpu.physAddrBits,
  smeCoherent: cpu.smeCoherent,
  cpus,
});

export function environmentArb(pairs: readonly SupportRow[]): fc.Arbitrary<Environment> {
  if (pairs.length === 0) throw new Error('environmentArb needs at least one SME pair');
  return fc
    .record({
      sme: fc.oneof({ withCrossShrink: true }, ...pairs.map(smeSettingsFor)),
      shape: layoutShapeArb,
      iommuTranslation: fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
      setupData: setupDataArb,
      mappings: kernelMappingsArb,
      caches: cachesArb,
      events: eventsArb,
    })
    .map(({ sme, shape, iommuTranslation, setupData, mappings, caches, events }) => {
      const guest = sme.platform === 'sev-guest';
      // An SEV guest boots OVMF (UEFI) and has no AMD IOMMU: its devices are virtual.
      const layout = buildLayout(guest ? { ...shape, efi: true } : shape);
      return {
        platform: sme.platform,
        cpu: withCpus(sme.cpu, shape.cpus),
        firmwareSme: sme.firmwareSme,
        firstKernelMemEncrypt: sme.firstKernelMemEncrypt,
        kdumpKernelMemEncrypt: sme.kdumpKernelMemEncrypt,
        iommuTranslation: iommuTranslation && !guest,
        layout,
        setupData,
        pageTables: kernelMappings(layout, mappings),
        caches: buildCaches(caches, shape.cpus),
        events,
      };
    });
}
