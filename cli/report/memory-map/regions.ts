/**
 * What a memory map shows, as data: the regions of a counterexample's layout in four lanes
 * (the first kernel's e820: RAM, firmware ranges by their /proc/iomem names, and holes; the
 * layout's named regions and the firmware's tables; the crash image kexec loaded, its boot_params
 * cut at each setup_data entry; every stale cache line's write-back, in the attribute of the line;
 * the failing read), each cut into cells at every boundary the map
 * knows, so that a cell was written one way throughout. A cell's attribute is how DRAM holds its data at the end of the run; a cell is a
 * misread where some reader used the other attribute than the data was written with.
 */
import { type AddrRange, FOUR_GIB, overlaps, PAGE_SIZE, showSize, size } from '../../../model/hardware/address.ts';
import type { Memory } from '../../../model/hardware/memory.ts';
import { load } from '../../../model/hardware/memory.ts';
import { type Layout, namedRegions } from '../../../model/environment.ts';
import { type PageTables, tableRuns } from '../../../model/page-tables.ts';
import { backedMemory, IOMEM_NAMES } from '../../../model/firmware.ts';
import { readableInTheClear } from '../../../model/kernel/hypervisor.ts';
import type { Kimage } from '../../../model/kernel/kimage.ts';
import { SETUP_HEADER_BYTES } from '../../../model/setup-data.ts';
import { PAGE_TABLE_LEVELS } from '../../../model/kernel/kimage.ts';
import type { Observation } from '../../../model/kernel/run.ts';

export const LANES = ['e820', 'layout', 'kimage', 'caches', 'read'] as const;
/** The lanes of an SEV guest's second map, the hypervisor's view: the same regions, and what it can read. */
export const HYPERVISOR_LANES = ['e820', 'layout', 'kimage', 'hypervisor'] as const;
export type Lane = (typeof LANES)[number] | (typeof HYPERVISOR_LANES)[number];

export const LANE_TITLES: Readonly<Record<Lane, string>> = {
  e820: 'e820: RAM, firmware, holes',
  layout: 'first kernel layout',
  kimage: 'crash image (kexec -p)',
  caches: 'stale cache write-backs',
  read: 'the failing read',
  hypervisor: 'what the hypervisor reads',
};

/** How a cell's data sits in DRAM (or, in the read lane, the attribute the reader used). */
export type MapAttr = 'encrypted' | 'plaintext' | 'unwritten' | 'hole';

export interface MapRegion {
  readonly lane: Lane;
  readonly name: string;
  readonly range: AddrRange;
  /** What the map writes in it, when not the name; and a second line, when not the size. */
  readonly label?: string;
  readonly detail?: string;
  /** The attribute the cells show, where it is not how DRAM holds the data (a stale line's own). */
  readonly attr?: MapAttr;
}

export interface MapCell extends AddrRange {
  readonly attr: MapAttr;
  readonly misread: boolean;
}

export interface MapEntry {
  readonly region: MapRegion;
  readonly cells: readonly MapCell[];
}

export interface MemoryMap {
  /** The lanes drawn, left to right. */
  readonly lanes: readonly Lane[];
  /** Every boundary of the map, sorted: the map spans from the first to the last. */
  readonly boundaries: readonly number[];
  readonly entries: readonly MapEntry[];
}

/** What a map is drawn from: the layout, the crash image (if one was loaded), DRAM at the end, the reads. */
export interface MapSource {
  readonly layout: Layout;
  /** The first kernel's page tables on the dump tool's paths: their pages are drawn inside the kernel image. */
  readonly pageTables?: PageTables;
  readonly kimage: Kimage | null;
  readonly memory: Memory;
  readonly observations: readonly Observation[];
  readonly failing: Observation | null;
}

/** The first kernel's e820: RAM ranges, firmware ranges (and whether the kdump kernel's e820 has them), and the holes between. */
function e820Regions(layout: Layout, k: Kimage | null): MapRegion[] {
  const firmware = layout.firmware.ranges.map((f, i) => {
    const leftOut = k?.boot.leftOut.some((l) => l.entry.range.start === f.range.start) === true;
    const detail = `${showSize(size(f.range))}${leftOut ? ' · not in kdump e820' : ''}`;
    return { lane: 'e820' as const, name: `firmware[${i}]`, range: f.range, label: IOMEM_NAMES[f.type], detail };
  });
  const filled = [...layout.ram.map((range, i) => ({ lane: 'e820' as const, name: `ram[${i}]`, range })), ...firmware]
    .sort((a, b) => a.range.start - b.range.start);
  const out: MapRegion[] = [];
  let at = 0;
  let holes = 0;
  for (const r of filled) {
    if (r.range.start > at) out.push({ lane: 'e820', name: `hole[${holes++}]`, range: { start: at, end: r.range.start } });
    out.push(r);
    at = r.range.end;
  }
  return out;
}

/** `parent` cut at `children` (inside it, in address order, not overlapping): the children, and the parts between them under the parent's name. */
function carve(parent: MapRegion, children: readonly MapRegion[]): MapRegion[] {
  const out: MapRegion[] = [];
  let at = parent.range.start;
  let part = 0;
  const rest = (end: number) => out.push({ ...parent, name: part++ === 0 ? parent.name : `${parent.name} (${part})`, range: { start: at, end } });
  for (const c of children) {
    if (c.range.start > at) rest(c.range.start);
    out.push(c);
    at = c.range.end;
  }
  if (at < parent.range.end) rest(parent.range.end);
  return out;
}

function kimageRegions(k: Kimage | null): MapRegion[] {
  if (k === null) return [];
  const setupData = k.boot.setupData
    .map((e) => ({ lane: 'kimage' as const, name: e.type, range: { start: e.address, end: e.address + SETUP_HEADER_BYTES + e.len }, detail: `setup_data · 16 + ${e.len} B` }))
    .sort((a, b) => a.range.start - b.range.start);
  return [
    { lane: 'kimage', name: 'control code', range: k.controlCodePage },
    ...k.pageTables.map((range, i) => ({ lane: 'kimage' as const, name: `identity ${PAGE_TABLE_LEVELS[i]}`, range })),
    ...k.segments.flatMap((s) => {
      const region: MapRegion = { lane: 'kimage', name: s.name, range: s.range };
      return s.name === 'boot_params' ? carve(region, setupData.filter((d) => d.range.start >= s.range.start && d.range.end <= s.range.end)) : [region];
    }),
  ];
}

/** The firmware's tables, in the layout lane (each lies inside a firmware range, beside no other region). */
const tableRegions = (layout: Layout): MapRegion[] => layout.firmware.tables.map((t) => ({ lane: 'layout', name: t.name, range: t.range }));

/** Every region of the map, lane by lane, in address order within a lane. */
/** The kernel image cut at the runs of page-table pages in it. */
function layoutRegion(name: string, range: AddrRange, pageTables: PageTables | undefined): MapRegion[] {
  const region: MapRegion = { lane: 'layout', name, range };
  if (name !== 'kernelImage' || pageTables === undefined) return [region];
  const runs = tableRuns(pageTables).filter((r) => r.start >= range.start && r.end <= range.end);
  return carve(region, runs.map((r) => ({ lane: 'layout' as const, name: 'page tables', range: r, detail: `${(r.end - r.start) / PAGE_SIZE} page(s) of the first kernel's page tables` })));
}

export function mapRegions(source: MapSource): MapRegion[] {
  const layout = [...namedRegions(source.layout).flatMap(({ name, range }) => layoutRegion(name, range, source.pageTables)), ...tableRegions(source.layout)];
  const f = source.failing;
  const read: MapRegion[] = f === null ? [] : [{ lane: 'read', name: 'failing read', range: f.range, label: f.site, detail: `read ${f.read ?? 'nothing'} · ${showSize(size(f.range))}` }];
  const byStart = (a: MapRegion, b: MapRegion) => (a.range.start < b.range.start ? -1 : a.range.start > b.range.start ? 1 : 0);
  return [...e820Regions(source.layout, source.kimage), ...layout.sort(byStart), ...kimageRegions(source.kimage), ...staleWritebacks(source.observations), ...read];
}

/** Each stale line's write-back (CACHE-NO-STALE-WRITEBACK), where it went and with which attribute; overlapping ones keep the first. */
function staleWritebacks(observations: readonly Observation[]): MapRegion[] {
  const out: MapRegion[] = [];
  for (const o of observations) {
    if (o.kind !== 'cache-writeback' || o.ok || out.some((r) => overlaps(r.range, o.range))) continue;
    const attr: MapAttr = o.written === 'encrypted' ? 'encrypted' : 'plaintext';
    out.push({ lane: 'caches', name: `stale line ${out.length}`, range: o.range, label: o.what.replace(/^stale /, ''), detail: `written back by ${o.site}`, attr });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

function boundariesOf(regions: readonly MapRegion[], memory: Memory, end: number): number[] {
  const points = new Set<number>([0]);
  for (const { range } of regions) points.add(range.start).add(range.end);
  for (const r of memory.ranges) points.add(r.start).add(r.end);
  points.add(FOUR_GIB);
  return [...points].filter((p) => p <= end).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function storedAttr(memory: Memory, r: AddrRange): MapAttr {
  const [first] = load(memory, r.start, r.end);
  if (first === undefined) return 'unwritten';
  if (first.cell.cipher !== null) return 'encrypted';
  return first.cell.value.kind === 'garbage' ? 'unwritten' : 'plaintext';
}

/** Reads whose reader used the other attribute than the data was written with. */
export const misreads = (observations: readonly Observation[]): Observation[] =>
  observations.filter((o) => (o.written === 'encrypted' || o.written === 'plaintext') && o.read !== null && o.read !== o.written);

function cellsOf(region: MapRegion, boundaries: readonly number[], source: MapSource, wrong: readonly Observation[]): MapCell[] {
  const inside = boundaries.filter((b) => b >= region.range.start && b <= region.range.end);
  return inside.slice(0, -1).map((start, i) => {
    const cell = { start, end: inside[i + 1]! };
    const hole = region.lane === 'e820' && region.name.startsWith('hole');
    const attr: MapAttr = region.lane === 'read' ? (source.failing?.read ?? 'unwritten') : region.attr ?? (hole ? 'hole' : storedAttr(source.memory, cell));
    const misread = region.lane !== 'read' && region.lane !== 'caches' && !hole && wrong.some((o) => overlaps(o.range, cell));
    return { ...cell, attr, misread };
  });
}

/** The map of a counterexample: regions that lie beyond the last byte of RAM or firmware (a read at a C-bit address) are left out. */
export function memoryMap(source: MapSource): MemoryMap {
  return mapOf(source, LANES, mapRegions(source), misreads(source.observations));
}

function mapOf(source: MapSource, lanes: readonly Lane[], all: readonly MapRegion[], wrong: readonly Observation[]): MemoryMap {
  const end = backedMemory(source.layout).at(-1)?.end ?? 0;
  const regions = all.filter((r) => r.range.end <= end && r.range.start < r.range.end);
  const boundaries = boundariesOf(regions, source.memory, end);
  return { lanes, boundaries, entries: regions.map((region) => ({ region, cells: cellsOf(region, boundaries, source, wrong) })) };
}

/** The hypervisor's reads of guest memory that found data that was private at boot (SEV-NO-SHARED-LEAK). */
const leaks = (observations: readonly Observation[]): Observation[] => observations.filter((o) => o.kind === 'hypervisor-read' && !o.ok);

/**
 * An SEV guest's memory as its hypervisor sees it at the end of the run: every stretch of DRAM
 * holding guest data in the clear, which it can read (the rest is ciphertext to it), named by
 * whose data it is, outlined where the data was private when the first kernel had booted.
 */
export function hypervisorMap(source: MapSource): MemoryMap {
  const leaked = leaks(source.observations);
  const readable = readableInTheClear(source.memory, source.layout.ram).map(({ range, value }, i): MapRegion => ({
    lane: 'hypervisor', name: `plaintext ${i}`, range, label: value.region, detail: leaked.some((o) => overlaps(o.range, range)) ? 'private at boot' : 'shared at boot', attr: 'plaintext',
  }));
  const kernelLanes = mapRegions(source).filter((r) => r.lane === 'e820' || r.lane === 'layout' || r.lane === 'kimage');
  return mapOf(source, HYPERVISOR_LANES, [...kernelLanes, ...readable], leaked);
}

/** The attribute a whole region shows: its cells' one attribute, or "mixed". */
export function regionAttr(entry: MapEntry): MapAttr | 'mixed' {
  const attrs = new Set(entry.cells.map((c) => c.attr));
  return attrs.size === 1 ? [...attrs][0]! : 'mixed';
}
