/**
 * One-piece reads (model/hardware/alike.ts `singlePiece`): what a read inside one stretch of DRAM
 * stored alike returns, agreeing with `dramRead`, and how far on (`until`) any later read stays
 * that same piece: up to the next write, the usable address limit or the C-bit, whichever is first.
 */
import { describe, expect, it } from 'vitest';
import {
  type Cpu,
  data,
  type Dram,
  dramRead,
  dramWrite,
  emptyMemory,
  garbage,
  NEVER_WRITTEN,
  NO_RAM,
  powerOn,
  type SinglePiece,
  singlePiece,
} from '../../model/hardware/index.ts';
import { alikeUntil } from '../../model/hardware/alike.ts';

const C = 2 ** 47;
const cpu = (physAddrReduction: number): Cpu => ({ name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction, physAddrBits: 48, smeCoherent: false, cpus: 1 });

/** Two RAM ranges with a hole between them. */
const RAM = [{ start: 0x10000, end: 0x20000 }, { start: 0x40000, end: 0xa0000 }];
const WRITTEN = data('written', 1, 0x50000);

/** DRAM with [0x50000, 0x60000) written through the C-bit (encrypted where SME is enabled). */
function dramOn(physAddrReduction: number, firmwareSme = true): Dram {
  return dramWrite({ machine: powerOn(cpu(physAddrReduction), firmwareSme), ram: RAM, memory: emptyMemory(), caches: null }, 0x50000 + C, 0x10000, WRITTEN);
}

/** `singlePiece` gives `expected`, and `dramRead` gives the same, as its only piece. */
function expectOnePiece(dram: Dram, address: number, length: number, expected: SinglePiece): void {
  expect(singlePiece(dram, address, length)).toEqual(expected);
  const { start, stored, encrypted, got } = expected;
  expect(dramRead(dram, address, length)).toEqual([{ start, end: start + length, stored, encrypted, got }]);
}

/** `singlePiece` gives null, and `dramRead` indeed gives more than one piece. */
function expectPieces(dram: Dram, address: number, length: number): void {
  expect(singlePiece(dram, address, length)).toBeNull();
  expect(dramRead(dram, address, length).length).toBeGreaterThan(1);
}

const unwritten = { stored: NEVER_WRITTEN, encrypted: false, got: garbage('memory never written') };
const noRam = { stored: NO_RAM, encrypted: false, got: garbage('no RAM at this address') };

describe('singlePiece with SME enabled (usable addresses below 2^43, the C-bit at 2^47)', () => {
  const dram = dramOn(5);

  it('a read of unwritten RAM before a write is one piece until that write', () => {
    expectOnePiece(dram, 0x44000, 0x4000, { start: 0x44000, ...unwritten, until: 0x50000, ramEnd: 0xa0000 });
  });

  it('a read that ends exactly where a write begins is one piece until that write', () => {
    expectOnePiece(dram, 0x4c000, 0x4000, { start: 0x4c000, ...unwritten, until: 0x50000, ramEnd: 0xa0000 });
  });

  it('a read after the last write is one piece until the usable address limit', () => {
    expectOnePiece(dram, 0x64000, 0x4000, { start: 0x64000, ...unwritten, until: 2 ** 43, ramEnd: 0xa0000 });
  });

  it('a read inside a write, through the C-bit, is the data, one piece until the end of the write', () => {
    const stored = { value: WRITTEN, cipher: { key: 1, shift: 0 } };
    expectOnePiece(dram, 0x54000 + C, 0x4000, { start: 0x54000, stored, encrypted: true, got: WRITTEN, until: 0x60000, ramEnd: 0xa0000 });
    expectOnePiece(dram, 0x50000 + C, 0x10000, { start: 0x50000, stored, encrypted: true, got: WRITTEN, until: 0x60000, ramEnd: 0xa0000 });
  });

  it('a read across the start or the end of a write is more than one piece', () => {
    expectPieces(dram, 0x4c000, 0x8000);
    expectPieces(dram, 0x5c000, 0x8000);
  });

  it('a read of exactly one whole RAM range is one piece that ends with the range', () => {
    expectOnePiece(dram, 0x10000, 0x10000, { start: 0x10000, ...unwritten, until: 0x50000, ramEnd: 0x20000 });
  });

  it('a read from a hole into RAM, or from RAM into a hole, is more than one piece', () => {
    expectPieces(dram, 0x3c000, 0x8000);
    expectPieces(dram, 0x1c000, 0x8000);
  });

  it('a read of a hole that ends exactly where RAM starts is one no-RAM piece, alike only to itself', () => {
    expectOnePiece(dram, 0x20000, 0x20000, { start: 0x20000, ...noRam, until: 0x20000, ramEnd: 0x20000 });
  });

  it('a read above all RAM is one no-RAM piece', () => {
    expectOnePiece(dram, 0xa0000, 0x10000, { start: 0xa0000, ...noRam, until: 0xa0000, ramEnd: 0xa0000 });
  });
});

describe('singlePiece when the usable address limit (2^19) falls inside RAM', () => {
  const dram = dramOn(29);

  it('a read of RAM at the limit is no RAM, one piece as far as the C-bit', () => {
    expectOnePiece(dram, 0x80000, 0x4000, { start: 0x80000, ...noRam, until: C, ramEnd: 0xa0000 });
  });

  it('a read that ends exactly at the limit is RAM, one piece until the limit', () => {
    expectOnePiece(dram, 0x7c000, 0x4000, { start: 0x7c000, ...unwritten, until: 0x80000, ramEnd: 0xa0000 });
  });

  it('a read across the limit is more than one piece', () => {
    expectPieces(dram, 0x7c000, 0x8000);
  });
});

describe('singlePiece: the bound on `until` is the lower of the address limit and the C-bit', () => {
  it('with no address bits lost to SME, the C-bit (2^47) bounds it', () => {
    expectOnePiece(dramOn(0), 0x64000, 0x4000, { start: 0x64000, ...unwritten, until: C, ramEnd: 0xa0000 });
  });

  it('with memory encryption disabled by the firmware, the whole 48-bit address space bounds it', () => {
    expectOnePiece(dramOn(5, false), 0x64000, 0x4000, { start: 0x64000, ...unwritten, until: 2 ** 48, ramEnd: 0xa0000 });
  });
});

describe('alikeUntil: how far along a list of ranges a one-piece read stays alike', () => {
  const ranges = [10, 20, 30, 40].map((end) => ({ range: { end } }));

  it('takes every range that ends at or below the bound, one that ends exactly on it included', () => {
    expect(alikeUntil(ranges, 0, 4, 20)).toBe(2);
    expect(alikeUntil(ranges, 0, 4, 29)).toBe(2);
    expect(alikeUntil(ranges, 0, 4, 40)).toBe(4);
  });

  it('always takes the range the read was made for, and stops at `to`', () => {
    expect(alikeUntil(ranges, 1, 4, 0)).toBe(2);
    expect(alikeUntil(ranges, 0, 3, 1000)).toBe(3);
  });
});
