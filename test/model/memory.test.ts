/**
 * DRAM as an interval map (model/hardware/memory.ts): what a write leaves of the ranges it cuts,
 * and what a load of any stretch returns, gaps filled with the background.
 */
import { describe, expect, it } from 'vitest';
import { type Cell, copyRaw, data, emptyMemory, fillAll, firstEndingAfter, garbage, load, type Memory, NEVER_WRITTEN, store } from '../../model/hardware/index.ts';

const cell = (name: string): Cell => ({ value: data(name, 1, 0), cipher: null });
const A = cell('a');
const B = cell('b');
const N = cell('new');

/** [0x10, 0x30) holds A, [0x30, 0x40) holds B (touching), [0x60, 0x80) holds A again. */
const MEM: Memory = { background: NEVER_WRITTEN, ranges: [{ start: 0x10, end: 0x30, cell: A }, { start: 0x30, end: 0x40, cell: B }, { start: 0x60, end: 0x80, cell: A }] };

describe('firstEndingAfter', () => {
  it.each([
    [0x00, 0],
    [0x2f, 0],
    [0x30, 1],
    [0x3f, 1],
    [0x40, 2],
    [0x7f, 2],
    [0x80, 3],
  ])('at %s: range %i', (addr, index) => {
    expect(firstEndingAfter(MEM.ranges, addr)).toBe(index);
  });
});

describe('store', () => {
  it('a write inside a range splits it into what is left before, the write, and what is left after', () => {
    expect(store(MEM, 0x18, 0x20, N).ranges).toEqual([
      { start: 0x10, end: 0x18, cell: A },
      { start: 0x18, end: 0x20, cell: N },
      { start: 0x20, end: 0x30, cell: A },
      ...MEM.ranges.slice(1),
    ]);
  });

  it('a write over exactly one range replaces it, leaving no empty piece on either side', () => {
    expect(store(MEM, 0x30, 0x40, N).ranges).toEqual([MEM.ranges[0], { start: 0x30, end: 0x40, cell: N }, MEM.ranges[2]]);
  });

  it('a write across several ranges keeps the head of the first and the tail of the last', () => {
    expect(store(MEM, 0x20, 0x70, N).ranges).toEqual([
      { start: 0x10, end: 0x20, cell: A },
      { start: 0x20, end: 0x70, cell: N },
      { start: 0x70, end: 0x80, cell: A },
    ]);
  });

  it('a write into a gap touches no range', () => {
    expect(store(MEM, 0x40, 0x60, N).ranges).toEqual([...MEM.ranges.slice(0, 2), { start: 0x40, end: 0x60, cell: N }, MEM.ranges[2]]);
  });

  it('a write of nothing leaves memory as it was', () => {
    expect(store(MEM, 0x20, 0x20, N)).toBe(MEM);
  });

  it('keeps the background', () => {
    expect(store(fillAll(A), 0x20, 0x30, N)).toEqual({ background: A, ranges: [{ start: 0x20, end: 0x30, cell: N }] });
  });
});

describe('load', () => {
  it('returns the cells covering a stretch, in order, gaps filled with the background', () => {
    expect(load(MEM, 0x08, 0x90)).toEqual([
      { start: 0x08, end: 0x10, cell: NEVER_WRITTEN },
      { start: 0x10, end: 0x30, cell: A },
      { start: 0x30, end: 0x40, cell: B },
      { start: 0x40, end: 0x60, cell: NEVER_WRITTEN },
      { start: 0x60, end: 0x80, cell: A },
      { start: 0x80, end: 0x90, cell: NEVER_WRITTEN },
    ]);
  });

  it('a stretch starting where a range ends and ending where the next starts is only that gap', () => {
    expect(load(MEM, 0x40, 0x60)).toEqual([{ start: 0x40, end: 0x60, cell: NEVER_WRITTEN }]);
  });

  it('a stretch inside a range is one piece, cut to the stretch', () => {
    expect(load(MEM, 0x34, 0x38)).toEqual([{ start: 0x34, end: 0x38, cell: B }]);
  });

  it('empty memory is the background everywhere', () => {
    expect(load(emptyMemory(), 0x0, 0x1000)).toEqual([{ start: 0x0, end: 0x1000, cell: NEVER_WRITTEN }]);
  });
});

describe('copyRaw', () => {
  it('moves garbage as it is: garbage has no place to move with it', () => {
    const junk: Cell = { value: garbage('ciphertext moved from another address'), cipher: null };
    const mem = store(emptyMemory(), 0x10, 0x20, junk);
    const copied = copyRaw(mem, { start: 0x10, end: 0x20 }, 0x40);
    expect(load(copied, 0x40, 0x50)).toEqual([{ start: 0x40, end: 0x50, cell: junk }]);
  });
});
