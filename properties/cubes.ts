/**
 * Sets of designs as cubes: the points varied with their options (a space), and a cube of it,
 * some varied points fixed and every other one free. How many designs a cube holds, which ones,
 * what two cubes share, and the same designs in fewer cubes.
 */
import { lastOf } from '../model/memo.ts';
import { CONSTRAINED_POINTS, DECISION_POINT_NAMES, DECISION_POINTS, type DecisionPoint, type Decisions, decisionsProblem } from '../model/design/registry.ts';

/** The points varied, each with the options explored there. */
export type Space = Readonly<Partial<Record<DecisionPoint, readonly string[]>>>;

/** A set of designs: the varied points fixed here, every other varied point free. */
export type Cube = Readonly<Partial<Record<DecisionPoint, string>>>;

export const variedPoints = (space: Space): DecisionPoint[] => DECISION_POINT_NAMES.filter((p) => space[p] !== undefined);

/** How many designs (decisionsProblem passing) `cube` holds in `space`. */
export function cubeSize(cube: Cube, space: Space, base: Decisions): number {
  const varied = variedPoints(space);
  let n = 1;
  for (const p of varied) if (cube[p] === undefined && !CONSTRAINED_POINTS.includes(p)) n *= space[p]!.length;
  return n * validCombos(space, base, CONSTRAINED_POINTS.map((p) => cube[p] ?? '*').join('\u0000'));
}

/**
 * How many combinations of the options of the constrained points a cube leaves free are designs,
 * with the constrained points it fixes as `pattern` says ("*": free); remembered per space and
 * base, as runs ask for the few patterns there are again and again.
 */
function validCombos(space: Space, base: Decisions, pattern: string): number {
  const memo = validMemo(space)(base);
  const key = pattern;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const at = pattern.split('\u0000');
  let combos: Partial<Record<DecisionPoint, string>>[] = [{ ...base }];
  CONSTRAINED_POINTS.forEach((p, i) => {
    const options = at[i] !== '*' ? [at[i]!] : space[p] !== undefined ? space[p] : [base[p]];
    combos = combos.flatMap((c) => options.map((o) => ({ ...c, [p]: o })));
  });
  const valid = combos.filter((c) => decisionsProblem(c) === null).length;
  memo.set(key, valid);
  return valid;
}

const validMemo = lastOf((_space: Space) => lastOf((_base: Decisions) => new Map<string, number>()));

/** Every design of `cube`, in the order designSpace() lists them. */
export function cubeDesigns(cube: Cube, space: Space, base: Decisions): Decisions[] {
  let combos: Partial<Record<DecisionPoint, string>>[] = [{ ...base, ...cube }];
  for (const p of variedPoints(space).filter((q) => cube[q] === undefined)) combos = combos.flatMap((c) => space[p]!.map((o) => ({ ...c, [p]: o })));
  return combos.filter((c) => decisionsProblem(c) === null) as Decisions[];
}

/**
 * The same designs in fewer cubes: items whose cubes are alike but at one point, with the same
 * tag, which between them take every option of it, become one, free there (`join` makes it); and
 * items with the same cube and tag, one. Again until none merge. Cubes are compared through a hash
 * that leaves out one point in constant time (a sum of a weight per point and option), and alike
 * ones confirmed point by point.
 */
export function mergeAlike<T>(items: readonly T[], space: Space, cubeOf: (t: T) => Cube, tag: (t: T) => string, join: (group: readonly T[], cube: Cube) => T): T[] {
  const points = variedPoints(space);
  const { weights, codes: codeOf } = cubeCodes(space);
  interface Coded {
    readonly t: T;
    readonly codes: Uint8Array;
    readonly hash: number;
    /** The tag, as a number: items of one tag only are merged. */
    readonly tag: number;
  }
  const tags = new Map<string, number>();
  const tagOf = (t: T): number => {
    const text = tag(t);
    let n = tags.get(text);
    if (n === undefined) tags.set(text, (n = tags.size));
    return n;
  };
  const coded = (t: T): Coded => {
    const cube = cubeOf(t);
    const codes = new Uint8Array(points.length);
    let hash = 0;
    for (let i = 0; i < points.length; i++) {
      const o = cube[points[i]!];
      codes[i] = o === undefined ? 0 : codeOf[i]!.get(o)!;
      hash = (hash + weights[i]![codes[i]!]!) >>> 0;
    }
    return { t, codes, hash, tag: tagOf(t) };
  };
  const alike = (a: Coded, b: Coded, but: number): boolean => {
    for (let i = 0; i < points.length; i++) if (i !== but && a.codes[i] !== b.codes[i]) return false;
    return true;
  };
  /** Items alike but at `but` (-1: none), in groups. */
  const grouped = (list: readonly Coded[], but: number): Coded[][] => {
    const buckets = new Map<number, Coded[][]>();
    for (const c of list) {
      const key = c.tag * 0x100000000 + ((c.hash - (but < 0 ? 0 : weights[but]![c.codes[but]!]!)) >>> 0);
      let bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, (bucket = []));
      const group = bucket.find((g) => alike(g[0]!, c, but));
      if (group === undefined) bucket.push([c]);
      else group.push(c);
    }
    return [...buckets.values()].flat();
  };
  const joined = (group: readonly Coded[], cube: Cube): Coded => (group.length === 1 ? group[0]! : coded(join(group.map((g) => g.t), cube)));
  let out = grouped(items.map(coded), -1).map((g) => joined(g, cubeOf(g[0]!.t)));
  for (let merged = out.length > 1; merged;) {
    merged = false;
    points.forEach((p, i) => {
      const next: Coded[] = [];
      const fixed: Coded[] = [];
      for (const c of out) (c.codes[i] === 0 ? next : fixed).push(c);
      for (const g of grouped(fixed, i)) {
        if (g.length !== space[p]!.length) {
          next.push(...g);
          continue;
        }
        const { [p]: _, ...cube } = cubeOf(g[0]!.t);
        next.push(joined(g, cube));
        merged = true;
      }
      out = next;
    });
  }
  return out.map((c) => c.t);
}

/** For each varied point of a space, a code per option (0: free) and a random weight per code, the same for every call on it. */
const cubeCodes = lastOf((space: Space) => {
  let seed = 0x2545f491;
  const random = (): number => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0);
  const points = variedPoints(space);
  return {
    codes: points.map((p) => new Map(space[p]!.map((o, k) => [o, k + 1]))),
    weights: points.map((p) => [random(), ...space[p]!.map(() => random())]),
  };
});

/** The space `designSpace(vary, base, only)` explores, as points and options. */
export const spaceOf = (vary: readonly DecisionPoint[], only: Space = {}): Space =>
  Object.fromEntries(DECISION_POINT_NAMES.filter((p) => vary.includes(p)).map((p) => [p, [...(only[p] ?? DECISION_POINTS[p].options)]]));


/** The designs two cubes share, as a cube; null when they share none (they fix a point apart). */
export function intersect(a: Cube, b: Cube): Cube | null {
  for (const p in b) {
    const at = a[p as DecisionPoint];
    if (at !== undefined && at !== b[p as DecisionPoint]) return null;
  }
  return { ...a, ...b };
}

/** Does `cube` hold `design` (a design of the space)? */
export const holds = (cube: Cube, design: Decisions): boolean => Object.entries(cube).every(([p, o]) => design[p as DecisionPoint] === o);

/** The options some design of `cube` picks at varied point `point`. */
export const optionsIn = (cube: Cube, point: DecisionPoint, space: Space, base: Decisions): readonly string[] =>
  cube[point] !== undefined ? [cube[point]] : space[point]!.filter((o) => cubeSize({ ...cube, [point]: o }, space, base) > 0);
