/**
 * The kdump kernel on the cover letter's test box: its early boot and in-place encryption, the
 * copy of the old IOMMU device table, and the reads of the ELF core header and the crash notes,
 * as the steps of a trace say them and as the observations record them.
 */
import { describe, expect, it } from 'vitest';
import type { Decisions } from '../../model/design/registry.ts';
import { environmentFromJson } from '../../model/environment-json.ts';
import type { Environment, KdumpEvent } from '../../model/environment.ts';
import type { Observation, Step } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';
import { ofKind } from './observations.ts';
import { efiFirmwareAt, firmwareJson, PACKED_SETUP_DATA_JSON, TEST_FIRMWARE_JSON, withFirstKernel } from './firmware-fixture.ts';

const dl385 = machineScenario('hp-dl385-gen10');
const LOAD_AND_PANIC: readonly KdumpEvent[] = [{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }];

function runOn(design: string, first: boolean, kdump: boolean, changes: Partial<Decisions> = {}, iommuTranslation = true) {
  const env = environmentOn({ ...dl385, iommuTranslation }, { firstKernel: first, kdumpKernel: kdump }, LOAD_AND_PANIC);
  return runKdump(env, { ...preset(design).decisions, ...changes });
}

const KDUMP_STAGES = new Set(['kdump-boot', 'iommu-init', 'vmcore-init']);
const kdumpSteps = (steps: readonly Step[]): string[] => steps.filter((s) => KDUMP_STAGES.has(s.stage)).map((s) => `[${s.stage}] ${s.site}: ${s.text}`);

/** What, where, stored how and read how, and whether it was right: an observation as a trace line shows it. */
const brief = (o: Observation): string => `${o.site} ${o.what} [0x${o.range.start.toString(16)}-0x${o.range.end.toString(16)}) ${o.written}/${o.read} ${o.ok ? 'ok' : 'WRONG'}`;

describe('sme-kdump-v7 with SME on in both kernels', () => {
  it('boots, copies the device table encrypted and reads header and notes, in these steps', () => {
    const { run, state } = runOn('sme-kdump-v7', true, true);
    expect(state).toBe('kdumpKernel.vmcoreReady');
    expect(kdumpSteps(run.steps)).toEqual([
      '[kdump-boot] startup_64: the kdump kernel starts on identity tables without the C-bit and reads its image, initrd and boot_params',
      '[kdump-boot] sme_enable: mem_encrypt=on: SME active in the kdump kernel',
      '[kdump-boot] sme_encrypt_kernel: kernel image and initrd encrypted in place (read without, written with the C-bit)',
      '[iommu-init] copy_device_table: DEV_TABLE_BASE reads 0x80007f800000; old_devtb_phys = 0x7f800000',
      '[iommu-init] ioremap_encrypted: old device table mapped encrypted and copied',
      '[vmcore-init] elfcorehdr_read: read the ELF core header at elfcorehdr=0x2700c000 decrypted',
      '[vmcore-init] elfcorehdr_read_notes: read 9 PT_NOTE(s) encrypted',
    ]);
  });

  it('reads image, initrd and boot_params in the clear, then image and initrd through the C-bit after encrypting them in place', () => {
    const { run } = runOn('sme-kdump-v7', true, true);
    expect(ofKind(run.observations, 'kdump-boot-read').map(brief)).toEqual([
      'startup_64 kernel (before SME is up) [0x25004000-0x25c04000) plaintext/plaintext ok',
      'startup_64 initrd (before SME is up) [0x25c04000-0x27004000) plaintext/plaintext ok',
      'startup_64 boot_params (before SME is up) [0x27008000-0x2700c000) plaintext/plaintext ok',
      'sme_encrypt_kernel kernel through encrypted mappings [0x25004000-0x25c04000) encrypted/encrypted ok',
      'sme_encrypt_kernel initrd through encrypted mappings [0x25c04000-0x27004000) encrypted/encrypted ok',
    ]);
    for (const o of ofKind(run.observations, 'kdump-boot-read')) expect(o.usage).toBeNull();
    const kernel = ofKind(run.observations, 'kdump-boot-read').find((o) => o.site === 'sme_encrypt_kernel')!;
    expect(kernel.got).toEqual({ kind: 'data', region: 'kernel', gen: kernel.expected.kind === 'data' ? kernel.expected.gen : -1, base: 0x25004000 });
  });

  it('copies the device table the IOMMU was using, read through the C-bit', () => {
    const { run } = runOn('sme-kdump-v7', true, true);
    const [copy, ...more] = ofKind(run.observations, 'iommu-devtable-copy');
    expect(more).toEqual([]);
    expect(brief(copy!)).toBe('copy_device_table old IOMMU device table [0x7f800000-0x7fa00000) encrypted/encrypted ok');
    expect(copy!.got).toMatchObject({ kind: 'data', region: 'dev_table', base: 0x7f800000 });
    expect(copy!.got).toEqual(copy!.expected);
  });

  it('reads every CPU\'s crash notes and vmcoreinfo through the C-bit, each as the first kernel saved it', () => {
    const { run } = runOn('sme-kdump-v7', true, true);
    const notes = ofKind(run.observations, 'notes-read');
    expect(notes.map((o) => o.what)).toEqual([...Array.from({ length: 8 }, (_, cpu) => `crash notes of CPU ${cpu}`), 'vmcoreinfo']);
    expect(notes.map((o) => o.range.start)).toEqual([...Array.from({ length: 8 }, (_, cpu) => 0x840000000 + cpu * 0x1000), 0x83fff0000]);
    for (const o of notes) {
      expect(o).toMatchObject({ site: 'elfcorehdr_read_notes', written: 'encrypted', read: 'encrypted', ok: true, usage: null });
      expect(o.got).toEqual(o.expected);
    }
    expect(notes.at(-1)!.got).toMatchObject({ kind: 'data', region: 'vmcoreinfo' });
  });

  it('an ELF core header read through the C-bit is garbage: vmcore is not initialized', () => {
    const { run, state } = runOn('sme-kdump-v7', true, true, { 'vmcore.elfcorehdrRead': 'encrypted-if-sme' });
    expect(state).toBe('stopped');
    expect(kdumpSteps(run.steps).at(-1)).toBe('[vmcore-init] elfcorehdr_read: read the ELF core header at elfcorehdr=0x2700c000 encrypted');
    expect(run.stop).toEqual({ stage: 'vmcore-init', site: 'parse_crash_elf_headers', reason: 'the ELF core header is garbage: "Kdump: vmcore not initialized"' });
    expect(ofKind(run.observations, 'elfcorehdr-read').map(brief)).toEqual(['elfcorehdr_read ELF core header [0x2700c000-0x2700d000) plaintext/encrypted WRONG']);
    expect(ofKind(run.observations, 'notes-read')).toEqual([]);
  });
});

describe('sme-kdump-v7 with SME on in the first kernel only', () => {
  it('the kdump kernel skips the in-place encryption and reads device table and notes decrypted', () => {
    const { run, state } = runOn('sme-kdump-v7', true, false);
    expect(state).toBe('kdumpKernel.vmcoreReady');
    expect(kdumpSteps(run.steps)).toEqual([
      '[kdump-boot] startup_64: the kdump kernel starts on identity tables without the C-bit and reads its image, initrd and boot_params',
      '[kdump-boot] sme_enable: mem_encrypt=off: SME not active in the kdump kernel',
      '[iommu-init] copy_device_table: DEV_TABLE_BASE reads 0x80007f800000; old_devtb_phys = 0x80007f800000',
      '[vmcore-init] elfcorehdr_read: read the ELF core header at elfcorehdr=0x2700c000 decrypted',
      '[vmcore-init] elfcorehdr_read_notes: read 9 PT_NOTE(s) decrypted',
    ]);
    expect(ofKind(run.observations, 'kdump-boot-read').map((o) => o.site)).toEqual(['startup_64', 'startup_64', 'startup_64']);
  });

  it('notes saved encrypted and read without the C-bit are garbage, and init goes on', () => {
    const { run } = runOn('sme-kdump-v7', true, false);
    const notes = ofKind(run.observations, 'notes-read');
    expect(notes).toHaveLength(9);
    for (const o of notes) expect(o).toMatchObject({ written: 'encrypted', read: 'plaintext', ok: false, got: { kind: 'garbage' } });
  });
});

describe('sme-kdump-v7 with SME off in both kernels', () => {
  it('maps nothing encrypted: the device table through memremap, header and notes decrypted, all read right', () => {
    const { run, state } = runOn('sme-kdump-v7', false, false);
    expect(state).toBe('kdumpKernel.vmcoreReady');
    expect(kdumpSteps(run.steps)).toEqual([
      '[kdump-boot] startup_64: the kdump kernel starts on identity tables without the C-bit and reads its image, initrd and boot_params',
      '[kdump-boot] sme_enable: mem_encrypt=off: SME not active in the kdump kernel',
      '[iommu-init] copy_device_table: DEV_TABLE_BASE reads 0x7f800000; old_devtb_phys = 0x7f800000',
      '[iommu-init] memremap: old device table mapped decrypted and copied',
      '[vmcore-init] elfcorehdr_read: read the ELF core header at elfcorehdr=0x2700c000 decrypted',
      '[vmcore-init] elfcorehdr_read_notes: read 9 PT_NOTE(s) decrypted',
    ]);
    expect(ofKind(run.observations, 'iommu-devtable-copy').map(brief)).toEqual(['copy_device_table old IOMMU device table [0x7f800000-0x7fa00000) plaintext/plaintext ok']);
    expect(run.observations.filter((o) => !o.ok)).toEqual([]);
  });
});

describe('the attribute of each read follows the design and the kdump kernel\'s SME', () => {
  it('an ELF core header read "encrypted if SME" is read decrypted when the kdump kernel\'s SME is off', () => {
    const { run, state } = runOn('sme-kdump-v7', true, false, { 'vmcore.elfcorehdrRead': 'encrypted-if-sme' });
    expect(state).toBe('kdumpKernel.vmcoreReady');
    expect(kdumpSteps(run.steps)).toContain('[vmcore-init] elfcorehdr_read: read the ELF core header at elfcorehdr=0x2700c000 decrypted');
    expect(ofKind(run.observations, 'elfcorehdr-read').map(brief)).toEqual(['elfcorehdr_read ELF core header [0x2700c000-0x2700d000) plaintext/plaintext ok']);
  });

  it('notes read decrypted (before patch 4/4) are garbage even with the kdump kernel\'s SME on', () => {
    const { run } = runOn('sme-kdump-v7', true, true, { 'vmcore.notesRead': 'decrypted' });
    expect(kdumpSteps(run.steps).at(-1)).toBe('[vmcore-init] elfcorehdr_read_notes: read 9 PT_NOTE(s) decrypted');
    const notes = ofKind(run.observations, 'notes-read');
    expect(notes.map((o) => o.what)).toEqual([...Array.from({ length: 8 }, (_, cpu) => `crash notes of CPU ${cpu}`), 'vmcoreinfo']);
    for (const o of notes) expect(o).toMatchObject({ written: 'encrypted', read: 'plaintext', ok: false, got: { kind: 'garbage' } });
  });
});

describe('elfcorehdr_read_notes', () => {
  /** Two CPUs whose notes pages are followed directly by the vmcoreinfo page. */
  const adjacentNotes = (): Environment => environmentFromJson(withFirstKernel({
    cpu: { name: 'EPYC test CPU', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 2 },
    firmwareSme: true, firstKernelMemEncrypt: true, kdumpKernelMemEncrypt: true, iommuTranslation: true,
    layout: {
      ram: [{ start: '0x100000', end: '0x40000000' }],
      crashkernel: { start: '0x20000000', end: '0x30000000' },
      iommuDevTable: { start: '0x400000', end: '0x600000' },
      swiotlb: { start: '0x200000', end: '0x400000' },
      decryptedPages: [],
      crashNotes: { start: '0x600000', end: '0x602000' },
      vmcoreinfo: { start: '0x602000', end: '0x603000' },
      firmware: TEST_FIRMWARE_JSON,
    },
    setupData: PACKED_SETUP_DATA_JSON,
    events: LOAD_AND_PANIC,
  }, 0x1000000), 'adjacent notes');

  it('reads the vmcoreinfo page right after the last CPU\'s notes as vmcoreinfo, not as more notes', () => {
    const { run } = runKdump(adjacentNotes(), preset('sme-kdump-v7').decisions);
    const notes = ofKind(run.observations, 'notes-read');
    expect(notes.map((o) => `${brief(o)} ${o.got.kind === 'data' ? o.got.region : o.got.kind}`)).toEqual([
      'elfcorehdr_read_notes crash notes of CPU 0 [0x600000-0x601000) encrypted/encrypted ok crash_notes',
      'elfcorehdr_read_notes crash notes of CPU 1 [0x601000-0x602000) encrypted/encrypted ok crash_notes',
      'elfcorehdr_read_notes vmcoreinfo [0x602000-0x603000) encrypted/encrypted ok vmcoreinfo',
    ]);
  });
});

describe('copy_device_table', () => {
  it('without __sme_clr the register value, C-bit included, is above 4G and the old table is refused', () => {
    const { run, state } = runOn('sme-kdump-v7-without-patch-3', true, true);
    expect(state).toBe('kdumpKernel.vmcoreReady');
    expect(kdumpSteps(run.steps)).toContain('[iommu-init] copy_device_table: DEV_TABLE_BASE reads 0x80007f800000; old_devtb_phys = 0x80007f800000');
    expect(run.steps.filter((s) => s.site === 'memremap' || s.site === 'ioremap_encrypted')).toEqual([]);
    const copies = ofKind(run.observations, 'iommu-devtable-copy');
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({
      site: 'copy_device_table', what: 'old IOMMU device table', usage: null, written: null, read: null, ok: false,
      range: { start: 0x80007f800000, end: 0x80007fa00000 },
      expected: { kind: 'data', region: 'dev_table', base: 0x7f800000 },
      got: { kind: 'refused', why: 'old_devtb_phys 0x80007f800000 is above 4G: "not trustworthy", the old table is not copied' },
    });
  });

  it('with __sme_clr but memremap, the encrypted table is copied without the C-bit and is garbage', () => {
    const { run } = runOn('sme-kdump-v7', true, true, { 'kdump.iommuDevTableMapping': 'memremap' });
    expect(kdumpSteps(run.steps)).toContain('[iommu-init] memremap: old device table mapped decrypted and copied');
    expect(ofKind(run.observations, 'iommu-devtable-copy').map(brief)).toEqual(['copy_device_table old IOMMU device table [0x7f800000-0x7fa00000) encrypted/plaintext WRONG']);
  });

  it('with translation off in the first kernel there is nothing to copy and nothing is read', () => {
    const { run } = runOn('sme-kdump-v7', true, true, {}, false);
    expect(run.steps.filter((s) => s.stage === 'iommu-init').map((s) => `${s.site}: ${s.text}`)).toEqual([
      'copy_device_table: IOMMU translation was off in the first kernel: nothing to copy',
    ]);
    expect(ofKind(run.observations, 'iommu-devtable-copy')).toEqual([]);
  });

  /** A box whose C-bit is address bit 32, with the device table at physical address 0. */
  function cbit32Box(): Environment {
    return environmentFromJson(withFirstKernel({
      cpu: { name: 'C-bit 32 test CPU', smeSupported: true, cbit: 32, physAddrReduction: 0, physAddrBits: 40, smeCoherent: false, cpus: 1 },
      firmwareSme: true, firstKernelMemEncrypt: true, kdumpKernelMemEncrypt: true, iommuTranslation: true,
      layout: {
        ram: [{ start: '0x0', end: '0x40000000' }],
        iommuDevTable: { start: '0x0', end: '0x200000' },
        swiotlb: { start: '0x200000', end: '0x400000' },
        decryptedPages: [],
        crashNotes: { start: '0x400000', end: '0x401000' },
        vmcoreinfo: { start: '0x401000', end: '0x402000' },
        firmware: firmwareJson(efiFirmwareAt(0x40000000)),
        crashkernel: { start: '0x10000000', end: '0x20000000' },
      },
      setupData: PACKED_SETUP_DATA_JSON,
      events: LOAD_AND_PANIC,
    }, 0x1000000), 'C-bit 32 box');
  }

  it('an old_devtb_phys of exactly 4 GiB is refused as above 4G', () => {
    const { run } = runKdump(cbit32Box(), preset('sme-kdump-v7-without-patch-3').decisions);
    expect(kdumpSteps(run.steps)).toContain('[iommu-init] copy_device_table: DEV_TABLE_BASE reads 0x100000000; old_devtb_phys = 0x100000000');
    expect(ofKind(run.observations, 'iommu-devtable-copy').map((o) => o.got)).toEqual([
      { kind: 'refused', why: 'old_devtb_phys 0x100000000 is above 4G: "not trustworthy", the old table is not copied' },
    ]);
  });
});
