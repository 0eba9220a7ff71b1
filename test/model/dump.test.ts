/**
 * The dump tool's reads of /proc/vmcore: read() through copy_oldmem_page(_encrypted) and mmap()
 * through remap_oldmem_pfn_range, each old page judged against what the first kernel saw there
 * through the attribute it used (its direct map, or decrypted).
 */
import { describe, expect, it } from 'vitest';
import type { Decisions } from '../../model/design/registry.ts';
import { environmentFromJson } from '../../model/environment-json.ts';
import type { Environment } from '../../model/environment.ts';
import type { Observation, Step } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';
import { ofKind } from './observations.ts';
import { PACKED_SETUP_DATA_JSON, TEST_FIRMWARE_JSON, withFirstKernel } from './firmware-fixture.ts';

/**
 * One CPU, two RAM ranges; pages kept decrypted at the very start and end of PT_LOADs (the first
 * and last page of the low range, the page just below the crashkernel region and the one just
 * above it), listed out of address order as a layout file may list them; SWIOTLB in the middle
 * of one PT_LOAD, and one page of device DMA at 0x2000.
 */
function edgesBox(first: boolean, kdump: boolean): Environment {
  return environmentFromJson(withFirstKernel({
    cpu: { name: 'EPYC test CPU', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 1 },
    firmwareSme: true, firstKernelMemEncrypt: first, kdumpKernelMemEncrypt: kdump, iommuTranslation: true,
    layout: {
      ram: [{ start: '0x1000', end: '0x9f000' }, { start: '0x100000', end: '0x40000000' }],
      crashkernel: { start: '0x20000000', end: '0x30000000' },
      iommuDevTable: { start: '0x400000', end: '0x600000' },
      swiotlb: { start: '0x200000', end: '0x400000' },
      decryptedPages: [{ start: '0x30000000', end: '0x30001000' }, { start: '0x1ffff000', end: '0x20000000' }, { start: '0x9e000', end: '0x9f000' }, { start: '0x1000', end: '0x2000' }],
      crashNotes: { start: '0x600000', end: '0x601000' },
      vmcoreinfo: { start: '0x601000', end: '0x602000' },
      firmware: TEST_FIRMWARE_JSON,
    },
    setupData: PACKED_SETUP_DATA_JSON,
    events: [{ type: 'KEXEC_LOAD_CRASH' }, { type: 'DEVICE_DMA', target: 'oldmem', slot: 0, pages: 1 }, { type: 'PANIC' }, { type: 'READ_VMCORE' }, { type: 'MMAP_VMCORE' }],
  }, 0x1000000), 'edges box');
}

const design = (name: string, changes: Partial<Decisions> = {}): Decisions => ({ ...preset(name).decisions, ...changes });
const hex = (a: number): string => `0x${a.toString(16)}`;
/** The steps of the dump stage (the dump tool's follow in its own stage). */
const dumpSteps = (run: { readonly steps: readonly Step[] }): Step[] => run.steps.filter((s) => s.stage === 'dump');

/** An old-memory read as a line: usage, what, range, stored/read attribute, what the first kernel saw there, verdict. */
function line(o: Observation): string {
  const saw = o.expected.kind === 'data' ? `${o.expected.region}#${o.expected.gen}` : o.expected.cause;
  return `${o.usage} ${o.what} [${hex(o.range.start)}-${hex(o.range.end)}) ${o.written}/${o.read} ${saw} ${o.ok ? 'ok' : 'WRONG'}`;
}

/** The PT_LOADs [0x1000-0x9f000), [0x100000-0x20000000), [0x30000000-0x40000000), split where the first kernel's use of a page changes or DRAM holds something else. */
const EDGES_WITH_SME_ON: readonly [string, string, string, string][] = [
  ['decrypted old page kept decrypted', '0x1000', '0x2000', 'decrypted page#2'],
  ['direct-map old memory', '0x2000', '0x3000', 'dma#5'],
  ['direct-map old memory', '0x3000', '0x9e000', 'ram#1'],
  ['decrypted old page kept decrypted', '0x9e000', '0x9f000', 'decrypted page#2'],
  ['direct-map old memory', '0x100000', '0x200000', 'ram#1'],
  ['decrypted old page kept decrypted', '0x200000', '0x400000', 'swiotlb#2'],
  ['direct-map old memory', '0x400000', '0x600000', 'dev_table#3'],
  ['direct-map old memory', '0x600000', '0x601000', 'crash_notes#6'],
  ['direct-map old memory', '0x601000', '0x602000', 'vmcoreinfo#6'],
  ['direct-map old memory', '0x602000', '0x2000000', 'ram#1'],
  ['direct-map old memory', '0x2000000', '0x2009000', 'page table#1'],
  ['direct-map old memory', '0x2009000', '0x1ffff000', 'ram#1'],
  ['decrypted old page kept decrypted', '0x1ffff000', '0x20000000', 'decrypted page#2'],
  ['decrypted old page kept decrypted', '0x30000000', '0x30001000', 'decrypted page#2'],
  ['direct-map old memory', '0x30001000', '0x40000000', 'ram#1'],
];

/** The lines of EDGES_WITH_SME_ON for a reader whose attribute is right for direct-map pages (`direct`) or for decrypted ones. */
const edgesRead = (readAs: 'encrypted' | 'plaintext'): string[] =>
  EDGES_WITH_SME_ON.map(([what, start, end, saw]) => {
    const decrypted = what.startsWith('decrypted');
    const stored = decrypted ? 'plaintext' : 'encrypted';
    return `${what} [${start}-${end}) ${stored}/${readAs} ${saw} ${stored === readAs ? 'ok' : 'WRONG'}`;
  });

describe('read() of /proc/vmcore', () => {
  it('with SME on in both kernels reads every PT_LOAD through the C-bit: direct-map pages right, decrypted pages garbage, split at each page edge', () => {
    const { run } = runKdump(edgesBox(true, true), design('sme-kdump-v7'));
    const reads = ofKind(run.observations, 'vmcore-read');
    expect(reads.map(line)).toEqual(edgesRead('encrypted'));
    for (const o of reads) expect(o.site).toBe('copy_oldmem_page_encrypted');
    expect(reads.filter((o) => !o.ok).map((o) => o.got)).toEqual(Array.from({ length: 5 }, () => ({ kind: 'garbage', cause: 'plaintext read through a C-bit mapping' })));
    for (const o of reads.filter((r) => r.ok)) expect(o.got).toEqual(o.expected);
  });

  it('with the kdump kernel\'s SME off reads without the C-bit through copy_oldmem_page', () => {
    const { run } = runKdump(edgesBox(true, false), design('sme-kdump-v7'));
    expect(dumpSteps(run).at(-2)).toEqual({ stage: 'dump', site: 'copy_oldmem_page', text: 'read() of /proc/vmcore: 3 PT_LOAD(s) read decrypted' });
    const reads = ofKind(run.observations, 'vmcore-read');
    expect(reads.map(line)).toEqual(edgesRead('plaintext'));
    for (const o of reads) expect(o.site).toBe('copy_oldmem_page');
  });

  it('copy_oldmem_page (before the series) reads decrypted even with the kdump kernel\'s SME on', () => {
    const { run } = runKdump(edgesBox(true, true), design('sme-kdump-v7', { 'vmcore.oldmemRead': 'decrypted' }));
    expect(dumpSteps(run).at(-2)!.text).toBe('read() of /proc/vmcore: 3 PT_LOAD(s) read decrypted');
    expect(ofKind(run.observations, 'vmcore-read').map(line)).toEqual(edgesRead('plaintext'));
  });

  it('with SME off in both kernels every old page reads back as the first kernel saw it', () => {
    const { run } = runKdump(edgesBox(false, false), design('sme-kdump-v7'));
    expect(dumpSteps(run).at(-2)!.text).toBe('read() of /proc/vmcore: 3 PT_LOAD(s) read decrypted');
    const reads = ofKind(run.observations, 'vmcore-read');
    expect(reads).toHaveLength(EDGES_WITH_SME_ON.length);
    for (const o of reads) {
      expect(o).toMatchObject({ written: 'plaintext', read: 'plaintext', ok: true });
      expect(o.got).toEqual(o.expected);
    }
  });

  it('on the DL385 says how many PT_LOADs it reads and through which attribute', () => {
    const env = environmentOn(machineScenario('hp-dl385-gen10'), { firstKernel: true, kdumpKernel: true });
    const { run } = runKdump(env, design('sme-kdump-v7'));
    expect(run.steps.filter((s) => s.stage === 'dump')).toEqual([
      { stage: 'dump', site: 'copy_oldmem_page_encrypted', text: 'read() of /proc/vmcore: 4 PT_LOAD(s) read encrypted' },
      { stage: 'dump', site: 'remap_oldmem_pfn_range', text: 'mmap() of /proc/vmcore with pgprot_encrypted(prot)' },
    ]);
  });
});

describe('mmap() of /proc/vmcore', () => {
  it('with pgprot_encrypted reads like read(): direct-map pages right, decrypted pages garbage', () => {
    const { run } = runKdump(edgesBox(true, true), design('sme-kdump-v7'));
    expect(dumpSteps(run).at(-1)).toEqual({ stage: 'dump', site: 'remap_oldmem_pfn_range', text: 'mmap() of /proc/vmcore with pgprot_encrypted(prot)' });
    const maps = ofKind(run.observations, 'vmcore-mmap');
    expect(maps.map(line)).toEqual(edgesRead('encrypted'));
    for (const o of maps) expect(o.site).toBe('remap_oldmem_pfn_range');
  });

  it('with the plain protection reads without the C-bit: direct-map pages garbage, decrypted pages right', () => {
    const { run } = runKdump(edgesBox(true, true), design('sme-kdump-v7-without-patch-4'));
    expect(dumpSteps(run).at(-1)).toEqual({ stage: 'dump', site: 'remap_oldmem_pfn_range', text: 'mmap() of /proc/vmcore with the plain protection' });
    expect(ofKind(run.observations, 'vmcore-mmap').map(line)).toEqual(edgesRead('plaintext'));
  });

  it('with pgprot_encrypted and the kdump kernel\'s SME off, the mask is 0 and nothing is read through the C-bit', () => {
    const { run } = runKdump(edgesBox(true, false), design('sme-kdump-v7'));
    expect(dumpSteps(run).at(-1)!.text).toBe('mmap() of /proc/vmcore with pgprot_encrypted(prot)');
    expect(ofKind(run.observations, 'vmcore-mmap').map(line)).toEqual(edgesRead('plaintext'));
  });
});
