/**
 * DRAM behind the encryption engine (model/hardware/dram.ts), piece by piece: what a read across
 * holes, writes and the SME-reduced address limit returns, and what a write there stores.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  type Cpu,
  data,
  type Dram,
  dramFetchPage,
  dramFill,
  dramRead,
  dramWrite,
  dramWriteAll,
  emptyMemory,
  garbage,
  NEVER_WRITTEN,
  NO_RAM,
  powerOn,
  type ReadPiece,
  type Value,
} from '../../model/hardware/index.ts';

const C = 2 ** 47;
/** With SME enabled, 29 of the 48 address bits are lost: usable addresses are below 2^19 = 0x80000. */
const cpu: Cpu = { name: 'test EPYC', smeSupported: true, cbit: 47, physAddrReduction: 29, physAddrBits: 48, smeCoherent: false, cpus: 1 };
const LIMIT = 0x80000;

/** Three RAM ranges with holes: the second crosses the address limit, the third lies above it. */
const RAM = [{ start: 0x10000, end: 0x20000 }, { start: 0x40000, end: 0xa0000 }, { start: 0xc0000, end: 0xd0000 }];
const SECRET = data('encrypted', 1, 0x50000);
const CROSSING = data('across the limit', 2, 0x78000);

const blank = (firmwareSme = true): Dram => ({ machine: powerOn(cpu, firmwareSme), ram: RAM, memory: emptyMemory(), caches: null });

/** [0x50000, 0x60000) written through the C-bit, then [0x78000, 0x88000) written plain, across the limit. */
const written = (): Dram => dramWrite(dramWrite(blank(), 0x50000 + C, 0x10000, SECRET), 0x78000, 0x10000, CROSSING);

const ciphertext: Cell = { value: SECRET, cipher: { key: 1, shift: 0 } };
const plaintext: Cell = { value: CROSSING, cipher: null };

const piece = (start: number, end: number, stored: Cell, encrypted: boolean, got: Value): ReadPiece => ({ start, end, stored, encrypted, got });
const noRam = (start: number, end: number, encrypted = false): ReadPiece => piece(start, end, NO_RAM, encrypted, garbage('no RAM at this address'));
const unwritten = (start: number, end: number): ReadPiece => piece(start, end, NEVER_WRITTEN, false, garbage('memory never written'));

describe('dramRead', () => {
  it('cuts a plain read at every hole, write and the address limit, and says what each stretch gave', () => {
    expect(dramRead(written(), 0x8000, 0xd0000)).toEqual([
      noRam(0x8000, 0x10000),
      unwritten(0x10000, 0x20000),
      noRam(0x20000, 0x40000),
      unwritten(0x40000, 0x50000),
      piece(0x50000, 0x60000, ciphertext, false, garbage('ciphertext read without the C-bit')),
      unwritten(0x60000, 0x78000),
      piece(0x78000, LIMIT, plaintext, false, CROSSING),
      noRam(LIMIT, 0xa0000),
      noRam(0xa0000, 0xc0000),
      noRam(0xc0000, 0xd0000),
      noRam(0xd0000, 0xd8000),
    ]);
  });

  it('a read through the C-bit strips it, decrypts ciphertext and garbles plaintext', () => {
    const plainThroughCbit = garbage('plaintext read through a C-bit mapping');
    expect(dramRead(written(), 0x4c000 + C, 0x34000)).toEqual([
      piece(0x4c000, 0x50000, NEVER_WRITTEN, true, plainThroughCbit),
      piece(0x50000, 0x60000, ciphertext, true, SECRET),
      piece(0x60000, 0x78000, NEVER_WRITTEN, true, plainThroughCbit),
      piece(0x78000, LIMIT, plaintext, true, plainThroughCbit),
    ]);
  });

  it('a read of a hole that ends exactly where RAM above the limit starts is one no-RAM piece', () => {
    expect(dramRead(written(), 0xa0000, 0x20000)).toEqual([noRam(0xa0000, 0xc0000)]);
  });

  it('a read of RAM that ends exactly at the address limit is RAM to its end', () => {
    expect(dramRead(written(), 0x70000, 0x10000)).toEqual([unwritten(0x70000, 0x78000), piece(0x78000, LIMIT, plaintext, false, CROSSING)]);
  });

  it('a page fetch reads one 4 KiB page', () => {
    expect(dramFetchPage(written(), 0x50000 + C)).toEqual([piece(0x50000, 0x51000, ciphertext, true, SECRET)]);
  });
});

describe('dramWrite', () => {
  it('stores only the RAM below the address limit, with the key for an encrypted write', () => {
    expect(written().memory.ranges).toEqual([
      { start: 0x50000, end: 0x60000, cell: ciphertext },
      { start: 0x78000, end: LIMIT, cell: plaintext },
    ]);
  });

  it('a write across a hole stores the RAM on either side of it and nothing in the hole', () => {
    const value = data('across a hole', 3, 0x18000);
    const dram = dramWrite(blank(), 0x18000, 0x30000, value);
    expect(dram.memory.ranges).toEqual([
      { start: 0x18000, end: 0x20000, cell: { value, cipher: null } },
      { start: 0x40000, end: 0x48000, cell: { value, cipher: null } },
    ]);
  });

  it('a write where there is no usable RAM is lost and leaves DRAM as it was', () => {
    const before = written();
    expect(dramWrite(before, 0xc0000, 0x10000, data('lost', 4, 0xc0000))).toBe(before);
    expect(dramWrite(before, 0x20000 + C, 0x20000, data('lost', 5, 0x20000))).toBe(before);
    // RAM that the limit cuts, written from the limit on: nothing of it is usable.
    expect(dramWrite(before, LIMIT, 0x10000, data('lost', 6, LIMIT))).toBe(before);
  });

  it('with memory encryption disabled by the firmware, the C-bit address is no RAM, and the whole 48-bit space is usable', () => {
    const dram = dramWrite(dramWrite(blank(false), 0x50000 + C, 0x10000, SECRET), 0x78000, 0x10000, CROSSING);
    expect(dram.memory.ranges).toEqual([{ start: 0x78000, end: 0x88000, cell: plaintext }]);
    expect(dramRead(dram, 0x50000 + C, 0x1000)).toEqual([noRam(0x50000 + C, 0x51000 + C)]);
  });
});

describe('dramWriteAll', () => {
  /** Writes anywhere from below the first RAM range to above the last, through the C-bit or not. */
  const writesArb = fc.array(
    fc.record({ page: fc.nat(0xe0), pages: fc.nat(0x20), cbit: fc.boolean() }).map(({ page, pages, cbit }) => ({
      address: page * 0x1000 + (cbit ? C : 0),
      length: pages * 0x1000,
      value: data('batch', page, page * 0x1000),
    })),
    { maxLength: 8 },
  );

  test.prop([fc.boolean(), writesArb])('leaves DRAM as the same writes made one by one with dramWrite', (firmwareSme, writes) => {
    const before = written();
    const dram = { ...before, machine: powerOn(cpu, firmwareSme) };
    const oneByOne = writes.reduce((d, w) => dramWrite(d, w.address, w.length, w.value), dram);
    const all = dramWriteAll(dram, writes);
    expect(all.memory).toEqual(oneByOne.memory);
    if (oneByOne === dram) expect(all).toBe(dram);
  });

  it('writes that ascend across holes and the limit are stored in one pass, RAM only', () => {
    const a = data('a', 6, 0x18000);
    const b = data('b', 6, 0x48000);
    const dram = dramWriteAll(blank(), [{ address: 0x18000, length: 0x30000, value: a }, { address: 0x48000 + C, length: 0x60000, value: b }]);
    expect(dram.memory.ranges).toEqual([
      { start: 0x18000, end: 0x20000, cell: { value: a, cipher: null } },
      { start: 0x40000, end: 0x48000, cell: { value: a, cipher: null } },
      { start: 0x48000, end: LIMIT, cell: { value: b, cipher: { key: 1, shift: 0 } } },
    ]);
  });
});

describe('dramFill', () => {
  const FILL = data('boot fill', 0, 0);

  it('an encrypted fill with SME enabled stores ciphertext under the current key everywhere', () => {
    const dram = dramFill(written(), true, FILL);
    expect(dram.memory).toEqual({ background: { value: FILL, cipher: { key: 1, shift: 0 } }, ranges: [] });
    expect(dramRead(dram, 0x40000 + C, 0x1000)).toEqual([piece(0x40000, 0x41000, { value: FILL, cipher: { key: 1, shift: 0 } }, true, FILL)]);
  });

  it('a plain fill, or an encrypted one with memory encryption disabled, stores plaintext', () => {
    expect(dramFill(blank(), false, FILL).memory.background).toEqual({ value: FILL, cipher: null });
    expect(dramFill(blank(false), true, FILL).memory.background).toEqual({ value: FILL, cipher: null });
  });
});
