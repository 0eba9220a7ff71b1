/**
 * Sets of a row's live cubes, as bits over their list (properties/lazy-explore.ts): the runs of an
 * environment stand for such sets, and split and join them at every read, so these are the
 * operations it needs and nothing else.
 */
export type Members = Uint32Array;

export const noMembers = (count: number): Members => new Uint32Array((count + 31) >>> 5);

export function allMembers(count: number): Members {
  const bits = noMembers(count);
  bits.fill(0xffffffff);
  if (count % 32 !== 0) bits[bits.length - 1] = (1 << count % 32) - 1;
  return bits;
}

export const addMember = (bits: Members, i: number): void => {
  bits[i >>> 5]! |= 1 << (i & 31);
};

export function both(a: Members, b: Members): Members {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! & b[i]!;
  return out;
}

export function either(sets: readonly Members[]): Members {
  const out = new Uint32Array(sets[0]!.length);
  for (const s of sets) for (let i = 0; i < s.length; i++) out[i]! |= s[i]!;
  return out;
}

/** Does `a` hold a member `b` does (b: all when not given)? */
export function meets(a: Members, b?: Members): boolean {
  for (let i = 0; i < a.length; i++) if ((b === undefined ? a[i]! : a[i]! & b[i]!) !== 0) return true;
  return false;
}

/** Does `a` hold a member `b` does not? */
export function beyond(a: Members, b: Members): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i]! & ~b[i]!) !== 0) return true;
  return false;
}

/** The members of a set, in order. */
export function* membersOf(bits: Members): Generator<number> {
  for (let w = 0; w < bits.length; w++) {
    for (let word = bits[w]!; word !== 0; word &= word - 1) yield (w << 5) + (31 - Math.clz32(word & -word));
  }
}

/** Does some member of the set pass `test`? */
export function someMember(bits: Members, test: (i: number) => boolean): boolean {
  for (const i of membersOf(bits)) if (test(i)) return true;
  return false;
}
