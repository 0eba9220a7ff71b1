/**
 * One run of the system machine (model/run.ts): runKdump through the memoising driver, and the
 * reference folds over XState's own snapshots, runSnapshots and runKdumpWithXstate. On the cover
 * letter's test box, for runs that end in each way a run can end, both give the same run.
 */
import { describe, expect, it } from 'vitest';
import type { Decisions } from '../../model/design/registry.ts';
import type { Environment, KdumpEvent } from '../../model/environment.ts';
import { runKdump, runKdumpWithXstate, runSnapshots, stateName } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const dl385 = machineScenario('hp-dl385-gen10');
const v7 = preset('sme-kdump-v7').decisions;
const onOn = { firstKernel: true, kdumpKernel: true };

const LOAD: KdumpEvent = { type: 'KEXEC_LOAD_CRASH' };
const UNLOAD: KdumpEvent = { type: 'KEXEC_UNLOAD_CRASH' };
const PANIC: KdumpEvent = { type: 'PANIC' };
const READ: KdumpEvent = { type: 'READ_VMCORE' };
const MMAP: KdumpEvent = { type: 'MMAP_VMCORE' };

/** What a run leaves for its judges and its trace, as plain data. */
function outcome({ run, state, context }: ReturnType<typeof runKdump>) {
  return {
    state,
    stages: run.stages,
    stop: run.stop,
    halted: run.halted,
    steps: run.steps,
    observations: run.observations,
    dram: context.dram,
    iommu: context.iommu,
    kimage: context.kimage,
  };
}

const CASES: readonly [string, Environment, Decisions, string][] = [
  ['a dump taken under sme-kdump-v7, SME on in both kernels', environmentOn(dl385, onOn), v7, 'kdumpKernel.vmcoreReady'],
  ['a dump taken with SME off in both kernels', environmentOn(dl385, { firstKernel: false, kdumpKernel: false }, [LOAD, PANIC, READ, MMAP]), v7, 'kdumpKernel.vmcoreReady'],
  ['a run that hangs in relocate_kernel under linux-4.19', environmentOn(dl385, onOn, [LOAD, PANIC, READ]), preset('linux-4.19').decisions, 'stopped'],
  ['a panic with no crash kernel loaded', environmentOn(dl385, onOn, [PANIC, LOAD, PANIC]), v7, 'halted'],
  ['a panic after the crash kernel was unloaded', environmentOn(dl385, onOn, [LOAD, UNLOAD, PANIC]), v7, 'halted'],
];

describe('runKdump and runKdumpWithXstate', () => {
  it.each(CASES)('give the same run for %s', (_name, env, design, state) => {
    const driven = runKdump(env, design);
    expect(driven.state).toBe(state);
    expect(outcome(runKdumpWithXstate(env, design))).toEqual(outcome(driven));
  });

  it('stop at a final state: the events after a halt leave no step', () => {
    const { run, state } = runKdumpWithXstate(environmentOn(dl385, onOn, [PANIC, LOAD, PANIC]), v7);
    expect(state).toBe('halted');
    expect(run.halted).toBe(true);
    expect(run.steps.at(-1)).toEqual({ stage: 'panic', site: 'panic', text: 'no crash kernel loaded: the machine halts' });
    expect(run.steps.filter((s) => s.stage === 'kexec-load')).toEqual([]);
  });
});

describe('runSnapshots', () => {
  it('yields the initial snapshot, then one for each event', () => {
    const env = environmentOn(dl385, onOn, [LOAD, PANIC, READ]);
    const states = [...runSnapshots(env, v7)].map((s) => stateName(s.value));
    expect(states).toEqual(['firstKernel.running', 'firstKernel.running', 'kdumpKernel.vmcoreReady', 'kdumpKernel.vmcoreReady']);
  });

  it('starts from the first kernel as booted on the environment it was given', () => {
    const [first] = runSnapshots(environmentOn(dl385, onOn, []), v7);
    expect(first!.status).toBe('active');
    expect(first!.context.first).toEqual({ name: 'first kernel', smeActive: true, sevActive: false, smeMask: 2 ** 47 });
    expect(first!.context.run.steps.map((s) => s.site)).toEqual(['UEFI', 'sme_enable', 'direct map', 'init_mem_mapping', 'clflush_cache_range', 'set_memory_decrypted', 'iommu_set_device_table', 'reserve_crashkernel']);
  });

  it('yields nothing after a final state', () => {
    const env = environmentOn(dl385, onOn, [PANIC, LOAD, PANIC, READ]);
    const snapshots = [...runSnapshots(env, v7)];
    expect(snapshots.map((s) => [stateName(s.value), s.status])).toEqual([['firstKernel.running', 'active'], ['halted', 'done']]);
  });

  it('gives a machine that hangs in relocation a stopped, done snapshot', () => {
    const env = environmentOn(dl385, onOn, [LOAD, PANIC, READ]);
    const last = [...runSnapshots(env, preset('linux-4.19').decisions)].at(-1)!;
    expect([stateName(last.value), last.status]).toEqual(['stopped', 'done']);
    expect(last.context.run.frozen().stop).toEqual({
      stage: 'relocation',
      site: 'relocate_kernel',
      reason: 'the CPU fetched garbage from the identity PGD at [0x25001000-0x25001fff]: the machine hangs',
    });
  });
});

describe('stateName', () => {
  it('names a top-level state by its key and a nested one by its dotted path', () => {
    expect(stateName('halted')).toBe('halted');
    expect(stateName({ kdumpKernel: 'vmcoreReady' })).toBe('kdumpKernel.vmcoreReady');
    expect(stateName({ crash: { relocation: 'inner' } })).toBe('crash.relocation.inner');
  });
});
