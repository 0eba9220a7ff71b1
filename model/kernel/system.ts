/**
 * The system machine: the first kernel, the kexec load, the crash, the kdump kernel and the
 * dump, one nested state per stage, over the context in context.ts.
 *
 * Every action is a named pure function of the stage files, wrapped in `assign`; every guard is
 * a pure predicate. No invoke, no timers, no randomness: `initialTransition`/`transition` replay
 * a run exactly from its environment, design and events.
 */
import { assign, setup } from 'xstate';
import { emptyCaches, emptyMemory, iommuOff, memoryEncryptionEnabled, powerOn } from '../hardware/index.ts';
import type { Decisions } from '../design/registry.ts';
import type { Environment, KdumpEvent } from '../environment.ts';
import { backedMemory } from '../firmware.ts';
import { acpiTableInit, dmiScanMachine, e820MemorySetup, parseSetupData } from './boot-data.ts';
import { cachesAtStage } from './caches.ts';
import { enterStage, type KdumpContext, smeEnable, step, withRun } from './context.ts';
import { crashSaveNotes, machineCrashShutdown, purgatory, relocateKernel } from './crash.ts';
import { mmapVmcore, readVmcore } from './dump.ts';
import { readVmcoreinfo, startDumpTool, translateLookups, vmcoreinfoUnreadable } from './dump-tool.ts';
import { deviceDma, firmwareTables, iommuSetDeviceTable, pagingInit, setMemoryDecrypted, smeEnableFirstKernel, useDirectMap } from './first-kernel.ts';
import { copyDeviceTable, elfcorehdrRead, elfcorehdrReadNotes, kdumpEarlyBoot, smeEncryptKdumpKernel } from './kdump-kernel.ts';
import { hypervisorBaseline, hypervisorLooks } from './hypervisor.ts';
import { kexecLoadCrash, kexecUnloadCrash } from './kexec.ts';
import { RunRecord } from './run-log.ts';
import type { Stage } from './run.ts';

export interface KdumpInput {
  readonly env: Environment;
  readonly design: Decisions;
}

export function initialContext({ env, design }: KdumpInput): KdumpContext {
  const machine = powerOn(env.cpu, env.firmwareSme, env.platform === 'sev-guest');
  return {
    env,
    design,
    // With one tag only (memory encryption not enabled) no line can ever differ from DRAM: no caches to track.
    dram: { machine, ram: backedMemory(env.layout), memory: emptyMemory(), caches: memoryEncryptionEnabled(machine) ? emptyCaches(env.cpu.smeCoherent, 0) : null },
    iommu: iommuOff,
    first: smeEnable(machine, 'first kernel', false),
    kdump: null,
    kimage: null,
    loadedImages: [],
    gen: 0,
    oldMemory: null,
    elfcorehdr: null,
    kdumpBoot: null,
    vmcoreinfoIntact: false,
    tool: null,
    hypervisor: null,
    run: RunRecord.start(),
  };
}

const stoppedIn = (c: KdumpContext, stage: Stage): boolean => c.run.stop?.stage === stage;

/**
 * Entering a stage for the first time: the CPU that runs it, the write-backs the environment
 * schedules then, and, in an SEV guest, the hypervisor's look at what the stages before wrote.
 */
function enterStageAndCaches(c: KdumpContext, stage: Stage): KdumpContext {
  const next = enterStage(c, stage);
  return next === c ? c : hypervisorLooks(cachesAtStage(next, stage), stage);
}

export const kdumpMachine = setup({
  types: {
    context: {} as KdumpContext,
    events: {} as KdumpEvent,
    input: {} as KdumpInput,
  },
  guards: {
    /** kexec_crash_image != NULL (`__crash_kexec`, kernel/kexec_core.c). */
    crashKernelLoaded: ({ context }) => context.kimage !== null,
    /** KEXEC-CONTROL broken: relocate_kernel fetched garbage and the CPU hangs. */
    relocationFetchedGarbage: ({ context }) => stoppedIn(context, 'relocation'),
    /** KEXEC-SEGMENTS broken: a digest mismatch makes purgatory loop forever. */
    purgatoryDigestMismatch: ({ context }) => stoppedIn(context, 'purgatory'),
    /** KDUMP-BOOT broken: the kdump kernel read garbage while booting. */
    kdumpBootFailed: ({ context }) => stoppedIn(context, 'kdump-boot'),
    /** VMCORE-ELFHDR broken: no /proc/vmcore without an ELF core header. */
    vmcoreNotInitialized: ({ context }) => stoppedIn(context, 'vmcore-init'),
    /** DUMPTOOL-VTOP broken: the vmcoreinfo note is garbage, the tool cannot find init_top_pgt. */
    vmcoreinfoUnreadable: ({ context }) => vmcoreinfoUnreadable(context),
  },
  actions: {
    enterStage: assign(({ context }, params: { stage: Stage }) => enterStageAndCaches(context, params.stage)),
    firmwareTables: assign(({ context }) => firmwareTables(context)),
    smeEnableFirstKernel: assign(({ context }) => smeEnableFirstKernel(context)),
    useDirectMap: assign(({ context }) => useDirectMap(context)),
    pagingInit: assign(({ context }) => pagingInit(context)),
    setMemoryDecrypted: assign(({ context }) => setMemoryDecrypted(context)),
    iommuSetDeviceTable: assign(({ context }) => iommuSetDeviceTable(context)),
    reserveCrashkernel: assign(({ context }) => step(context, 'first-kernel', 'reserve_crashkernel', `crashkernel region reserved`)),
    deviceDma: assign(({ context, event }) => deviceDma(context, event)),
    kexecLoadCrash: assign(({ context }) => kexecLoadCrash(context)),
    kexecUnloadCrash: assign(({ context }) => kexecUnloadCrash(context)),
    panicWithoutCrashKernel: assign(({ context }) => {
      const c = step(context, 'panic', 'panic', 'no crash kernel loaded: the machine halts');
      return withRun(c, c.run.withHalted());
    }),
    crashSaveNotes: assign(({ context }) => crashSaveNotes(context)),
    machineCrashShutdown: assign(({ context }) => machineCrashShutdown(context)),
    relocateKernel: assign(({ context }) => relocateKernel(context)),
    purgatory: assign(({ context }) => purgatory(context)),
    kdumpEarlyBoot: assign(({ context }) => kdumpEarlyBoot(context)),
    smeEncryptKdumpKernel: assign(({ context }) => smeEncryptKdumpKernel(context)),
    e820MemorySetup: assign(({ context }) => e820MemorySetup(context)),
    parseSetupData: assign(({ context }) => parseSetupData(context)),
    dmiScanMachine: assign(({ context }) => dmiScanMachine(context)),
    acpiTableInit: assign(({ context }) => acpiTableInit(context)),
    copyDeviceTable: assign(({ context }) => copyDeviceTable(context)),
    elfcorehdrRead: assign(({ context }) => elfcorehdrRead(context)),
    elfcorehdrReadNotes: assign(({ context }) => elfcorehdrReadNotes(context)),
    readVmcore: assign(({ context }) => readVmcore(context)),
    mmapVmcore: assign(({ context }) => mmapVmcore(context)),
    startDumpTool: assign(({ context }, params: { access: 'read' | 'mmap' }) => startDumpTool(context, params.access)),
    readVmcoreinfo: assign(({ context }) => readVmcoreinfo(context)),
    translateLookups: assign(({ context }) => translateLookups(context)),
    hypervisorBaseline: assign(({ context }) => hypervisorBaseline(context)),
    hypervisorLooks: assign(({ context }, params: { stage: Stage }) => hypervisorLooks(context, params.stage)),
  },
}).createMachine({
  id: 'kdump',
  context: ({ input }) => initialContext(input),
  initial: 'firstKernel',
  states: {
    firstKernel: {
      entry: [
        { type: 'enterStage', params: { stage: 'first-kernel' } },
        'firmwareTables',
        'smeEnableFirstKernel',
        'useDirectMap',
        'pagingInit',
        'setMemoryDecrypted',
        'iommuSetDeviceTable',
        'reserveCrashkernel',
        'hypervisorBaseline',
      ],
      initial: 'running',
      states: {
        running: {
          on: {
            KEXEC_LOAD_CRASH: { actions: [{ type: 'enterStage', params: { stage: 'kexec-load' } }, 'kexecLoadCrash', { type: 'hypervisorLooks', params: { stage: 'kexec-load' } }] },
            KEXEC_UNLOAD_CRASH: { guard: 'crashKernelLoaded', actions: ['kexecUnloadCrash', { type: 'hypervisorLooks', params: { stage: 'kexec-load' } }] },
            DEVICE_DMA: { actions: 'deviceDma' },
            PANIC: [
              { guard: 'crashKernelLoaded', target: '#kdump.crash' },
              { target: '#kdump.halted', actions: [{ type: 'enterStage', params: { stage: 'panic' } }, 'panicWithoutCrashKernel'] },
            ],
          },
        },
      },
    },
    crash: {
      initial: 'panic',
      states: {
        panic: {
          entry: [{ type: 'enterStage', params: { stage: 'panic' } }, 'crashSaveNotes', 'machineCrashShutdown'],
          always: 'relocation',
        },
        relocation: {
          entry: [{ type: 'enterStage', params: { stage: 'relocation' } }, 'relocateKernel'],
          always: [{ guard: 'relocationFetchedGarbage', target: '#kdump.stopped' }, { target: 'purgatory' }],
        },
        purgatory: {
          entry: [{ type: 'enterStage', params: { stage: 'purgatory' } }, 'purgatory'],
          always: [{ guard: 'purgatoryDigestMismatch', target: '#kdump.stopped' }, { target: '#kdump.kdumpKernel' }],
        },
      },
    },
    kdumpKernel: {
      initial: 'earlyBoot',
      states: {
        earlyBoot: {
          entry: [{ type: 'enterStage', params: { stage: 'kdump-boot' } }, 'kdumpEarlyBoot'],
          always: [{ guard: 'kdumpBootFailed', target: '#kdump.stopped' }, { target: 'smeEncryptKernel' }],
        },
        smeEncryptKernel: {
          entry: 'smeEncryptKdumpKernel',
          always: [{ guard: 'kdumpBootFailed', target: '#kdump.stopped' }, { target: 'bootData' }],
        },
        bootData: {
          entry: [{ type: 'enterStage', params: { stage: 'boot-data' } }, 'e820MemorySetup', 'parseSetupData', 'dmiScanMachine', 'acpiTableInit'],
          always: 'iommuInit',
        },
        iommuInit: {
          entry: [{ type: 'enterStage', params: { stage: 'iommu-init' } }, 'copyDeviceTable'],
          always: 'elfcorehdr',
        },
        elfcorehdr: {
          entry: [{ type: 'enterStage', params: { stage: 'vmcore-init' } }, 'elfcorehdrRead'],
          always: [{ guard: 'vmcoreNotInitialized', target: '#kdump.stopped' }, { target: 'notes' }],
        },
        notes: {
          entry: 'elfcorehdrReadNotes',
          always: 'vmcoreReady',
        },
        vmcoreReady: {
          on: {
            READ_VMCORE: { target: 'dumpTool', actions: [{ type: 'enterStage', params: { stage: 'dump' } }, 'readVmcore', { type: 'startDumpTool', params: { access: 'read' } }] },
            MMAP_VMCORE: { target: 'dumpTool', actions: [{ type: 'enterStage', params: { stage: 'dump' } }, 'mmapVmcore', { type: 'startDumpTool', params: { access: 'mmap' } }] },
          },
        },
        /** The dump tool (makedumpfile, crash) on /proc/vmcore: vmcoreinfo, then each virtual address it needs. */
        dumpTool: {
          initial: 'vmcoreinfo',
          states: {
            vmcoreinfo: {
              entry: [{ type: 'enterStage', params: { stage: 'dump-tool' } }, 'readVmcoreinfo'],
              always: [{ guard: 'vmcoreinfoUnreadable', target: 'done' }, { target: 'translate' }],
            },
            translate: {
              entry: 'translateLookups',
              always: 'done',
            },
            done: { type: 'final' },
          },
          onDone: 'vmcoreReady',
        },
      },
    },
    halted: { type: 'final' },
    stopped: { type: 'final' },
  },
});
