/**
 * The first kernel (model/kernel/first-kernel.ts): how `sme_enable` decides SME, what its boot
 * leaves in DRAM and in the IOMMU, how device DMA lands, and the steps a trace shows for each.
 */
import { describe, expect, it } from 'vitest';
import { environmentFromJson } from '../../model/environment-json.ts';
import type { Environment, KdumpEvent } from '../../model/environment.ts';
import { data, dramRead, iommuOff, PAGE_SIZE, type Value } from '../../model/hardware/index.ts';
import type { KdumpContext } from '../../model/kernel/context.ts';
import { deviceDma } from '../../model/kernel/first-kernel.ts';
import type { Step } from '../../model/kernel/run.ts';
import { runKdump, runSnapshots } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario, type MachineScenario } from '../../scenarios/machines/index.ts';
import { PACKED_SETUP_DATA_JSON, TEST_FIRMWARE_JSON, withFirstKernel } from './firmware-fixture.ts';

const dl385 = machineScenario('hp-dl385-gen10');
const v7 = preset('sme-kdump-v7').decisions;
const CBIT = 2 ** 47;

const onDl385 = (firstKernel: boolean, events: readonly KdumpEvent[] = [], m: MachineScenario = dl385): Environment =>
  environmentOn(m, { firstKernel, kdumpKernel: firstKernel }, events);

/** The first kernel as booted: the machine's initial snapshot. */
function booted(env: Environment): KdumpContext {
  const [first] = runSnapshots(env, v7);
  return first!.context;
}

const stepLine = (s: Step): string => `[${s.stage}] ${s.site}: ${s.text}`;
const stepsOf = (c: KdumpContext): string[] => c.run.frozen().steps.map(stepLine);
/** What a reader at `address` gets back, page by page of one read. */
const got = (c: KdumpContext, address: number, length = PAGE_SIZE): Value[] => dramRead(c.dram, address, length).map((p) => p.got);

describe('the first kernel\'s boot', () => {
  it('with mem_encrypt=on on an SME machine: firmware first, then SME active, RAM encrypted, the decrypted ranges and the device table, in these steps', () => {
    expect(stepsOf(booted(onDl385(true)))).toEqual([
      '[first-kernel] UEFI: firmware wrote "Reserved" [0x9f000-0x9ffff], "Reserved" [0xe0000-0xfffff], "ACPI Tables" [0x80000000-0x800fffff], "ACPI Non-volatile Storage" [0x80100000-0x801fffff], "Reserved" [0x80200000-0x8fffffff] in the clear; tables: SMBIOS entry point [0x80200000-0x80200fff], DMI table [0x80201000-0x80202fff], RSDP [0x80000000-0x80000fff], XSDT [0x80001000-0x80001fff], IVRS [0x80002000-0x80002fff]',
      '[first-kernel] sme_enable: mem_encrypt=on: SME active, sme_me_mask=0x800000000000',
      '[first-kernel] direct map: all RAM written through the direct map (encrypted)',
      '[first-kernel] init_mem_mapping: 4-level paging: init_top_pgt at 0x2000000 and 8 table(s) below it written through the direct map, each entry with _PAGE_ENC=0x800000000000',
      '[first-kernel] clflush_cache_range: set_memory_decrypted: CLFLUSH of [0x98000-0x99fff], [0x6b000000-0x6effffff], [0x7e000000-0x7e000fff] through the encrypted mapping: 3 dirty line(s) written back: encrypted line of ram on CPU 0 [0x98000-0x99fff], encrypted line of ram on CPU 0 [0x6b000000-0x6effffff], encrypted line of ram on CPU 0 [0x7e000000-0x7e000fff]',
      '[first-kernel] set_memory_decrypted: SWIOTLB [0x6b000000-0x6effffff] and 2 other range(s) set decrypted and written as plaintext',
      '[first-kernel] iommu_set_device_table: device table [0x7f800000-0x7f9fffff] written through the direct map; DEV_TABLE_BASE = 0x80007f800000; translation on',
      '[first-kernel] reserve_crashkernel: crashkernel region reserved',
    ]);
  });

  it('with mem_encrypt=off: SME not active, RAM plaintext, a device table base without the C-bit', () => {
    const steps = stepsOf(booted(onDl385(false))).slice(1);
    expect(steps[0]).toBe('[first-kernel] sme_enable: mem_encrypt=off: SME not active, sme_me_mask=0');
    expect(steps[1]).toBe('[first-kernel] direct map: all RAM written through the direct map (plaintext)');
    expect(steps[2]).toBe('[first-kernel] init_mem_mapping: 4-level paging: init_top_pgt at 0x2000000 and 8 table(s) below it written through the direct map, each entry with _PAGE_ENC=0x0');
    expect(steps[4]).toBe('[first-kernel] iommu_set_device_table: device table [0x7f800000-0x7f9fffff] written through the direct map; DEV_TABLE_BASE = 0x7f800000; translation on');
  });

  it('with mem_encrypt=on but the firmware bit clear: SME not active, and RAM plaintext', () => {
    const c = booted(onDl385(true, [], { ...dl385, firmwareSme: false }));
    expect(c.first).toEqual({ name: 'first kernel', smeActive: false, sevActive: false, smeMask: 0 });
    expect(stepsOf(c).slice(1, 3)).toEqual([
      '[first-kernel] sme_enable: mem_encrypt=on: SME not active, sme_me_mask=0',
      '[first-kernel] direct map: all RAM written through the direct map (plaintext)',
    ]);
  });

  it('with mem_encrypt=on on a CPU without SME: SME not active', () => {
    const c = booted(onDl385(true, [], { ...dl385, cpu: { ...dl385.cpu, smeSupported: false } }));
    expect(c.first.smeActive).toBe(false);
    expect(stepsOf(c)[1]).toBe('[first-kernel] sme_enable: mem_encrypt=on: SME not active, sme_me_mask=0');
  });

  it('leaves RAM readable through the C-bit under SME, and without it otherwise', () => {
    const page = 0x10000000;
    const sme = booted(onDl385(true));
    expect(got(sme, page + CBIT)).toEqual([data('ram', 1, 0)]);
    expect(got(sme, page)).toEqual([{ kind: 'garbage', cause: 'ciphertext read without the C-bit' }]);
    const plain = booted(onDl385(false));
    expect(got(plain, page)).toEqual([data('ram', 1, 0)]);
  });

  it('writes SWIOTLB and the other decrypted ranges as plaintext, each with its own token', () => {
    const c = booted(onDl385(true));
    expect(got(c, 0x6b000000, 0x4000000)).toEqual([data('swiotlb', 2, 0x6b000000)]);
    expect(got(c, 0x98000, 0x2000)).toEqual([data('decrypted page', 2, 0x98000)]);
    expect(got(c, 0x7e000000)).toEqual([data('decrypted page', 2, 0x7e000000)]);
    expect(got(c, 0x6b000000 + CBIT)).toEqual([{ kind: 'garbage', cause: 'plaintext read through a C-bit mapping' }]);
  });

  it('writes the device table through the encrypted direct map and programs its base with the C-bit under SME', () => {
    const c = booted(onDl385(true));
    expect(c.iommu).toEqual({ translation: true, devTableBase: 0x7f800000 + CBIT });
    expect(got(c, 0x7f800000 + CBIT, 0x200000)).toEqual([data('dev_table', 3, 0x7f800000)]);
  });

  it('programs no device table when IOMMU translation is off', () => {
    const c = booted(onDl385(true, [], { ...dl385, iommuTranslation: false }));
    expect(c.iommu).toEqual(iommuOff);
    expect(c.gen).toBe(2);
    expect(stepsOf(c)[6]).toBe('[first-kernel] amd_iommu_init: IOMMU translation off: no device table programmed');
  });
});

describe('device DMA in the first kernel', () => {
  const dmaSteps = (r: ReturnType<typeof runKdump>) => r.run.steps.filter((s) => s.site === 'phys_to_dma' || s.site === 'swiotlb_tbl_map_single').map(stepLine);

  it('into an ordinary buffer goes to phys_to_dma\'s address, with the C-bit under SME, and lands encrypted', () => {
    const r = runKdump(onDl385(true, [{ type: 'DEVICE_DMA', target: 'oldmem', slot: 4096, pages: 4 }]), v7);
    expect(dmaSteps(r)).toEqual(['[first-kernel] phys_to_dma: device DMA of 4 page(s) to [0x3064000-0x3067fff] at DMA address 0x800003064000']);
    // The boot wrote generations 1 to 3; the DMA is the next write.
    expect(r.context.gen).toBe(4);
    expect(dramRead(r.context.dram, 0x3064000 + CBIT, 4 * PAGE_SIZE).map((p) => p.got)).toEqual([data('dma', 4, 0x3064000)]);
  });

  it('into an ordinary buffer without SME goes to the plain address', () => {
    const r = runKdump(onDl385(false, [{ type: 'DEVICE_DMA', target: 'oldmem', slot: 4096, pages: 4 }]), v7);
    expect(dmaSteps(r)).toEqual(['[first-kernel] phys_to_dma: device DMA of 4 page(s) to [0x3064000-0x3067fff] at DMA address 0x3064000']);
  });

  it('into a SWIOTLB bounce buffer goes without the C-bit even under SME, and lands as plaintext', () => {
    const r = runKdump(onDl385(true, [{ type: 'DEVICE_DMA', target: 'swiotlb', slot: 16, pages: 2 }]), v7);
    expect(dmaSteps(r)).toEqual(['[first-kernel] swiotlb_tbl_map_single: device DMA of 2 page(s) to [0x6b010000-0x6b011fff] at DMA address 0x6b010000']);
    expect(dramRead(r.context.dram, 0x6b010000, 2 * PAGE_SIZE).map((p) => p.got)).toEqual([data('dma', 4, 0x6b010000)]);
  });

  it('is cut at the end of the buffer area its first page is in', () => {
    // SWIOTLB holds 0x4000 pages: slot 0x3fff is its last page, so 8 pages from there become 1.
    const r = runKdump(onDl385(true, [{ type: 'DEVICE_DMA', target: 'swiotlb', slot: 0x3fff, pages: 8 }]), v7);
    expect(dmaSteps(r)).toEqual(['[first-kernel] swiotlb_tbl_map_single: device DMA of 1 page(s) to [0x6efff000-0x6effffff] at DMA address 0x6efff000']);
  });

  it('writes nothing, and leaves no step, when old memory has no page that no region claims', () => {
    const crowded = environmentFromJson(withFirstKernel({
      cpu: { ...dl385.cpu, cpus: 1 },
      firmwareSme: true,
      firstKernelMemEncrypt: true,
      kdumpKernelMemEncrypt: true,
      iommuTranslation: true,
      layout: {
        ram: [{ start: '0x100000', end: '0x5600000' }],
        swiotlb: { start: '0x100000', end: '0x200000' },
        iommuDevTable: { start: '0x200000', end: '0x400000' },
        crashNotes: { start: '0x400000', end: '0x401000' },
        vmcoreinfo: { start: '0x401000', end: '0x402000' },
        firmware: TEST_FIRMWARE_JSON,
        crashkernel: { start: '0x402000', end: '0x3600000' },
        decryptedPages: [],
      },
      setupData: PACKED_SETUP_DATA_JSON,
      events: [{ type: 'DEVICE_DMA', target: 'oldmem', slot: 0, pages: 1 }],
    }, 0x3600000), 'a machine whose RAM is all named regions');
    const c = booted({ ...crowded, events: [] });
    expect(deviceDma(c, { type: 'DEVICE_DMA', target: 'oldmem', slot: 0, pages: 1 })).toBe(c);
    expect(runKdump(crowded, v7).run.steps.map((s) => s.site)).not.toContain('phys_to_dma');
  });

  it('is only what a DEVICE_DMA event does: any other event leaves the context as it was', () => {
    const c = booted(onDl385(true));
    expect(deviceDma(c, { type: 'PANIC' })).toBe(c);
  });
});
