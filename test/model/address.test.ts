/**
 * Physical addresses as a person reads them (model/hardware/address.ts): sizes in the largest unit
 * that divides them, ranges the way /proc/iomem prints them.
 */
import { describe, expect, it } from 'vitest';
import { GiB, KiB, MiB, showRange, showSize, TiB } from '../../model/hardware/index.ts';

describe('showSize', () => {
  it.each([
    [4n * TiB, '4 TiB'],
    [TiB + 512n * GiB, '1536 GiB'],
    [32n * GiB, '32 GiB'],
    [256n * MiB, '256 MiB'],
    [32812n * KiB, '32812 KiB'],
    [4n * KiB, '4 KiB'],
    [TiB, '1 TiB'],
    [KiB, '1 KiB'],
    [1000n, '1000 B'],
    [0n, '0 B'],
  ])('shows %s bytes as %s', (bytes, shown) => {
    expect(showSize(bytes)).toBe(shown);
  });
});

describe('showRange', () => {
  it('prints the first and the last byte, as /proc/iomem does', () => {
    expect(showRange({ start: 0x100000000n, end: 0x880000000n })).toBe('[0x100000000-0x87fffffff]');
  });
});
