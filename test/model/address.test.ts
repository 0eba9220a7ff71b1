/**
 * Physical addresses as a person reads them (model/hardware/address.ts): sizes in the largest unit
 * that divides them, ranges the way /proc/iomem prints them.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bit, clearBit, GiB, hasBit, KiB, MiB, PAGE_SIZE, pageAligned, pageDown, setBit, showRange, showSize, TiB } from '../../model/hardware/index.ts';

describe('showSize', () => {
  it.each([
    [4 * TiB, '4 TiB'],
    [TiB + 512 * GiB, '1536 GiB'],
    [32 * GiB, '32 GiB'],
    [256 * MiB, '256 MiB'],
    [32812 * KiB, '32812 KiB'],
    [4 * KiB, '4 KiB'],
    [TiB, '1 TiB'],
    [KiB, '1 KiB'],
    [1000, '1000 B'],
    [0, '0 B'],
  ])('shows %s bytes as %s', (bytes, shown) => {
    expect(showSize(bytes)).toBe(shown);
  });
});

describe('showRange', () => {
  it('prints the first and the last byte, as /proc/iomem does', () => {
    expect(showRange({ start: 0x100000000, end: 0x880000000 })).toBe('[0x100000000-0x87fffffff]');
  });

  it('prints the last byte exactly where a double cannot hold it (above 2^53)', () => {
    expect(showRange({ start: 2 ** 60, end: 2 ** 60 + PAGE_SIZE })).toBe('[0x1000000000000000-0x1000000000000fff]');
    expect(showRange({ start: 2 ** 64 - PAGE_SIZE, end: 2 ** 64 })).toBe('[0xfffffffffffff000-0xffffffffffffffff]');
  });
});

/** Page-aligned addresses anywhere in the 64-bit space, and a one-bit mask (or none). */
const pageAddress = fc.bigInt({ min: 0n, max: (1n << 52n) - 1n }).map((p) => p << 12n);
const maskBit = fc.option(fc.integer({ min: 12, max: 63 }), { nil: undefined });

describe('address bits on numbers agree with the same operations on 64-bit integers', () => {
  const asMask = (k: number | undefined): [number, bigint] => (k === undefined ? [0, 0n] : [bit(k), 1n << BigInt(k)]);

  test.prop([pageAddress, maskBit])('hasBit, setBit and clearBit are &, | and & ~', (a, k) => {
    const [mask, big] = asMask(k);
    const n = Number(a);
    expect(BigInt(n)).toBe(a); // exact: every page-aligned 64-bit address is a double
    expect(hasBit(n, mask)).toBe((a & big) !== 0n);
    expect(BigInt(setBit(n, mask))).toBe(a | big);
    expect(BigInt(clearBit(n, mask))).toBe(a & ~big);
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 41 - 1 }), fc.integer({ min: 0, max: PAGE_SIZE - 1 })])('pageAligned and pageDown are & (PAGE_SIZE - 1) and & PAGE_MASK (below 2^53)', (page, offset) => {
    const n = page * PAGE_SIZE + offset;
    expect(pageAligned(n)).toBe(offset === 0);
    expect(pageDown(n)).toBe(page * PAGE_SIZE);
  });
});
