/** `lastOf` (model/memo.ts): the function's own result, worked out once for as long as the same input is asked about. */
import { describe, expect, it } from 'vitest';
import { lastOf } from '../../model/memo.ts';

describe('lastOf', () => {
  it('gives fn of each input, working it out again only when the input changes', () => {
    const asked: string[] = [];
    const double = lastOf((box: { n: number; name: string }) => {
      asked.push(box.name);
      return box.n * 2;
    });
    const a = { n: 1, name: 'a' };
    const b = { n: 5, name: 'b' };
    expect([double(a), double(a), double(b), double(b), double(a)]).toEqual([2, 2, 10, 10, 2]);
    expect(asked).toEqual(['a', 'b', 'a']);
  });

  it('tells inputs apart by identity: an equal copy is another input', () => {
    let calls = 0;
    const length = lastOf((xs: number[]) => {
      calls++;
      return xs.length;
    });
    const xs = [1, 2];
    expect([length(xs), length([1, 2]), length(xs)]).toEqual([2, 2, 2]);
    expect(calls).toBe(3);
  });
});
