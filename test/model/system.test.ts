/**
 * The system machine: which events each stage takes, where a run halts or stops, and the steps
 * the machine itself records (reserve_crashkernel, a panic with no crash kernel loaded).
 */
import { describe, expect, it } from 'vitest';
import type { Decisions } from '../../model/design/registry.ts';
import type { KdumpEvent } from '../../model/environment.ts';
import type { Step } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const dl385 = machineScenario('hp-dl385-gen10');
const v7 = preset('sme-kdump-v7').decisions;

function runWith(events: readonly KdumpEvent[], design: Decisions = v7) {
  return runKdump(environmentOn(dl385, { firstKernel: true, kdumpKernel: true }, events), design);
}

const line = (s: Step): string => `[${s.stage}] ${s.site}: ${s.text}`;

describe('the first kernel', () => {
  it('boots, reserves the crashkernel region and waits for events', () => {
    const { run, state } = runWith([]);
    expect(state).toBe('firstKernel.running');
    expect(run.stages).toEqual(['first-kernel']);
    expect(run.steps.map((s) => `${s.stage} ${s.site}`)).toEqual([
      'first-kernel UEFI', 'first-kernel sme_enable', 'first-kernel direct map', 'first-kernel init_mem_mapping', 'first-kernel clflush_cache_range', 'first-kernel set_memory_decrypted', 'first-kernel iommu_set_device_table', 'first-kernel reserve_crashkernel',
    ]);
    expect(line(run.steps.at(-1)!)).toBe('[first-kernel] reserve_crashkernel: crashkernel region reserved');
  });

  it('a panic with no crash kernel loaded halts the machine, in these words', () => {
    const { run, state } = runWith([{ type: 'PANIC' }, { type: 'KEXEC_LOAD_CRASH' }, { type: 'READ_VMCORE' }]);
    expect(state).toBe('halted');
    expect(run.halted).toBe(true);
    expect(run.stages).toEqual(['first-kernel', 'panic']);
    expect(line(run.steps.at(-1)!)).toBe('[panic] panic: no crash kernel loaded: the machine halts');
  });

  it('unloading when nothing is loaded does nothing, and a later load still gives a dump', () => {
    const { run, state } = runWith([{ type: 'KEXEC_UNLOAD_CRASH' }, { type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }, { type: 'READ_VMCORE' }]);
    expect(run.steps.filter((s) => s.site === 'kimage_free')).toEqual([]);
    expect(state).toBe('kdumpKernel.vmcoreReady');
    expect(run.stages.at(-1)).toBe('dump-tool');
  });

  it('keeps every crash image it loaded; the last one is the one the panic uses', () => {
    const { context } = runWith([{ type: 'KEXEC_LOAD_CRASH' }, { type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }]);
    expect(context.loadedImages).toHaveLength(2);
    expect(context.loadedImages.at(-1)).toBe(context.kimage);
    expect(context.loadedImages.map((k) => k.gen)).toEqual([context.loadedImages[0]!.gen, context.kimage!.gen]);
    expect(context.loadedImages[0]!.gen).toBeLessThan(context.kimage!.gen);
  });

  it('the dump tool cannot read /proc/vmcore before the panic', () => {
    const { run } = runWith([{ type: 'KEXEC_LOAD_CRASH' }, { type: 'READ_VMCORE' }, { type: 'MMAP_VMCORE' }]);
    expect(run.stages).toEqual(['first-kernel', 'kexec-load']);
    expect(run.observations.filter((o) => o.kind !== 'cache-writeback')).toEqual([]);
  });
});

describe('the way to the dump', () => {
  it('reads and maps /proc/vmcore as often as the dump tool asks', () => {
    const { run } = runWith([{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }, { type: 'READ_VMCORE' }, { type: 'MMAP_VMCORE' }, { type: 'READ_VMCORE' }]);
    expect(run.steps.filter((s) => s.stage === 'dump').map((s) => s.site)).toEqual(['copy_oldmem_page_encrypted', 'remap_oldmem_pfn_range', 'copy_oldmem_page_encrypted']);
  });

  it('a purgatory that fetches garbage stops the run there: no kdump kernel, nothing to read', () => {
    const { run, state } = runWith([{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }, { type: 'READ_VMCORE' }], { ...v7, 'kexec.crashSegments': 'encrypted' });
    expect(state).toBe('stopped');
    expect(run.stop).toEqual({ stage: 'purgatory', site: 'purgatory', reason: "purgatory's own code is garbage through the identity map: the machine hangs" });
    expect(run.stages).toEqual(['first-kernel', 'kexec-load', 'panic', 'relocation', 'purgatory']);
  });

  it('relocation that fetches garbage stops the run before purgatory', () => {
    const { run, state } = runWith([{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }], preset('linux-4.19').decisions);
    expect(state).toBe('stopped');
    expect(run.stages.at(-1)).toBe('relocation');
    expect(run.stop?.site).toBe('relocate_kernel');
  });

  it('no ELF core header, no /proc/vmcore: the run stops in vmcore init and the notes are never read', () => {
    const { run, state } = runWith([{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }, { type: 'READ_VMCORE' }], { ...v7, 'vmcore.elfcorehdrRead': 'encrypted-if-sme' });
    expect(state).toBe('stopped');
    expect(run.stages.at(-1)).toBe('vmcore-init');
    expect(run.steps.filter((s) => s.site === 'elfcorehdr_read_notes' || s.stage === 'dump')).toEqual([]);
  });
});
