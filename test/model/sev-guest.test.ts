/**
 * The SEV guest's mechanisms one at a time, each stated from the source rather than read back
 * from the code under test: `sme_enable()` under SEV, the private fetches and walks, the early
 * mappings of `early_memremap_pgprot_adjust()`, DMA through SWIOTLB, and the hypervisor's view.
 */
import { describe, expect, it } from 'vitest';
import { bit, PAGE_SIZE } from '../../model/hardware/address.ts';
import { dramRead } from '../../model/hardware/dram.ts';
import { powerOn, privateAccess } from '../../model/hardware/machine.ts';
import { memEncryptActive, smeEnable } from '../../model/kernel/context.ts';
import { earlyMemremap } from '../../model/kernel/early-memremap.ts';
import type { E820Entry } from '../../model/kernel/loader.ts';
import { runKdump } from '../../model/run.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';

const EPYC = { name: 'EPYC', smeSupported: true, cbit: 47, physAddrReduction: 5, physAddrBits: 48, smeCoherent: false, cpus: 2 };
const C = bit(47);
const guest = powerOn(EPYC, true, true);
const host = powerOn(EPYC, true);
const v7 = preset('sme-kdump-v7').decisions;

describe('sme_enable() in an SEV guest', () => {
  it.each([true, false])('with mem_encrypt=%s: SEV active, sme_active() false, sme_me_mask the C-bit', (memEncrypt) => {
    const k = smeEnable(guest, 'kdump kernel', memEncrypt);
    expect(k).toEqual({ name: 'kdump kernel', smeActive: false, sevActive: true, smeMask: C });
    expect(memEncryptActive(k)).toBe(true);
  });

  it('on a host, as before: SME from mem_encrypt=, never SEV', () => {
    expect(smeEnable(host, 'first kernel', true)).toEqual({ name: 'first kernel', smeActive: true, sevActive: false, smeMask: C });
    expect(memEncryptActive(smeEnable(host, 'first kernel', false))).toBe(false);
  });
});

describe('instruction fetches and page-table walks', () => {
  it('are private in a guest whatever the mapping says, and as mapped on a host', () => {
    expect(privateAccess(guest, 0x4300000)).toBe(0x4300000 + C);
    expect(privateAccess(guest, 0x4300000 + C)).toBe(0x4300000 + C);
    expect(privateAccess(host, 0x4300000)).toBe(0x4300000);
  });
});

describe("early_memremap_pgprot_adjust() in an SEV guest's kdump kernel", () => {
  const kdump = smeEnable(guest, 'kdump kernel', false);
  const e820: E820Entry[] = [
    { type: 'reserved', range: { start: 0xe0000, end: 0x100000 } },
    { type: 'ram', range: { start: 0x100000, end: 0x8000000 } },
    { type: 'acpi', range: { start: 0x8000000, end: 0x8010000 } },
    { type: 'pmem', range: { start: 0x9000000, end: 0xa000000 } },
  ];
  const chain = [{ type: 'SETUP_EFI' as const, address: 0x200000, len: 96 }];
  const map = (phys: number) => earlyMemremap(kdump, e820, chain, v7, phys, 16).encrypted;

  it('maps RESERVED and ACPI ranges encrypted ("For SEV, these areas are encrypted"), persistent memory decrypted', () => {
    expect([map(0xe0000), map(0x8000000), map(0x9000000)]).toEqual([true, true, false]);
  });

  it('skips the setup_data test, which is inside `if (sme_active())`: the loader wrote it private', () => {
    expect(map(0x200000)).toBe(true);
    // On a host with SME the same chain maps decrypted.
    expect(earlyMemremap(smeEnable(host, 'kdump kernel', true), e820, chain, v7, 0x200000, 16).encrypted).toBe(false);
  });
});

describe('a guest run on the DL385 layout', () => {
  const m = machineScenario('hp-dl385-gen10');
  const env = environmentOn(m, { firstKernel: false, kdumpKernel: false, platform: 'sev-guest' }, [{ type: 'DEVICE_DMA', target: 'oldmem', slot: 4096, pages: 4 }]);
  const { context, run } = runKdump(env, preset('linux-5.3').decisions);

  it('bounces DMA for an ordinary buffer through SWIOTLB: plaintext in the bounce buffer, private where the CPU copied it', () => {
    const dma = run.steps.find((s) => s.site === 'swiotlb_tbl_sync_single');
    expect(dma?.text).toMatch(/bounce buffer .* copied by the CPU to .* private/);
    const swiotlb = env.layout.swiotlb;
    const bounce = dramRead(context.dram, swiotlb.start + (4096 % ((swiotlb.end - swiotlb.start) / PAGE_SIZE)) * PAGE_SIZE, PAGE_SIZE)[0]!;
    expect(bounce.stored.cipher).toBeNull();
    expect(bounce.got).toMatchObject({ kind: 'data', region: 'dma' });
    // The device never wrote through the C-bit: the first kernel's direct map holds the copy.
    const copies = context.dram.memory.ranges.filter((r) => r.cell.value.kind === 'data' && r.cell.value.region === 'dma');
    const inSwiotlb = (r: { start: number }) => r.start >= swiotlb.start && r.start < swiotlb.end;
    expect(copies.map((r) => [inSwiotlb(r), r.cell.cipher === null]).sort()).toEqual([[false, false], [true, true]]);
  });

  it('lets the hypervisor read only what the guest shared at boot', () => {
    expect(context.hypervisor?.sharedAtBoot).toEqual([env.layout.swiotlb, ...env.layout.decryptedPages].sort((a, b) => a.start - b.start));
    expect(run.observations.filter((o) => o.kind === 'hypervisor-read').every((o) => o.ok)).toBe(true);
  });

  it('has no hypervisor on an SME host', () => {
    const hostRun = runKdump(environmentOn(m, { firstKernel: true, kdumpKernel: true }), preset('linux-5.3').decisions);
    expect(hostRun.context.hypervisor).toBeNull();
    expect(hostRun.run.observations.some((o) => o.kind === 'hypervisor-read')).toBe(false);
  });
});
