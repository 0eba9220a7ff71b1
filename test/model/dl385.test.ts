/**
 * Scripted runs on the cover letter's test box (HP DL385 Gen10, EPYC 7251, C-bit 47) with the
 * usual event order: load, DMA, panic, read and mmap /proc/vmcore.
 */
import { describe, expect, it } from 'vitest';
import { overlaps } from '../../model/hardware/index.ts';
import type { KdumpEvent } from '../../model/environment.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario, TYPICAL_EVENTS } from '../../scenarios/machines/index.ts';
import { ofKind } from './observations.ts';

const dl385 = machineScenario('hp-dl385-gen10');

function runOn(design: string, first: boolean, kdump: boolean, events: readonly KdumpEvent[] = TYPICAL_EVENTS) {
  const env = environmentOn(dl385, { firstKernel: first, kdumpKernel: kdump }, events);
  return { env, ...runKdump(env, preset(design).decisions) };
}


// Each test makes its own run (a few milliseconds): a run made once for a whole describe block
// would run outside every test, and mutation testing could not tell which test exercises what.

describe('sme-kdump-v7, SME on in both kernels', () => {
  const v7OnOn = () => {
    const r = runOn('sme-kdump-v7', true, true);
    return { ...r, dumpReads: ofKind(r.run.observations, 'vmcore-read', 'vmcore-mmap') };
  };

  it('reaches the dump with /proc/vmcore ready and no stop', () => {
    const { state, run } = v7OnOn();
    expect(state).toBe('kdumpKernel.vmcoreReady');
    expect(run.stages.at(-1)).toBe('dump-tool');
    expect(run.stop).toBeNull();
    expect(run.halted).toBe(false);
  });

  it.each(['vmcore-read', 'vmcore-mmap'] as const)('every %s of a direct-map page is ok', (kind) => {
    const { dumpReads } = v7OnOn();
    const direct = ofKind(dumpReads, kind).filter((o) => o.usage === 'direct-map');
    expect(direct.length).toBeGreaterThan(0);
    for (const o of direct) expect(o.ok).toBe(true);
  });

  it('every dump read of decrypted SWIOTLB pages gets garbage (known limitation of the series)', () => {
    const { env, dumpReads } = v7OnOn();
    const swiotlb = dumpReads.filter((o) => o.usage === 'decrypted' && overlaps(o.range, env.layout.swiotlb));
    expect(ofKind(swiotlb, 'vmcore-read').length).toBeGreaterThan(0);
    expect(ofKind(swiotlb, 'vmcore-mmap').length).toBeGreaterThan(0);
    for (const o of swiotlb) {
      expect(o.ok).toBe(false);
      expect(o.got).toMatchObject({ kind: 'garbage' });
    }
  });

  it('reads every crash note and vmcoreinfo, and copies the IOMMU device table, correctly', () => {
    const { env, run } = v7OnOn();
    const notes = ofKind(run.observations, 'notes-read');
    expect(new Set(notes.map((o) => o.what)).size).toBe(env.cpu.cpus + 1);
    const copy = ofKind(run.observations, 'iommu-devtable-copy');
    expect(copy.length).toBeGreaterThan(0);
    for (const o of [...notes, ...copy]) expect(o.ok).toBe(true);
  });
});

describe('linux-4.19, SME on in both kernels', () => {
  it('hangs in relocate_kernel on garbage', () => {
    const { state, run } = runOn('linux-4.19', true, true);
    expect(state).toBe('stopped');
    expect(run.stop?.stage).toBe('relocation');
    expect(run.stop?.reason).toMatch(/garbage/);
  });

  it('never gets as far as purgatory: every read is a relocation fetch (beside the caches\' write-backs)', () => {
    const { run } = runOn('linux-4.19', true, true);
    expect(run.observations.length).toBeGreaterThan(0);
    expect(run.observations.filter((o) => o.kind !== 'relocation-fetch' && o.kind !== 'cache-writeback')).toEqual([]);
  });
});

it('sme-kdump-v7 with SME off in both kernels: every observation is ok', () => {
  const { state, run } = runOn('sme-kdump-v7', false, false);
  expect(state).toBe('kdumpKernel.vmcoreReady');
  expect(ofKind(run.observations, 'vmcore-read', 'vmcore-mmap').length).toBeGreaterThan(0);
  expect(run.observations.filter((o) => !o.ok)).toEqual([]);
});

describe('a panic with no crash kernel loaded', () => {
  const orders: Record<string, readonly KdumpEvent[]> = {
    'never loaded': [{ type: 'DEVICE_DMA', target: 'oldmem', slot: 7, pages: 1 }, { type: 'PANIC' }, { type: 'READ_VMCORE' }],
    'loaded, then unloaded': [{ type: 'KEXEC_LOAD_CRASH' }, { type: 'KEXEC_UNLOAD_CRASH' }, { type: 'PANIC' }, { type: 'MMAP_VMCORE' }],
  };

  it.each(Object.keys(orders))('%s: the machine halts and nothing is read', (order) => {
    const { state, run } = runOn('sme-kdump-v7', true, true, orders[order]);
    expect(state).toBe('halted');
    expect(run.halted).toBe(true);
    expect(run.stop).toBeNull();
    expect(run.observations.filter((o) => o.kind !== 'cache-writeback')).toEqual([]);
  });
});

it('a run is determined by its environment and design, whatever ran before it', () => {
  const a = runOn('sme-kdump-v7', true, true);
  const other = runOn('linux-4.19', true, true);
  const b = runOn('sme-kdump-v7', true, true);
  expect(a.run.steps.length).toBeGreaterThan(0);
  expect(other.run).not.toEqual(a.run);
  expect(b.run).toEqual(a.run);
  expect(b.state).toBe(a.state);
});
