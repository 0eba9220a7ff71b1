/**
 * Generators for the tests of the fast paths: small machines whose usable-address limit may fall
 * inside RAM, DRAM written through either attribute (and read after a reset, under another key),
 * and lists of ranges to read, with or without the PT_LOAD shape (ascending, each inside one RAM
 * range). Built valid directly: no filters.
 */
import { fc } from '@fast-check/vitest';
import { type AddrRange, data, type Dram, dramFill, dramWrite, emptyMemory, PAGE_SIZE, powerOn, reset } from '../../model/hardware/index.ts';

const page = (n: number): number => n * PAGE_SIZE;
export const CBIT = 47;
export const C = 2 ** CBIT;

/** RAM: 1 to 4 ranges with holes, within the first 400 pages. */
const ramArb = fc.array(fc.record({ gap: fc.integer({ min: 1, max: 16 }), size: fc.integer({ min: 1, max: 80 }) }), { minLength: 1, maxLength: 4 }).map((parts) => {
  let at = 0;
  return parts.map(({ gap, size }) => {
    const start = at + gap;
    at = start + size;
    return { start: page(start), end: page(at) };
  });
});

const writeArb = fc.record({ at: fc.integer({ min: 0, max: 399 }), pages: fc.integer({ min: 1, max: 40 }), cbit: fc.boolean(), tag: fc.integer({ min: 0, max: 3 }) });

/**
 * A DRAM: SME on or off, an address limit (2^43, or 2^18..2^20: inside RAM), a boot-time fill or
 * none, then a few writes; sometimes read after a reset (ciphertext from before is then garbage).
 */
export const dramArb: fc.Arbitrary<Dram> = fc
  .record({ sme: fc.boolean(), reduction: fc.constantFrom(5, 28, 29, 30), ram: ramArb, fill: fc.constantFrom('none', 'plain', 'encrypted'), writes: fc.array(writeArb, { maxLength: 6 }), reset: fc.boolean() })
  .map(({ sme, reduction, ram, fill, writes, reset: doReset }) => {
    const machine = powerOn({ name: 'test', smeSupported: true, cbit: CBIT, physAddrReduction: reduction, physAddrBits: 48, smeCoherent: false, cpus: 1 }, sme);
    let dram: Dram = { machine, ram, memory: emptyMemory(), caches: null };
    if (fill !== 'none') dram = dramFill(dram, fill === 'encrypted', data('ram', 1, 0));
    for (const [i, w] of writes.entries()) dram = dramWrite(dram, page(w.at) + (w.cbit ? C : 0), page(w.pages), data(`w${w.tag}`, i + 2, page(w.at)));
    return doReset ? { ...dram, machine: reset(dram.machine) } : dram;
  });

/** Any page-aligned stretch within the first 420 pages. */
export const stretchArb = fc.record({ at: fc.integer({ min: 0, max: 419 }), pages: fc.integer({ min: 1, max: 60 }) }).map(({ at, pages }) => ({ start: page(at), end: page(at + pages) }));

/** Ranges to read, in any order, anywhere (they may cross RAM boundaries, holes, one another). */
export const anySitesArb = fc.array(stretchArb, { minLength: 1, maxLength: 12 });

/** Ranges as PT_LOADs are: ascending, disjoint, each inside one RAM range of `ram` (pick i chooses the range and the cut). */
export function ptLoadSites(ram: readonly AddrRange[], picks: readonly { range: number; from: number; pages: number }[]): AddrRange[] {
  const out: AddrRange[] = [];
  for (const [i, r] of ram.entries()) {
    let at = r.start;
    for (const p of picks.filter((x) => x.range % ram.length === i)) {
      const start = at + page(p.from % 3);
      const end = start + page(p.pages);
      if (end > r.end) break;
      out.push({ start, end });
      at = end;
    }
  }
  return out;
}

export const ptLoadPicksArb = fc.array(fc.record({ range: fc.nat(3), from: fc.nat(2), pages: fc.integer({ min: 1, max: 20 }) }), { minLength: 1, maxLength: 16 });

/** Like the crash notes: `count` pages side by side from `at`, then a few ranges anywhere (like vmcoreinfo). */
export const notesLikeArb = fc.record({ at: fc.integer({ min: 0, max: 399 }), count: fc.integer({ min: 1, max: 40 }), more: fc.array(stretchArb, { maxLength: 3 }) }).map(({ at, count, more }) => [
  ...Array.from({ length: count }, (_, i) => ({ start: page(at + i), end: page(at + i + 1) })),
  ...more,
]);
