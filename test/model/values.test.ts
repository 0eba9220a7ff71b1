/**
 * What a page holds (model/hardware/values.ts): data equal page for page, garbage equal to nothing,
 * and how a value reads in a trace.
 */
import { describe, expect, it } from 'vitest';
import { data, garbage, sameData, showValue } from '../../model/hardware/index.ts';

describe('sameData', () => {
  const d = data('kernel', 2, 0x1000);

  it('data written by the same writer, same generation, same base is the same data', () => {
    expect(sameData(d, data('kernel', 2, 0x1000))).toBe(true);
  });

  it.each([
    ['another region', data('initrd', 2, 0x1000)],
    ['another generation', data('kernel', 3, 0x1000)],
    ['another base', data('kernel', 2, 0x2000)],
    ['garbage', garbage('memory never written')],
  ])('differs from data of %s', (_what, other) => {
    expect(sameData(d, other)).toBe(false);
    expect(sameData(other, d)).toBe(false);
  });

  it('garbage is not even equal to itself', () => {
    const g = garbage('ciphertext read without the C-bit');
    expect(sameData(g, g)).toBe(false);
  });
});

describe('showValue', () => {
  it('names garbage by its cause', () => {
    expect(showValue(garbage('ciphertext made under another key'), 0x5000)).toBe('garbage (ciphertext made under another key)');
  });

  it('names data by writer and generation, and the page read by its index from the base', () => {
    expect(showValue(data('crash_notes', 4, 0x100000), 0x103000)).toBe('crash_notes#4 page 3');
  });
});
