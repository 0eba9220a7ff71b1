/**
 * Environments as JSON (model/environment-json.ts): a counterexample file's environment is read
 * back exactly as it was written, and an input that cannot be an environment is refused with a
 * one-line message that names the file and the field.
 */
import { describe, expect, it } from 'vitest';
import {
  EnvironmentError,
  type EnvironmentJson,
  environmentFromJson,
  environmentToJson,
  layoutFromJson,
  layoutToJson,
  pageTablesToJson,
} from '../../model/environment-json.ts';
import { kernelMappings, STANDARD_MAPPINGS } from '../../model/kernel-mappings.ts';
import type { Layout } from '../../model/environment.ts';

import { PACKED_SETUP_DATA_JSON, TEST_FIRMWARE, TEST_FIRMWARE_JSON } from './firmware-fixture.ts';

const ENV_LAYOUT: EnvironmentJson['layout'] = {
  ram: [
    { start: '0x1000', end: '0x9f000' },
    { start: '0x100000', end: '0x80000000' },
    { start: '0x100000000', end: '0x140000000' },
  ],
  crashkernel: { start: '0x40000000', end: '0x50000000' },
  iommuDevTable: { start: '0x7f800000', end: '0x7fa00000' },
  swiotlb: { start: '0x6b000000', end: '0x6f000000' },
  decryptedPages: [{ start: '0x98000', end: '0x9a000' }],
  crashNotes: { start: '0x100000000', end: '0x100002000' },
  vmcoreinfo: { start: '0x13ffff000', end: '0x140000000' },
  kernelImage: { start: '0x1000000', end: '0x3000000' },
  firmware: TEST_FIRMWARE_JSON,
};

const ENV: EnvironmentJson = {
  cpu: { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 2 },
  firmwareSme: true,
  firstKernelMemEncrypt: true,
  kdumpKernelMemEncrypt: false,
  iommuTranslation: true,
  layout: ENV_LAYOUT,
  pageTables: pageTablesToJson(kernelMappings(layoutFromJson(ENV_LAYOUT), STANDARD_MAPPINGS)),
  setupData: PACKED_SETUP_DATA_JSON,
  events: [
    { type: 'KEXEC_LOAD_CRASH' },
    { type: 'DEVICE_DMA', target: 'oldmem', slot: 7, pages: 3 },
    { type: 'PANIC' },
    { type: 'READ_VMCORE' },
  ],
};

const LAYOUT: Layout = {
  ram: [
    { start: 0x1000, end: 0x9f000 },
    { start: 0x100000, end: 0x80000000 },
    { start: 0x100000000, end: 0x140000000 },
  ],
  crashkernel: { start: 0x40000000, end: 0x50000000 },
  iommuDevTable: { start: 0x7f800000, end: 0x7fa00000 },
  swiotlb: { start: 0x6b000000, end: 0x6f000000 },
  decryptedPages: [{ start: 0x98000, end: 0x9a000 }],
  crashNotes: { start: 0x100000000, end: 0x100002000 },
  vmcoreinfo: { start: 0x13ffff000, end: 0x140000000 },
  kernelImage: { start: 0x1000000, end: 0x3000000 },
  firmware: TEST_FIRMWARE,
};

const withLayout = (change: Partial<EnvironmentJson['layout']>): EnvironmentJson => ({ ...ENV, layout: { ...ENV.layout, ...change } });

/** The message of the EnvironmentError that parsing `json` throws. */
function refusal(json: unknown): string {
  try {
    environmentFromJson(json, 'cx.json: environment');
  } catch (e) {
    expect(e).toBeInstanceOf(EnvironmentError);
    return (e as Error).message;
  }
  throw new Error('the environment was accepted');
}

describe('reading and writing an environment', () => {
  it('reads hex addresses as the layout they name', () => {
    const env = environmentFromJson(ENV, 'cx.json: environment');
    expect(env.layout).toEqual(LAYOUT);
    expect(env.cpu).toEqual(ENV.cpu);
    expect(env.events).toEqual(ENV.events);
    expect([env.firmwareSme, env.firstKernelMemEncrypt, env.kdumpKernelMemEncrypt, env.iommuTranslation]).toEqual([true, true, false, true]);
  });

  it('writes a layout as hex addresses', () => {
    expect(layoutToJson(LAYOUT)).toEqual(ENV.layout);
  });

  it('writes an environment back as the JSON it was read from', () => {
    const written = environmentToJson(environmentFromJson(ENV, 'cx.json: environment'));
    // What files written before the cache and SEV guest models leave out comes back with its defaults.
    expect(JSON.parse(JSON.stringify(written))).toEqual({ ...ENV, platform: 'sme-host', cpu: { ...ENV.cpu, smeCoherent: ENV.cpu.smeCoherent ?? false }, caches: { kexecCpu: 0, panicCpu: 0, writebacks: [] } });
  });
});

describe('refusing what cannot be an environment', () => {
  it('names the error EnvironmentError', () => {
    expect(() => environmentFromJson(null, 'cx.json: environment')).toThrow(expect.objectContaining({ name: 'EnvironmentError' }));
  });

  it('a value that is not an object: the file and the reason, no field', () => {
    expect(refusal(42)).toBe('cx.json: environment: Invalid input: expected object, received number');
  });

  it('a malformed address: the field as a dotted path', () => {
    const bad = withLayout({ ram: [ENV.layout.ram[0]!, { start: '0x100000', end: '2 GiB' }] });
    expect(refusal(bad)).toBe('cx.json: environment: "layout.ram.1.end": expected a hex address like "0x1000"');
  });

  it('an address with anything before or after its hex digits', () => {
    for (const end of ['size 0x80000000', '0x80000000 bytes']) {
      expect(refusal(withLayout({ ram: [ENV.layout.ram[0]!, { start: '0x100000', end }] }))).toBe('cx.json: environment: "layout.ram.1.end": expected a hex address like "0x1000"');
    }
  });

  it('an address above 2^53 that no number holds exactly: refused as unaligned (every page-aligned one is exact)', () => {
    const bad = withLayout({ ram: [...ENV.layout.ram, { start: '0xfffffffffffff000', end: '0xfffffffffffff001' }] });
    expect(refusal(bad)).toBe('cx.json: environment: "layout.ram.3.end": expected a page-aligned address');
  });

  it('page-aligned addresses up to the top of the 64-bit space are read exactly', () => {
    const top = withLayout({ ram: [...ENV.layout.ram, { start: '0xfffffffffff00000', end: '0xfffffffffffff000' }] });
    expect(refusal({ ...top, cpu: { ...ENV.cpu, physAddrBits: 48 } })).toBe('cx.json: environment: impossible layout: layout.ram[3] ends above the CPU\'s 48-bit physical address space');
    const env = environmentFromJson({ ...top, cpu: { ...ENV.cpu, physAddrBits: 64 } }, 'cx.json: environment');
    expect(env.layout.ram[3]).toEqual({ start: Number(0xfffffffffff00000n), end: Number(0xfffffffffffff000n) });
    expect(layoutToJson(env.layout).ram[3]).toEqual({ start: '0xfffffffffff00000', end: '0xfffffffffffff000' });
  });

  it('a layout that cannot exist: the reason layoutProblem gives', () => {
    expect(refusal(withLayout({ swiotlb: { start: '0x110000000', end: '0x114000000' } }))).toBe(
      'cx.json: environment: impossible layout: layout.swiotlb ends at 0x114000000, above 4 GiB',
    );
  });

  it('a crashkernel region too small for the crash image: both sizes', () => {
    expect(refusal(withLayout({ crashkernel: { start: '0x40000000', end: '0x41000000' } }))).toBe(
      'cx.json: environment: impossible layout: the crashkernel region (16 MiB) cannot hold the crash image (32820 KiB)',
    );
  });

  it('a crashkernel region exactly the size of the crash image is enough; one page less is not', () => {
    expect(environmentFromJson(withLayout({ crashkernel: { start: '0x40000000', end: '0x4200d000' } }), 'cx.json').layout.crashkernel.end).toBe(0x4200d000);
    expect(refusal(withLayout({ crashkernel: { start: '0x40000000', end: '0x4200c000' } }))).toBe(
      'cx.json: environment: impossible layout: the crashkernel region (32816 KiB) cannot hold the crash image (32820 KiB)',
    );
  });
});
