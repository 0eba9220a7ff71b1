/**
 * The memory map: its regions are the layout's, its cells say how the kernels wrote each region
 * (stated here from the kernel's behaviour, not read back from the code under test), and its
 * scale keeps a 4 KiB page visible beside a 2 TiB RAM range.
 */
import { tableRuns } from '../../model/page-tables.ts';
import { describe, expect, it } from 'vitest';
import { mapSourceOfRun } from '../../cli/report/counterexample.ts';
import { hypervisorMap, type MapEntry, memoryMap, regionAttr } from '../../cli/report/memory-map/regions.ts';
import { logScale, PAGE_HEIGHT, stretchHeight } from '../../cli/report/memory-map/scale.ts';
import { memoryMapSvg } from '../../cli/report/memory-map/svg.ts';
import { hex, PAGE_SIZE, TiB } from '../../model/hardware/address.ts';
import { type Environment, namedRegions } from '../../model/environment.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { environmentOn, machineScenario } from '../../scenarios/machines/index.ts';
import { dl385, terabyteEnvironment as env, terabyteLayout as layout } from './layouts.ts';

function mapOf(env: Environment, design: string) {
  return memoryMap(mapSourceOfRun(env, preset(design).decisions, null));
}

const entry = (entries: readonly MapEntry[], name: string): MapEntry => {
  const found = entries.find((e) => e.region.name === name);
  if (found === undefined) throw new Error(`no region ${name} in the map`);
  return found;
};

describe('memory map regions', () => {
  const map = mapOf(dl385, 'sme-kdump-v7');

  it('the e820 lane is the RAM ranges, the firmware ranges by their /proc/iomem names, and the holes between them, end to end from 0', () => {
    const e820 = map.entries.filter((e) => e.region.lane === 'e820');
    expect(e820.filter((e) => e.region.name.startsWith('ram')).map((e) => e.region.range)).toEqual(dl385.layout.ram);
    expect(e820.filter((e) => e.region.name.startsWith('firmware')).map((e) => [e.region.label, e.region.range])).toEqual([
      ['Reserved', { start: 0x9f000, end: 0xa0000 }],
      ['Reserved', { start: 0xe0000, end: 0x100000 }],
      ['ACPI Tables', { start: 0x80000000, end: 0x80100000 }],
      ['ACPI Non-volatile Storage', { start: 0x80100000, end: 0x80200000 }],
      ['Reserved', { start: 0x80200000, end: 0x90000000 }],
    ]);
    // Firmware wrote its ranges before any kernel ran: plaintext, on an SME host too.
    for (const e of e820.filter((r) => r.region.name.startsWith('firmware'))) expect(regionAttr(e)).toBe('plaintext');
    e820.forEach((e, i) => expect(e.region.range.start).toBe(i === 0 ? 0 : e820[i - 1]!.region.range.end));
    expect(e820.filter((e) => regionAttr(e) === 'hole').map((e) => e.region.name)).toEqual(['hole[0]', 'hole[1]', 'hole[2]']);
  });

  it('the layout lane is the layout\'s named regions and the firmware\'s tables, and every region is cut into cells that cover it', () => {
    const lane = map.entries.filter((e) => e.region.lane === 'layout');
    const tables = dl385.layout.firmware.tables.map((t) => [t.name, t.range] as const);
    // The kernel image is cut where the first kernel's page tables sit in it.
    const image = dl385.layout.kernelImage;
    const [pageTables] = tableRuns(dl385.pageTables);
    const imageParts = [['kernelImage', { start: image.start, end: pageTables!.start }], ['page tables', pageTables!], ['kernelImage (2)', { start: pageTables!.end, end: image.end }]] as const;
    const named = namedRegions(dl385.layout).filter((n) => n.name !== 'kernelImage').map((n) => [n.name, n.range] as const);
    expect(new Map(lane.map((e) => [e.region.name, e.region.range]))).toEqual(new Map([...named, ...imageParts, ...tables]));
    for (const e of map.entries) {
      expect(e.cells[0]!.start).toBe(e.region.range.start);
      expect(e.cells.at(-1)!.end).toBe(e.region.range.end);
      e.cells.slice(1).forEach((c, i) => expect(c.start).toBe(e.cells[i]!.end));
    }
  });

  it('colours regions by how the kernels wrote them (sme-kdump-v7, SME on/on)', () => {
    const attrs = Object.fromEntries(map.entries.filter((e) => e.region.lane !== 'e820').map((e) => [e.region.name, regionAttr(e)]));
    expect(attrs).toMatchObject({
      swiotlb: 'plaintext', 'decryptedPages[0]': 'plaintext', 'decryptedPages[1]': 'plaintext',
      iommuDevTable: 'encrypted', crashNotes: 'encrypted', vmcoreinfo: 'encrypted',
      'control code': 'plaintext', 'identity PGD': 'plaintext', purgatory: 'plaintext', boot_params: 'plaintext', elfcorehdr: 'plaintext',
      // sme_encrypt_kernel in the kdump kernel encrypts its image and initrd in place
      kernel: 'encrypted', initrd: 'encrypted',
    });
    expect(map.entries.filter((e) => e.region.lane === 'kimage' && e.cells.some((c) => c.misread))).toEqual([]);
  });

  it('cuts boot_params at each setup_data entry the loader placed, header and payload', () => {
    const lane = map.entries.filter((e) => e.region.lane === 'kimage' && (e.region.name.startsWith('boot_params') || e.region.name.startsWith('SETUP_')));
    const k = mapSourceOfRun(dl385, preset('sme-kdump-v7').decisions, null).kimage!;
    const efi = k.boot.setupData[0]!;
    expect(lane.map((e) => [e.region.name, e.region.range.start, e.region.range.end])).toEqual([
      ['boot_params', 0x27008000, efi.address],
      ['SETUP_EFI', efi.address, efi.address + 16 + 96],
      ['boot_params (2)', efi.address + 16 + 96, 0x2700c000],
    ]);
    expect(regionAttr(lane[1]!)).toBe('plaintext');
  });

  it('outlines the identity page table that relocate_kernel fetches without the C-bit (sme-kdump-v7-without-patch-2)', () => {
    const broken = mapOf(dl385, 'sme-kdump-v7-without-patch-2');
    const pgd = entry(broken.entries, 'identity PGD');
    expect(regionAttr(pgd)).toBe('encrypted');
    expect(pgd.cells.every((c) => c.misread)).toBe(true);
  });
});

describe('memory map scale', () => {
  const map = mapOf(env, 'sme-kdump-v7');
  const scale = logScale(map.boundaries, 0);
  const height = (e: MapEntry) => scale.y(e.region.range.end) - scale.y(e.region.range.start);

  it('the layout really has a 2 TiB range beside 4 KiB pages', () => {
    expect(layout.ram[1]!.end - layout.ram[1]!.start).toBe(2 * TiB);
    expect(layout.vmcoreinfo.end - layout.vmcoreinfo.start).toBe(PAGE_SIZE);
  });

  it('draws a 4 KiB page PAGE_HEIGHT tall and the 2 TiB range taller, within a screenful or two', () => {
    expect(height(entry(map.entries, 'vmcoreinfo'))).toBe(PAGE_HEIGHT);
    expect(height(entry(map.entries, 'control code'))).toBe(PAGE_HEIGHT);
    expect(height(entry(map.entries, 'ram[1]'))).toBeGreaterThan(10 * PAGE_HEIGHT);
    expect(scale.height).toBeLessThan(2000);
    for (const e of map.entries) expect(height(e)).toBeGreaterThanOrEqual(PAGE_HEIGHT);
  });

  it('is monotonic: a larger stretch is never drawn shorter', () => {
    const sizes = [PAGE_SIZE, 2 * PAGE_SIZE, 2 ** 20, 2 ** 30, TiB, 2 * TiB, 2 ** 60];
    sizes.slice(1).forEach((s, i) => expect(stretchHeight(s)).toBeGreaterThan(stretchHeight(sizes[i]!)));
  });

  it('labels every boundary with its address', () => {
    const svg = memoryMapSvg(map, 'test').text;
    for (const b of map.boundaries) expect(svg).toContain(`data-address="${hex(b)}"`);
    expect(svg).toContain('(4 GiB)');
  });
});

describe('the caches lane', () => {
  it('shows each stale write-back where it went, in the attribute of the line, and nothing where none was stale', () => {
    expect(mapOf(dl385, 'sme-kdump-v7').entries.filter((e) => e.region.lane === 'caches')).toEqual([]);
    // SME off, then on; kexec -p on CPU 1, the panic on CPU 0; CPU 1's lines go back as the kdump kernel reads its boot data.
    const offOn: Environment = { ...dl385, firstKernelMemEncrypt: false, kdumpKernelMemEncrypt: true, caches: { kexecCpu: 1, panicCpu: 0, writebacks: [{ cpu: 1, at: 'boot-data' }] } };
    const source = mapSourceOfRun(offOn, { ...preset('linux-4.19').decisions, 'kexectools.e820Reserved': 'any-case' }, null);
    const k = source.kimage!;
    const lane = memoryMap(source).entries.filter((e) => e.region.lane === 'caches');
    expect(lane.map((e) => [e.region.label, e.region.range, regionAttr(e)])).toEqual([
      ['plaintext line of kernel on CPU 1', k.segments.find((s) => s.name === 'kernel')!.range, 'plaintext'],
      ['plaintext line of initrd on CPU 1', k.segments.find((s) => s.name === 'initrd')!.range, 'plaintext'],
    ]);
    expect(memoryMapSvg(memoryMap(source), 'test').text).toContain('data-lane="caches"');
  });
});

describe("an SEV guest's second map: the hypervisor's view", () => {
  const m = machineScenario('hp-dl385-gen10');
  const guest = environmentOn(m, { firstKernel: true, kdumpKernel: true, platform: 'sev-guest' });
  const readable = (design: string) => hypervisorMap(mapSourceOfRun(guest, preset(design).decisions, null)).entries.filter((e) => e.region.lane === 'hypervisor');

  it('under linux-4.20 shows the crash image kexec wrote in the clear, outlined as private at boot, beside SWIOTLB, shared at boot', () => {
    const hv = readable('linux-4.20');
    // kexec wrote the control pages and every segment decrypted: the hypervisor reads them all.
    const labels = hv.map((e) => [e.region.label, e.region.detail, e.cells.every((c) => c.misread)]);
    expect(labels).toContainEqual(['swiotlb', 'shared at boot', false]);
    expect(labels).toContainEqual(['relocate_kernel code', 'private at boot', true]);
    expect(labels).toContainEqual(['kernel', 'private at boot', true]);
    for (const e of hv) expect(regionAttr(e)).toBe('plaintext');
  });

  it('under linux-5.3 shows only what the guest shared at boot', () => {
    const hv = readable('linux-5.3');
    expect(hv.length).toBeGreaterThan(0);
    for (const e of hv) expect([e.region.detail, e.cells.some((c) => c.misread)]).toEqual(['shared at boot', false]);
    const svg = String(memoryMapSvg(hypervisorMap(mapSourceOfRun(guest, preset('linux-5.3').decisions, null)), 'hv'));
    expect(svg).toContain('what the hypervisor reads');
    expect(svg).not.toContain('the failing read');
  });
});
