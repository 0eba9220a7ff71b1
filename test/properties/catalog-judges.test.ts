/**
 * What each property of the catalog judges in a run: which reads exercise it (how many), and
 * which read is its first violation, on the cover letter's test box with the usual events.
 */
import { describe, expect, it } from 'vitest';
import { runKdump } from '../../model/run.ts';
import { CATALOG } from '../../properties/catalog/index.ts';
import type { Platform } from '../../model/environment.ts';
import type { Judgment } from '../../properties/property.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const dl385 = machineScenario('hp-dl385-gen10');

/** Each property's judgment in one line: "holds N", or "violated" with the read that broke it. */
function verdicts(design: string, first: boolean, kdump: boolean, platform: Platform = 'sme-host'): Record<string, string> {
  const { run } = runKdump(environmentOn(dl385, { firstKernel: first, kdumpKernel: kdump, platform }), preset(design).decisions);
  const say = (j: Judgment): string =>
    j.status === 'holds' ? `holds ${j.exercised}`
      : j.status === 'violated' ? `violated by ${j.observation.kind} of ${j.observation.what} at 0x${j.observation.range.start.toString(16)}` : 'unexercised';
  return Object.fromEntries(CATALOG.map((p) => [p.id, say(p.judge(run))]));
}

describe('the catalog on the DL385 (5 relocation fetches, 5 purgatory reads, 9 notes, 17 direct-map (the page tables among them) and 5 decrypted old-memory ranges, 4 dump-tool lookups read twice)', () => {
  it('sme-kdump-v7, SME on in both kernels: all hold but the decrypted pages, first broken by read()', () => {
    expect(verdicts('sme-kdump-v7', true, true)).toEqual({
      'KEXEC-CONTROL': 'holds 5',
      'KEXEC-SEGMENTS': 'holds 5',
      'KDUMP-BOOT': 'holds 5',
      'KDUMP-BOOTDATA': 'holds 8',
      'IOMMU-DEVTABLE': 'holds 1',
      'VMCORE-ELFHDR': 'holds 1',
      'VMCORE-NOTES': 'holds 9',
      'VMCORE-OLDMEM': 'holds 17',
      'VMCORE-MMAP': 'holds 17',
      'VMCORE-DECRYPTED-PAGES': 'violated by vmcore-read of old page kept decrypted at 0x98000',
      'DUMPTOOL-VTOP': 'holds 8',
      // CLFLUSH before set_memory_decrypted() at boot and for the crash pages, before set_memory_encrypted() of the segments, relocate_kernel's WBINVD.
      'CACHE-NO-STALE-WRITEBACK': 'holds 4',
      // No hypervisor on an SME host.
      'SEV-NO-SHARED-LEAK': 'unexercised',
    });
  });

  it('sme-kdump-v7, SME off in both kernels: all hold, the decrypted pages through read() and mmap() alike', () => {
    expect(verdicts('sme-kdump-v7', false, false)).toEqual({
      'KEXEC-CONTROL': 'holds 5',
      'KEXEC-SEGMENTS': 'holds 5',
      'KDUMP-BOOT': 'holds 3',
      'KDUMP-BOOTDATA': 'holds 8',
      'IOMMU-DEVTABLE': 'holds 1',
      'VMCORE-ELFHDR': 'holds 1',
      'VMCORE-NOTES': 'holds 9',
      'VMCORE-OLDMEM': 'holds 17',
      'VMCORE-MMAP': 'holds 17',
      'VMCORE-DECRYPTED-PAGES': 'holds 10',
      'DUMPTOOL-VTOP': 'holds 8',
      // With SME off no kernel flushes a line, and this environment schedules no write-back.
      'CACHE-NO-STALE-WRITEBACK': 'unexercised',
      'SEV-NO-SHARED-LEAK': 'unexercised',
    });
  });

  it('without patch 4/4, SME on in both kernels: notes, read() and mmap() of direct-map pages are broken, decrypted pages read right', () => {
    expect(verdicts('sme-kdump-v7-without-patch-4', true, true)).toMatchObject({
      'VMCORE-NOTES': 'violated by notes-read of crash notes of CPU 0 at 0x840000000',
      'VMCORE-OLDMEM': 'violated by vmcore-read of old memory at 0x1000',
      'VMCORE-MMAP': 'violated by vmcore-mmap of old memory at 0x1000',
      'VMCORE-DECRYPTED-PAGES': 'holds 10',
    });
  });

  it('the series with kexec-tools 2.0.17, SME on in both kernels: the SMBIOS entry point in a "Reserved" range reads garbage; the IVRS, in "ACPI Tables", still reads right', () => {
    expect(verdicts('sme-kdump-v7-kexec-tools-2.0.17', true, true)).toMatchObject({
      'KDUMP-BOOTDATA': 'violated by bootdata-read of SMBIOS entry point (in "Reserved" [0x80200000-0x8fffffff]) at 0x80200000',
      'IOMMU-DEVTABLE': 'holds 1',
    });
  });

  it('linux-5.3 in an SEV guest on the same layout: all hold but the shared bounce buffers; no IOMMU to copy, no leak', () => {
    expect(verdicts('linux-5.3', false, false, 'sev-guest')).toEqual({
      'KEXEC-CONTROL': 'holds 5',
      'KEXEC-SEGMENTS': 'holds 5',
      'KDUMP-BOOT': 'holds 3',
      'KDUMP-BOOTDATA': 'holds 8',
      'IOMMU-DEVTABLE': 'unexercised',
      'VMCORE-ELFHDR': 'holds 1',
      'VMCORE-NOTES': 'holds 9',
      // Two direct-map stretches fewer than on the host: no IOMMU device table was written in between.
      'VMCORE-OLDMEM': 'holds 15',
      'VMCORE-MMAP': 'holds 15',
      'VMCORE-DECRYPTED-PAGES': 'violated by vmcore-read of old page kept decrypted at 0x98000',
      'DUMPTOOL-VTOP': 'holds 8',
      // CLFLUSH before set_memory_decrypted() at boot only: under SEV kexec leaves its pages private.
      'CACHE-NO-STALE-WRITEBACK': 'holds 1',
      // The hypervisor's looks: as each of the ten stages after the first kernel begins, and after the load.
      'SEV-NO-SHARED-LEAK': 'holds 11',
    });
  });

  it('linux-4.20 in an SEV guest: relocate_kernel fetches its plaintext control code private, and the hypervisor reads the crash image', () => {
    expect(verdicts('linux-4.20', true, true, 'sev-guest')).toMatchObject({
      'KEXEC-CONTROL': 'violated by relocation-fetch of control code via the direct map at 0x25000000',
      'SEV-NO-SHARED-LEAK': 'violated by hypervisor-read of guest memory that was private at boot at 0x25000000',
    });
  });
});
