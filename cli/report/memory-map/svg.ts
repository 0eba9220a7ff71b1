/**
 * A memory map as inline SVG: addresses down the left, one column per lane, every cell filled
 * with the colour of the attribute its data was written with, and outlined in red where a reader
 * used the other attribute. Every region and cell carries data-* attributes (region, lane,
 * start, end, attr, misread) so that a test can read the picture back.
 */
import { FOUR_GIB, hex, showRange, showSize, size } from '../../../model/hardware/address.ts';
import { html, type Html } from '../html.ts';
import { type Lane, LANE_TITLES, type MapCell, type MapEntry, type MemoryMap, regionAttr } from './regions.ts';
import { logScale, type Scale } from './scale.ts';

const ADDRESS_WIDTH = 168;
const LANE_WIDTH = 176;
const LANE_GAP = 14;
const HEADER = 34;
const BOTTOM = 12;

const laneX = (lanes: readonly Lane[], lane: Lane): number => ADDRESS_WIDTH + lanes.indexOf(lane) * (LANE_WIDTH + LANE_GAP);
const widthOf = (lanes: readonly Lane[]): number => laneX(lanes, lanes.at(-1)!) + LANE_WIDTH + 8;

function cellRect(cell: MapCell, x: number, scale: Scale): Html {
  const y = scale.y(cell.start);
  const h = scale.y(cell.end) - y;
  const outline = cell.misread ? html`<rect class="misread" x="${x + 1.5}" y="${y + 1.5}" width="${LANE_WIDTH - 3}" height="${Math.max(h - 3, 1)}"/>` : '';
  return html`<rect class="cell attr-${cell.attr}" x="${x}" y="${y}" width="${LANE_WIDTH}" height="${h}" data-start="${hex(cell.start)}" data-end="${hex(cell.end)}" data-attr="${cell.attr}" data-misread="${String(cell.misread)}"/>${outline}`;
}

function regionLabel(entry: MapEntry, x: number, top: number, height: number): Html {
  const middle = top + height / 2;
  const sizeText = entry.region.detail ?? showSize(size(entry.region.range));
  const name = entry.region.label ?? entry.region.name;
  if (height < 28) return html`<text class="label" x="${x + 6}" y="${middle + 4}">${name} · ${sizeText}</text>`;
  return html`<text class="label" x="${x + 6}" y="${middle - 2}">${name}</text><text class="label size" x="${x + 6}" y="${middle + 11}">${sizeText}</text>`;
}

function regionGroup(entry: MapEntry, lanes: readonly Lane[], scale: Scale): Html {
  const { region } = entry;
  const x = laneX(lanes, region.lane);
  const top = scale.y(region.range.start);
  const height = scale.y(region.range.end) - top;
  const attr = regionAttr(entry);
  const misread = entry.cells.some((c) => c.misread);
  return html`<g class="region" data-lane="${region.lane}" data-region="${region.name}" data-start="${hex(region.range.start)}" data-end="${hex(region.range.end)}" data-attr="${attr}" data-misread="${String(misread)}">
<title>${region.name} ${showRange(region.range)} ${showSize(size(region.range))}: ${attr}${misread ? ', read through the other attribute' : ''}</title>
${entry.cells.map((c) => cellRect(c, x, scale))}<rect class="edge" x="${x}" y="${top}" width="${LANE_WIDTH}" height="${height}"/>${regionLabel(entry, x, top, height)}</g>
`;
}

function addressLines(map: MemoryMap, scale: Scale): Html[] {
  const WIDTH = widthOf(map.lanes);
  return map.boundaries.map((b) => {
    const y = scale.y(b);
    const text = b === FOUR_GIB ? `${hex(b)} (4 GiB)` : hex(b);
    return html`<line class="boundary" x1="${ADDRESS_WIDTH - 6}" y1="${y}" x2="${WIDTH}" y2="${y}"/><text class="address" x="${ADDRESS_WIDTH - 10}" y="${y + 4}" data-address="${hex(b)}">${text}</text>
`;
  });
}

/** A faint band across every lane at the failing read, so its place in each lane can be seen. */
function failingBand(map: MemoryMap, scale: Scale): Html | '' {
  const read = map.entries.find((e) => e.region.lane === 'read');
  if (read === undefined) return '';
  const WIDTH = widthOf(map.lanes);
  const top = scale.y(read.region.range.start);
  return html`<rect class="failing-band" x="${ADDRESS_WIDTH - 6}" y="${top}" width="${WIDTH - ADDRESS_WIDTH + 6}" height="${scale.y(read.region.range.end) - top}"/>`;
}

function laneTitles(lanes: readonly Lane[]): Html[] {
  return lanes.map((lane) => html`<text class="lane-title" x="${laneX(lanes, lane)}" y="${HEADER - 12}">${LANE_TITLES[lane]}</text>`);
}

/** The map as an SVG element; `caption` names it for screen readers. */
export function memoryMapSvg(map: MemoryMap, caption: string): Html {
  const scale = logScale(map.boundaries, HEADER);
  const height = HEADER + scale.height + BOTTOM;
  const WIDTH = widthOf(map.lanes);
  return html`<svg class="memory-map" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${caption}">
${laneTitles(map.lanes)}
${addressLines(map, scale)}
${map.entries.map((e) => regionGroup(e, map.lanes, scale))}${failingBand(map, scale)}</svg>`;
}
