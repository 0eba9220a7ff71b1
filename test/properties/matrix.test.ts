/**
 * Questions the model answers by running itself: the support matrix, and whether each patch of
 * the series is necessary.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../properties/check.ts';
import { matrixOk, supportMatrix } from '../../properties/matrix.ts';
import { preset } from '../../scenarios/designs/index.ts';

const supportedPairs = (name: string): string[] => supportMatrix(preset(name), 200, 9).filter((r) => r.supported).map((r) => r.pair);

describe('the support matrix', () => {
  it("reproduces the cover letter's table for sme-kdump-v7: on/on and off/off only", () => {
    const rows = supportMatrix(preset('sme-kdump-v7'), 200, 9);
    expect(rows.map((r) => [r.pair, r.supported])).toEqual([['on/on', true], ['on/off', false], ['off/on', false], ['off/off', true], ['sev', false]]);
    expect(matrixOk(rows)).toBe(true);
    expect(rows.find((r) => r.pair === 'on/on')!.knownLimitations).toEqual(['VMCORE-DECRYPTED-PAGES']);
    // "the patches don't support SEV kdump": in a guest relocate_kernel fetches the control pages
    // kexec wrote decrypted, private, and the hypervisor can read the whole crash image.
    expect(rows.find((r) => r.pair === 'sev')!.violated).toEqual(['KEXEC-CONTROL', 'SEV-NO-SHARED-LEAK']);
  });

  it('finds linux-4.20 (the series as merged) as the series, and linux-5.3 supporting the SEV guest as well, every SME row kept', () => {
    expect(supportedPairs('linux-4.20')).toEqual(['on/on', 'off/off']);
    expect(supportedPairs('linux-5.3')).toEqual(['on/on', 'off/off', 'sev']);
    const rows = supportMatrix(preset('linux-5.3'), 200, 9);
    expect(matrixOk(rows)).toBe(true);
    // The SWIOTLB bounce buffers are shared in a guest too, and read through the C-bit: the known limitation.
    expect(rows.find((r) => r.pair === 'sev')!.knownLimitations).toEqual(['VMCORE-DECRYPTED-PAGES']);
    expect(rows.find((r) => r.pair === 'sev')!.unreached).toEqual([]);
  });

  it('finds for linux-4.19: off/off as claimed; off/on works only once kexec-tools passes the "Reserved" ranges and the stopped CPUs flush their caches', () => {
    // Before the series a kdump kernel with SME on reads unencrypted old memory through plain
    // mappings, so its old-memory reads are right in off/on; but kexec-tools 2.0.17 leaves the
    // "Reserved" ranges out of the kdump kernel's e820, so its early_memremap() of the SMBIOS and
    // DMI tables there is encrypted and reads garbage (KDUMP-BOOTDATA). With 1ac3e4a that is right;
    // but the CPU that ran `kexec -p` can still hold the kdump kernel's image as dirty plaintext
    // lines when another CPU panics, and on a CPU without SME_COHERENT their late write-back goes
    // over the image the kdump kernel encrypted in place (CACHE-NO-STALE-WRITEBACK). Only a WBINVD
    // on the stopped CPUs clears it; relocate_kernel's flushes the panicking CPU alone.
    expect(supportedPairs('linux-4.19')).toEqual(['off/off']);
    const base = preset('linux-4.19');
    const withDesign = (decisions: Partial<typeof base.decisions>) => ({ ...base, decisions: { ...base.decisions, ...decisions } });
    const reserved = supportMatrix(withDesign({ 'kexectools.e820Reserved': 'any-case' }), 200, 9);
    expect(reserved.filter((r) => r.supported).map((r) => r.pair)).toEqual(['off/off']);
    expect(reserved.find((r) => r.pair === 'off/on')!.violated).toEqual(['CACHE-NO-STALE-WRITEBACK']);
    const relocate = supportMatrix(withDesign({ 'kexectools.e820Reserved': 'any-case', 'kexec.relocateWbinvd': 'if-sme-supported' }), 200, 9);
    expect(relocate.find((r) => r.pair === 'off/on')!.violated).toEqual(['CACHE-NO-STALE-WRITEBACK']);
    const fixed = withDesign({ 'kexectools.e820Reserved': 'any-case', 'crash.stopCpusWbinvd': 'if-sme-supported' });
    expect(supportMatrix(fixed, 200, 9).filter((r) => r.supported).map((r) => r.pair)).toEqual(['off/on', 'off/off']);
  });
});

describe('each patch of the series is necessary', () => {
  it.each([1, 2, 3, 4])('without patch %i, some property breaks with SME on in both kernels', (n) => {
    const result = check({ design: preset(`sme-kdump-v7-without-patch-${n}`), pairs: ['on/on'], runs: 200, seed: 13, shrink: false });
    const broken = result.properties.filter((r) => r.property.expectation.kind === 'holds' && r.verdict === 'violated').map((r) => r.property.id);
    console.log(`without patch ${n} breaks: ${broken.join(', ')}`);
    expect(broken.length).toBeGreaterThan(0);
  });
});
