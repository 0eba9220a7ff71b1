/**
 * DRAM as an interval map (model/hardware/memory.ts): what a write leaves of the ranges it cuts,
 * and what a load of any stretch returns, gaps filled with the background.
 */
import { describe, expect, it } from 'vitest';
import { type Cell, copyRaw, data, emptyMemory, fillAll, firstEndingAfter, garbage, load, type Memory, NEVER_WRITTEN, store } from '../../model/hardware/index.ts';

const cell = (name: string): Cell => ({ value: data(name, 1, 0n), cipher: null });
const A = cell('a');
const B = cell('b');
const N = cell('new');

/** [0x10, 0x30) holds A, [0x30, 0x40) holds B (touching), [0x60, 0x80) holds A again. */
const MEM: Memory = { background: NEVER_WRITTEN, ranges: [{ start: 0x10n, end: 0x30n, cell: A }, { start: 0x30n, end: 0x40n, cell: B }, { start: 0x60n, end: 0x80n, cell: A }] };

describe('firstEndingAfter', () => {
  it.each([
    [0x00n, 0],
    [0x2fn, 0],
    [0x30n, 1],
    [0x3fn, 1],
    [0x40n, 2],
    [0x7fn, 2],
    [0x80n, 3],
  ])('at %s: range %i', (addr, index) => {
    expect(firstEndingAfter(MEM.ranges, addr)).toBe(index);
  });
});

describe('store', () => {
  it('a write inside a range splits it into what is left before, the write, and what is left after', () => {
    expect(store(MEM, 0x18n, 0x20n, N).ranges).toEqual([
      { start: 0x10n, end: 0x18n, cell: A },
      { start: 0x18n, end: 0x20n, cell: N },
      { start: 0x20n, end: 0x30n, cell: A },
      ...MEM.ranges.slice(1),
    ]);
  });

  it('a write over exactly one range replaces it, leaving no empty piece on either side', () => {
    expect(store(MEM, 0x30n, 0x40n, N).ranges).toEqual([MEM.ranges[0], { start: 0x30n, end: 0x40n, cell: N }, MEM.ranges[2]]);
  });

  it('a write across several ranges keeps the head of the first and the tail of the last', () => {
    expect(store(MEM, 0x20n, 0x70n, N).ranges).toEqual([
      { start: 0x10n, end: 0x20n, cell: A },
      { start: 0x20n, end: 0x70n, cell: N },
      { start: 0x70n, end: 0x80n, cell: A },
    ]);
  });

  it('a write into a gap touches no range', () => {
    expect(store(MEM, 0x40n, 0x60n, N).ranges).toEqual([...MEM.ranges.slice(0, 2), { start: 0x40n, end: 0x60n, cell: N }, MEM.ranges[2]]);
  });

  it('a write of nothing leaves memory as it was', () => {
    expect(store(MEM, 0x20n, 0x20n, N)).toBe(MEM);
  });

  it('keeps the background', () => {
    expect(store(fillAll(A), 0x20n, 0x30n, N)).toEqual({ background: A, ranges: [{ start: 0x20n, end: 0x30n, cell: N }] });
  });
});

describe('load', () => {
  it('returns the cells covering a stretch, in order, gaps filled with the background', () => {
    expect(load(MEM, 0x08n, 0x90n)).toEqual([
      { start: 0x08n, end: 0x10n, cell: NEVER_WRITTEN },
      { start: 0x10n, end: 0x30n, cell: A },
      { start: 0x30n, end: 0x40n, cell: B },
      { start: 0x40n, end: 0x60n, cell: NEVER_WRITTEN },
      { start: 0x60n, end: 0x80n, cell: A },
      { start: 0x80n, end: 0x90n, cell: NEVER_WRITTEN },
    ]);
  });

  it('a stretch starting where a range ends and ending where the next starts is only that gap', () => {
    expect(load(MEM, 0x40n, 0x60n)).toEqual([{ start: 0x40n, end: 0x60n, cell: NEVER_WRITTEN }]);
  });

  it('a stretch inside a range is one piece, cut to the stretch', () => {
    expect(load(MEM, 0x34n, 0x38n)).toEqual([{ start: 0x34n, end: 0x38n, cell: B }]);
  });

  it('empty memory is the background everywhere', () => {
    expect(load(emptyMemory(), 0x0n, 0x1000n)).toEqual([{ start: 0x0n, end: 0x1000n, cell: NEVER_WRITTEN }]);
  });
});

describe('copyRaw', () => {
  it('moves garbage as it is: garbage has no place to move with it', () => {
    const junk: Cell = { value: garbage('ciphertext moved from another address'), cipher: null };
    const mem = store(emptyMemory(), 0x10n, 0x20n, junk);
    const copied = copyRaw(mem, { start: 0x10n, end: 0x20n }, 0x40n);
    expect(load(copied, 0x40n, 0x50n)).toEqual([{ start: 0x40n, end: 0x50n, cell: junk }]);
  });
});
