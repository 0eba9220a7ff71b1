/**
 * The fast paths for many reads (model/hardware/alike.ts, model/kernel/judge.ts `judgeSites`) give
 * exactly what one `dramRead` per range gives.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { alikeUntil, dramRead, singlePiece } from '../../model/hardware/index.ts';
import type { KdumpContext } from '../../model/kernel/context.ts';
import { judgeAgainstViewPerRange, judgeSites, type RangeSite } from '../../model/kernel/judge.ts';
import { expand } from '../../model/kernel/observation-log.ts';
import { RunRecord } from '../../model/kernel/run-log.ts';
import { anySitesArb, C, dramArb, notesLikeArb, ptLoadPicksArb, ptLoadSites, stretchArb } from './arbitraries.ts';

const maskArb = fc.constantFrom(0, C);

test.prop([dramArb, stretchArb, maskArb])('singlePiece is what dramRead gives when that is one piece, and null otherwise', (dram, r, mask) => {
  const pieces = dramRead(dram, r.start + mask, r.end - r.start);
  const one = singlePiece(dram, r.start + mask, r.end - r.start);
  if (pieces.length !== 1) {
    expect(one).toBeNull();
    return;
  }
  expect(one).not.toBeNull();
  expect({ stored: one!.stored, encrypted: one!.encrypted, got: one!.got }).toEqual({ stored: pieces[0]!.stored, encrypted: pieces[0]!.encrypted, got: pieces[0]!.got });
});

test.prop([dramArb, stretchArb, maskArb, ptLoadPicksArb])('a later range inside one RAM range that ends by `until` reads as the same one piece', (dram, r, mask, picks) => {
  const one = singlePiece(dram, r.start + mask, r.end - r.start);
  const later = ptLoadSites(dram.ram, picks).filter((s) => s.start >= r.end && s.end <= (one?.until ?? 0));
  for (const s of later) {
    const pieces = dramRead(dram, s.start + mask, s.end - s.start);
    expect(pieces.map((p) => ({ stored: p.stored, encrypted: p.encrypted, got: p.got }))).toEqual([{ stored: one!.stored, encrypted: one!.encrypted, got: one!.got }]);
  }
});

const context = { run: RunRecord.start().withStep({ stage: 'dump', site: 'test', text: 'test' }) } as unknown as KdumpContext;
const asSites = (ranges: readonly { start: number; end: number }[]): RangeSite[] => ranges.map((range, i) => ({ range, what: `site ${i}`, usage: i % 2 === 0 ? 'direct-map' : 'decrypted' }));

/** One read per site on each side, compared: what the batched judgment must equal. */
function oneByOne(sites: readonly RangeSite[], got: { dram: typeof context.dram; mask: number }, view: { dram: typeof context.dram; mask: number }) {
  return sites.flatMap((s) => {
    const size = s.range.end - s.range.start;
    return judgeAgainstViewPerRange(context, 'vmcore-read', 'test', [s], dramRead(got.dram, s.range.start + got.mask, size), dramRead(view.dram, s.range.start + view.mask, size));
  });
}

test.prop([dramArb, dramArb, fc.oneof(anySitesArb, notesLikeArb), maskArb, maskArb])('judgeSites, site by site: the observations of one read per site', (now, before, ranges, gm, vm) => {
  const old = { ...before, machine: now.machine, ram: now.ram };
  const sites = asSites(ranges);
  const got = { dram: now, mask: gm };
  const view = { dram: old, mask: vm };
  expect(expand(judgeSites(context, 'vmcore-read', 'test', sites, 0, sites.length, got, view, false))).toEqual(oneByOne(sites, got, view));
});

test.prop([dramArb, dramArb, ptLoadPicksArb, maskArb, maskArb])('judgeSites over PT_LOAD-shaped sites (binary search): the observations of one read per site', (now, before, picks, gm, vm) => {
  const old = { ...before, machine: now.machine, ram: now.ram };
  const sites = asSites(ptLoadSites(now.ram, picks));
  const got = { dram: now, mask: gm };
  const view = { dram: old, mask: vm };
  expect(expand(judgeSites(context, 'vmcore-read', 'test', sites, 0, sites.length, got, view, true))).toEqual(oneByOne(sites, got, view));
});

test('alikeUntil finds the last site ending by the bound, and never less than one site', () => {
  const sites = [10, 20, 30, 40].map((end) => ({ range: { end } }));
  expect(alikeUntil(sites, 0, 4, 25)).toBe(2);
  expect(alikeUntil(sites, 0, 4, 5)).toBe(1);
  expect(alikeUntil(sites, 1, 3, 100)).toBe(3);
});
