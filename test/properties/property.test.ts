/**
 * The common shape of a judgment (`judgeReads`): which observations exercise a property, how many,
 * and which is the first violation, in runs written by hand and in runs of the model, whose alike
 * reads are logged as batches.
 */
import { describe, expect, it } from 'vitest';
import { environmentFromJson } from '../../model/environment-json.ts';
import type { Environment } from '../../model/environment.ts';
import { data, garbage } from '../../model/hardware/index.ts';
import type { Observation, OldPageUsage, ReadKind, Run } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import { judgeReads } from '../../properties/property.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';
import { PACKED_SETUP_DATA_JSON, TEST_FIRMWARE_JSON, withFirstKernel } from '../model/firmware-fixture.ts';

/** An old-memory read at page `page`, right or garbage. */
function read(kind: ReadKind, page: number, ok: boolean, usage: OldPageUsage | null = 'direct-map'): Observation {
  const start = page * 0x1000;
  const seen = data('ram', 1, 0);
  return {
    step: 0, kind, site: kind === 'vmcore-read' ? 'copy_oldmem_page_encrypted' : 'remap_oldmem_pfn_range', what: `page ${page}`, usage,
    range: { start, end: start + 0x1000 }, written: 'encrypted', read: ok ? 'encrypted' : 'plaintext',
    expected: seen, got: ok ? seen : garbage('ciphertext read without the C-bit'), ok,
  };
}

/** A run from elsewhere: observations only, no log of batches. */
const runOf = (...observations: Observation[]): Run => ({ stages: ['dump'], stop: null, halted: false, steps: [], observations });

describe('judgeReads over a run given as observations', () => {
  it('is unexercised when no observation is of its kinds', () => {
    const judge = judgeReads(['notes-read']);
    expect(judge(runOf(read('vmcore-read', 1, true), read('vmcore-mmap', 2, false)))).toEqual({ status: 'unexercised' });
  });

  it('holds, exercised once for each observation of its kinds', () => {
    const judge = judgeReads(['vmcore-read', 'vmcore-mmap']);
    const run = runOf(read('vmcore-read', 1, true), read('notes-read', 2, false), read('vmcore-mmap', 3, true), read('vmcore-read', 4, true));
    expect(judge(run)).toEqual({ status: 'holds', exercised: 3 });
  });

  it('counts only what `select` picks, and is not broken by what it leaves out', () => {
    const judge = judgeReads(['vmcore-read'], (o) => o.usage === 'direct-map');
    const run = runOf(read('vmcore-read', 1, true), read('vmcore-read', 2, false, 'decrypted'), read('vmcore-read', 3, true));
    expect(judge(run)).toEqual({ status: 'holds', exercised: 2 });
    expect(judgeReads(['vmcore-read'], (o) => o.usage === 'decrypted')(run)).toMatchObject({ status: 'violated', observation: { what: 'page 2' } });
    expect(judgeReads(['vmcore-read'], () => false)(run)).toEqual({ status: 'unexercised' });
  });

  it('gives the first violation in run order, whatever the order of its kinds', () => {
    const run = runOf(read('vmcore-read', 1, true), read('vmcore-mmap', 2, false), read('vmcore-read', 3, false), read('vmcore-mmap', 4, false));
    for (const kinds of [['vmcore-read', 'vmcore-mmap'], ['vmcore-mmap', 'vmcore-read']] as ReadKind[][]) {
      const j = judgeReads(kinds)(run);
      expect(j.status).toBe('violated');
      expect(j.status === 'violated' ? j.observation : null).toBe(run.observations[1]);
    }
    expect(judgeReads(['vmcore-read'])(run)).toEqual({ status: 'violated', observation: run.observations[2] });
  });

  it('judges each run it is given, one after another', () => {
    const judge = judgeReads(['vmcore-read']);
    const good = runOf(read('vmcore-read', 1, true));
    const bad = runOf(read('vmcore-read', 1, false));
    expect(judge(good)).toEqual({ status: 'holds', exercised: 1 });
    expect(judge(bad)).toMatchObject({ status: 'violated' });
    expect(judge(good)).toEqual({ status: 'holds', exercised: 1 });
  });
});

describe('judgeReads over a run of the model, alike reads batched', () => {
  /** Old memory in four RAM ranges, the last three untouched since boot: their reads come out alike. */
  const manyRanges = (): Environment => environmentFromJson(withFirstKernel({
    cpu: { name: 'EPYC test CPU', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 1 },
    firmwareSme: true, firstKernelMemEncrypt: true, kdumpKernelMemEncrypt: true, iommuTranslation: true,
    layout: {
      ram: [{ start: '0x100000', end: '0x40000000' }, { start: '0x50000000', end: '0x50100000' }, { start: '0x60000000', end: '0x60100000' }, { start: '0x70000000', end: '0x70100000' }],
      crashkernel: { start: '0x20000000', end: '0x30000000' },
      iommuDevTable: { start: '0x400000', end: '0x600000' },
      swiotlb: { start: '0x200000', end: '0x400000' },
      decryptedPages: [],
      crashNotes: { start: '0x600000', end: '0x601000' },
      vmcoreinfo: { start: '0x601000', end: '0x602000' },
      firmware: TEST_FIRMWARE_JSON,
    },
    setupData: PACKED_SETUP_DATA_JSON,
    events: [{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }, { type: 'READ_VMCORE' }],
  }, 0x1000000), 'many RAM ranges');

  it('counts every old-memory read once, however many ranges read alike', () => {
    const { run } = runKdump(manyRanges(), preset('sme-kdump-v7').decisions);
    const direct = run.observations.filter((o) => o.kind === 'vmcore-read' && o.usage === 'direct-map');
    expect(direct.map((o) => o.range.start)).toEqual([0x100000, 0x400000, 0x600000, 0x601000, 0x602000, 0x2000000, 0x2009000, 0x30000000, 0x50000000, 0x60000000, 0x70000000]);
    expect(judgeReads(['vmcore-read'], (o) => o.usage === 'direct-map')(run)).toEqual({ status: 'holds', exercised: 11 });
    const swiotlb = run.observations.find((o) => o.kind === 'vmcore-read' && o.usage === 'decrypted');
    expect(swiotlb?.range).toEqual({ start: 0x200000, end: 0x400000 });
    expect(judgeReads(['vmcore-read'])(run)).toEqual({ status: 'violated', observation: swiotlb });
  });

  const dl385 = machineScenario('hp-dl385-gen10');
  const notesRun = (kdumpSme: boolean) =>
    runKdump(environmentOn(dl385, { firstKernel: true, kdumpKernel: kdumpSme }, [{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }]), preset('sme-kdump-v7').decisions).run;

  it('counts every CPU\'s crash notes and vmcoreinfo, each once', () => {
    const run = notesRun(true);
    expect(run.observations.filter((o) => o.kind === 'notes-read')).toHaveLength(9);
    expect(judgeReads(['notes-read'])(run)).toEqual({ status: 'holds', exercised: 9 });
    expect(judgeReads(['notes-read', 'elfcorehdr-read'])(run)).toEqual({ status: 'holds', exercised: 10 });
  });

  it('names the first CPU\'s notes as the first violation when every note reads as garbage', () => {
    const run = notesRun(false);
    const j = judgeReads(['notes-read'])(run);
    expect(j.status).toBe('violated');
    const o = j.status === 'violated' ? j.observation : null;
    // The very observation the run lists, not a copy.
    expect(o).toBe(run.observations.find((x) => x.kind === 'notes-read'));
    expect(o).toMatchObject({ what: 'crash notes of CPU 0', range: { start: 0x840000000, end: 0x840001000 }, ok: false });
  });

  it('judges the record a machine is still writing as it judges the finished run', () => {
    const env = environmentOn(dl385, { firstKernel: true, kdumpKernel: false }, [{ type: 'KEXEC_LOAD_CRASH' }, { type: 'PANIC' }]);
    const { run, context } = runKdump(env, preset('sme-kdump-v7').decisions);
    for (const kinds of [['notes-read'], ['elfcorehdr-read', 'kdump-boot-read']] as ReadKind[][]) {
      expect(judgeReads(kinds)(context.run)).toEqual(judgeReads(kinds)(run));
    }
    expect(judgeReads(['elfcorehdr-read', 'kdump-boot-read'])(context.run)).toEqual({ status: 'holds', exercised: 4 });
  });

  it('a violation of one kind comes before a later one of another, whatever the order of its kinds', () => {
    const run = notesRun(false);
    const first = run.observations.find((x) => !x.ok)!;
    expect(first.kind).toBe('iommu-devtable-copy');
    for (const kinds of [['notes-read', 'iommu-devtable-copy'], ['iommu-devtable-copy', 'notes-read']] as ReadKind[][]) {
      expect(judgeReads(kinds)(run)).toEqual({ status: 'violated', observation: first });
    }
  });
});
