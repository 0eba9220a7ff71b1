/**
 * What a run records (model/kernel/run.ts): the stages in the order a run reaches them, and how
 * an observation says a page sat in DRAM ("written encrypted", "never written", "no RAM").
 */
import { describe, expect, it } from 'vitest';
import { data, garbage, NEVER_WRITTEN, NO_RAM } from '../../model/hardware/index.ts';
import { STAGES, writtenAs } from '../../model/kernel/run.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

it('STAGES are the stages a full kdump run reaches, in the order it reaches them', () => {
  const env = environmentOn(machineScenario('hp-dl385-gen10'), { firstKernel: true, kdumpKernel: true });
  const { run } = runKdump(env, preset('sme-kdump-v7').decisions);
  expect(STAGES).toEqual(['first-kernel', 'kexec-load', 'panic', 'relocation', 'purgatory', 'kdump-boot', 'boot-data', 'iommu-init', 'vmcore-init', 'dump', 'dump-tool']);
  expect(run.stages).toEqual(STAGES);
});

describe('writtenAs: how a page sat in DRAM, as an observation says it', () => {
  it('a page written through the C-bit is "encrypted", whatever it holds', () => {
    expect(writtenAs({ value: data('ram', 1, 0), cipher: { key: 1, shift: 0 } })).toBe('encrypted');
    expect(writtenAs({ value: garbage('memory never written'), cipher: { key: 1, shift: 0 } })).toBe('encrypted');
  });

  it('memory nothing ever wrote is "never written", and an address without RAM is "no RAM"', () => {
    expect(writtenAs(NEVER_WRITTEN)).toBe('never written');
    expect(writtenAs(NO_RAM)).toBe('no RAM');
  });

  it('anything else written without the C-bit is "plaintext", garbage a device wrote included', () => {
    expect(writtenAs({ value: data('swiotlb', 2, 0x6b000000), cipher: null })).toBe('plaintext');
    expect(writtenAs({ value: garbage('ciphertext read without the C-bit'), cipher: null })).toBe('plaintext');
    expect(writtenAs({ value: garbage('plaintext read through a C-bit mapping'), cipher: null })).toBe('plaintext');
  });
});
