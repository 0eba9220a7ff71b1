/**
 * The designs the cover letter rejected, run: the first kernel's SME flag handed over in
 * boot_params (`handoff.firstKernelSme`), and the kdump kernel taking the C-bit from CPUID with
 * its own SME off (`kdump.cbitSource`). Which SME rows each makes supportable, alone and together.
 */
import { describe, expect, it } from 'vitest';
import type { Design } from '../../model/design/design.ts';
import type { Decisions } from '../../model/design/registry.ts';
import { supportMatrix } from '../../properties/matrix.ts';
import { preset } from '../../scenarios/designs/index.ts';

const v7 = preset('sme-kdump-v7');
const flag = preset('sme-kdump-v7-sme-flag');
const both = preset('sme-kdump-v7-sme-flag-cpuid-cbit');
const CPUID: Partial<Decisions> = { 'kdump.cbitSource': 'cpuid' };

/** Each SME row: "yes", or the properties that broke it. */
function rows(design: Design, decisions: Partial<Decisions> = {}): Record<string, string> {
  const matrix = supportMatrix({ ...design, decisions: { ...design.decisions, ...decisions } }, 200, 9);
  return Object.fromEntries(matrix.filter((r) => r.pair !== 'sev').map((r) => [r.pair, r.supported ? 'yes' : r.violated.join(', ')]));
}

it('the presets are the series with the hand-off (its readers using the flag), and with the C-bit from CPUID besides', () => {
  const changed = (d: Design, from: Design) => Object.fromEntries(Object.entries(d.decisions).filter(([p, o]) => from.decisions[p as keyof Decisions] !== o));
  expect(changed(flag, v7)).toEqual({
    'handoff.firstKernelSme': 'boot-params',
    'vmcore.notesRead': 'encrypted-if-first-kernel-sme',
    'vmcore.oldmemRead': 'encrypted-if-first-kernel-sme',
    'vmcore.mmapProt': 'pgprot-encrypted-if-first-kernel-sme',
    'kdump.iommuDevTableMapping': 'ioremap-encrypted-if-first-kernel-sme',
  });
  expect(changed(both, flag)).toEqual(CPUID);
});

describe('the rejected designs, by running them', () => {
  it('the hand-off alone makes off/on read old memory right: only the stale cache lines of the kexec CPU still break it', () => {
    expect(rows(flag)).toEqual({
      'on/on': 'yes',
      // With its SME off the kdump kernel's mask is 0: the flag says "encrypted", but it cannot set the C-bit.
      'on/off': 'IOMMU-DEVTABLE, VMCORE-NOTES, VMCORE-OLDMEM, VMCORE-MMAP, DUMPTOOL-VTOP',
      'off/on': 'CACHE-NO-STALE-WRITEBACK',
      'off/off': 'yes',
    });
  });

  it('the C-bit from CPUID alone breaks off/off: pgprot_encrypted() then adds it with SME off in both kernels', () => {
    expect(rows(v7, CPUID)['off/off']).toBe('VMCORE-MMAP, DUMPTOOL-VTOP');
  });

  it('both together leave on/off broken only by the draft dump tool; with the vmcoreinfo mask and makedumpfile d222b01 it works', () => {
    expect(rows(both)).toMatchObject({ 'on/on': 'yes', 'on/off': 'DUMPTOOL-VTOP', 'off/off': 'yes' });
    const tool: Partial<Decisions> = { 'vmcoreinfo.smeMask': 'exported', 'dumptool.smeMask': 'from-vmcoreinfo' };
    expect(rows(both, tool)).toEqual({ 'on/on': 'yes', 'on/off': 'yes', 'off/on': 'CACHE-NO-STALE-WRITEBACK', 'off/off': 'yes' });
    // Every SME row, once the stopped CPUs flush their caches too (no kernel does).
    expect(rows(both, { ...tool, 'crash.stopCpusWbinvd': 'if-sme-supported' })).toEqual({ 'on/on': 'yes', 'on/off': 'yes', 'off/on': 'yes', 'off/off': 'yes' });
  });
});
