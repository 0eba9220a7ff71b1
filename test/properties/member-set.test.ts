/** Sets of live cubes as bits (properties/member-set.ts). */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { addMember, allMembers, beyond, both, either, meets, membersOf, noMembers, someMember } from '../../properties/member-set.ts';

const setOf = (count: number, members: readonly number[]) => {
  const bits = noMembers(count);
  for (const i of members) addMember(bits, i);
  return bits;
};

const sets = fc.integer({ min: 1, max: 100 }).chain((count) => fc.tuple(fc.constant(count), fc.uniqueArray(fc.nat(count - 1)), fc.uniqueArray(fc.nat(count - 1))));

test.prop([sets])('are the sets of their members: all, both, either, meets, beyond', ([count, xs, ys]) => {
  const a = setOf(count, xs);
  const b = setOf(count, ys);
  const sorted = (n: readonly number[]) => [...n].sort((p, q) => p - q);
  expect([...membersOf(a)]).toEqual(sorted(xs));
  expect([...membersOf(allMembers(count))]).toEqual(Array.from({ length: count }, (_, i) => i));
  expect([...membersOf(both(a, b))]).toEqual(sorted(xs.filter((x) => ys.includes(x))));
  expect([...membersOf(either([a, b]))]).toEqual(sorted([...new Set([...xs, ...ys])]));
  expect(meets(a)).toBe(xs.length > 0);
  expect(meets(a, b)).toBe(xs.some((x) => ys.includes(x)));
  expect(beyond(a, b)).toBe(xs.some((x) => !ys.includes(x)));
  expect(someMember(a, (i) => i % 2 === 0)).toBe(xs.some((x) => x % 2 === 0));
});
