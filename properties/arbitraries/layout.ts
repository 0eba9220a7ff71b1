/**
 * Memory layouts, built valid by construction: 1 to 8 RAM ranges with firmware holes between
 * them, 512 MiB to several TiB in all. The first range starts at 1 MiB below 4 GiB and holds
 * the decrypted pages, SWIOTLB and the IOMMU device table (both below 4 GiB), and the
 * crashkernel region when it is placed low, then the 2 MiB-aligned kernel image; the others sit above 4 GiB. Firmware owns the legacy
 * BIOS area below 1 MiB ("Reserved") and a run of ranges after the low range: always "ACPI
 * Tables", then up to three of any firmware type. The tables sit where firmware puts them: the
 * RSDP and the SMBIOS entry point in the BIOS area on a BIOS machine, or named by the EFI
 * configuration tables; the XSDT and the IVRS in ACPI Tables; the DMI table in a RESERVED range or
 * in ACPI Tables (firmware does both). Everything shrinks toward one small range, a 64 MiB
 * crashkernel, one CPU, a BIOS machine and no firmware range but ACPI Tables.
 */
import fc from 'fast-check';
import { type AddrRange, FOUR_GIB, MiB, PAGE_SIZE, pageDown, range } from '../../model/hardware/address.ts';
import type { Layout } from '../../model/environment.ts';
import { KERNEL_IMAGE_BYTES } from '../../model/kernel-mappings.ts';
import { BIOS_AREA, FIRMWARE_TYPES, type Firmware, type FirmwareRange, type FirmwareTable, type FirmwareType } from '../../model/firmware.ts';

const SWIOTLB_SIZE = 64 * MiB;
/** 64K devices x 32 bytes. */
const DEV_TABLE_SIZE = 2 * MiB;
const LOW_START = 1 * MiB;

export interface LayoutShape {
  readonly cpus: number;
  readonly crashkernelMiB: number;
  readonly crashkernelHigh: boolean;
  readonly notesHigh: boolean;
  /** Pages of the low range beyond what its regions need (at least 384 MiB). */
  readonly lowExtraPages: number;
  /** Gaps, in pages, between the regions of the low range. */
  readonly lowGaps: readonly number[];
  /** Sizes, in pages, of the other decrypted page ranges. */
  readonly decryptedPages: readonly number[];
  /** The ranges above 4 GiB: hole before each, and its size as 2^log2 x (256 + frac) / 512 bytes. */
  readonly highRanges: readonly { readonly holePages: number; readonly sizeLog2: number; readonly sizeFrac: number }[];
  /** UEFI or a legacy BIOS. */
  readonly efi?: boolean;
  /** Pages of the ACPI Tables range, and of the hole before it. */
  readonly acpi?: { readonly pages: number; readonly holePages: number };
  /** More firmware ranges after it, each after a hole. */
  readonly firmwareRanges?: readonly { readonly type: FirmwareType; readonly pages: number; readonly holePages: number }[];
  /** Where firmware put the DMI table: a RESERVED range (the first after the low range, else the BIOS area), or ACPI Tables. */
  readonly dmiIn?: 'reserved' | 'acpi';
}

export const layoutShapeArb: fc.Arbitrary<LayoutShape> = fc.record({
  cpus: fc.integer({ min: 1, max: 64 }),
  crashkernelMiB: fc.integer({ min: 64, max: 1024 }),
  crashkernelHigh: fc.boolean(),
  notesHigh: fc.boolean(),
  lowExtraPages: fc.integer({ min: 98_304, max: 524_288 }),
  lowGaps: fc.array(fc.integer({ min: 0, max: 16_384 }), { minLength: 4, maxLength: 4 }),
  decryptedPages: fc.array(fc.integer({ min: 1, max: 16 }), { maxLength: 4 }),
  highRanges: fc.array(
    fc.record({ holePages: fc.integer({ min: 1, max: 262_144 }), sizeLog2: fc.integer({ min: 20, max: 40 }), sizeFrac: fc.integer({ min: 0, max: 255 }) }),
    { maxLength: 7 },
  ),
  efi: fc.boolean(),
  acpi: fc.record({ pages: fc.integer({ min: 16, max: 256 }), holePages: fc.integer({ min: 1, max: 4096 }) }),
  firmwareRanges: fc.array(
    fc.record({ type: fc.constantFrom(...FIRMWARE_TYPES), pages: fc.integer({ min: 16, max: 512 }), holePages: fc.integer({ min: 0, max: 64 }) }),
    { maxLength: 3 },
  ),
  dmiIn: fc.constantFrom('reserved' as const, 'acpi' as const),
});

const pagesOf = (n: number): number => n * PAGE_SIZE;

function highRanges(shape: LayoutShape): AddrRange[] {
  const out: AddrRange[] = [];
  let at = FOUR_GIB - PAGE_SIZE;
  for (const h of shape.highRanges) {
    const start = at + pagesOf(h.holePages) > FOUR_GIB ? at + pagesOf(h.holePages) : FOUR_GIB;
    const bytes = pageDown(Math.floor((2 ** h.sizeLog2 * (256 + h.sizeFrac)) / 512));
    out.push(range(start, bytes > MiB ? bytes : MiB));
    at = out.at(-1)!.end;
  }
  return out;
}

/** The next `bytes` at `cursor.at`, moving the cursor past them and a gap. */
function take(cursor: { at: number }, bytes: number, gapPages: number): AddrRange {
  const r = range(cursor.at, bytes);
  cursor.at = r.end + pagesOf(gapPages);
  return r;
}

/** The firmware of a layout whose low RAM range ends at `lowEnd` (below 4 GiB, with room after it). */
export function buildFirmware(shape: Pick<LayoutShape, 'efi' | 'acpi' | 'firmwareRanges' | 'dmiIn'>, lowEnd: number): Firmware {
  const efi = shape.efi ?? false;
  const bios: FirmwareRange = { type: 'reserved', range: BIOS_AREA };
  const acpiShape = shape.acpi ?? { pages: 16, holePages: 1 };
  const acpi: FirmwareRange = { type: 'acpi', range: range(lowEnd + pagesOf(acpiShape.holePages), pagesOf(acpiShape.pages)) };
  const ranges: FirmwareRange[] = [bios, acpi];
  let at = acpi.range.end;
  for (const f of shape.firmwareRanges ?? []) {
    ranges.push({ type: f.type, range: range(at + pagesOf(f.holePages), pagesOf(f.pages)) });
    at = ranges.at(-1)!.range.end;
  }
  const page = (base: number, i: number): AddrRange => range(base + pagesOf(i), PAGE_SIZE);
  const a = acpi.range.start;
  const reserved = ranges.find((f) => f.type === 'reserved' && f !== bios) ?? bios;
  const tables: FirmwareTable[] = [
    { name: 'RSDP', range: efi ? page(a, 0) : page(0xf0000, 1) },
    { name: 'XSDT', range: page(a, 1) },
    { name: 'IVRS', range: page(a, 2) },
  ];
  // The SMBIOS entry point: in the BIOS area's scan window on a BIOS machine; beside the DMI table on EFI.
  const dmiHome = shape.dmiIn === 'acpi' ? { base: a, first: 3 } : reserved === bios ? { base: 0xf0000, first: 2 } : { base: reserved.range.start, first: 0 };
  if (efi) {
    tables.push({ name: 'SMBIOS entry point', range: page(dmiHome.base, dmiHome.first) });
    tables.push({ name: 'DMI table', range: page(dmiHome.base, dmiHome.first + 1) });
  } else {
    tables.push({ name: 'SMBIOS entry point', range: page(0xf0000, 0) });
    tables.push({ name: 'DMI table', range: page(dmiHome.base, dmiHome.first + (dmiHome.base === 0xf0000 ? 1 : 0)) });
  }
  return { efi, ranges, tables };
}

export function buildLayout(shape: LayoutShape): Layout {
  const high = highRanges(shape);
  const ckSize = shape.crashkernelMiB * MiB;
  const notesSize = pagesOf(shape.cpus);
  const ckHome = shape.crashkernelHigh ? high.find((r) => r.end - r.start >= ckSize + 2 * MiB) : undefined;
  const notesHome = shape.notesHigh ? high.find((r) => r !== ckHome && r.end - r.start >= notesSize + 2 * PAGE_SIZE) : undefined;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0] = shape.lowGaps;
  // The low range's regions, one after another from LOW_START, each followed by its gap.
  const low = { at: LOW_START };
  const decryptedPages = shape.decryptedPages.map((n) => take(low, pagesOf(n), 1));
  const swiotlb = take(low, SWIOTLB_SIZE, g0);
  const iommuDevTable = take(low, DEV_TABLE_SIZE, g1);
  const crashkernel = ckHome === undefined ? take(low, ckSize, g2) : range(ckHome.start, ckSize);
  const notesAt = notesHome === undefined ? take(low, notesSize + PAGE_SIZE, g3) : range(notesHome.end - notesSize - PAGE_SIZE, notesSize + PAGE_SIZE);
  // The kernel image, 2 MiB aligned (it is mapped by 2 MiB pages), after the regions.
  low.at = Math.ceil(low.at / (2 * MiB)) * 2 * MiB;
  const kernelImage = take(low, KERNEL_IMAGE_BYTES, 0);
  const at = low.at;
  const lowRange = range(LOW_START, at - LOW_START + pagesOf(shape.lowExtraPages));
  return {
    ram: [lowRange, ...high],
    crashkernel,
    iommuDevTable,
    swiotlb,
    decryptedPages,
    crashNotes: range(notesAt.start, notesSize),
    vmcoreinfo: range(notesAt.start + notesSize, PAGE_SIZE),
    kernelImage,
    firmware: buildFirmware(shape, lowRange.end),
  };
}

export const layoutArb: fc.Arbitrary<{ layout: Layout; cpus: number }> = layoutShapeArb.map((shape) => ({ layout: buildLayout(shape), cpus: shape.cpus }));
