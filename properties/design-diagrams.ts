/**
 * Sets of designs as decision diagrams: the exploration by reads (properties/lazy-explore.ts) keeps
 * a row's designs still in play, and the designs each run stands for, as these.
 *
 * A diagram decides the space's varied points in the registry's order, one level per point: a
 * node at a point has one child per option, and a leaf carries a value (the live designs' leaf
 * says which properties they have exercised). A point no design of a node's set picks apart is
 * skipped (every option leads to the same child), and equal nodes are one node, so each set has
 * one diagram and two sets are equal when their nodes are. The empty set is node 0. Sets split
 * (`restrict`), join (`union`), map their leaves, and count their designs without listing them;
 * the results are remembered per node, since runs of a row split the same sets at the same points
 * again and again.
 *
 * Which designs are designs at all (decisionsProblem) is not built in: the row starts from the set
 * of designs (`designs`), and every set is part of it.
 */
import { CONSTRAINED_POINTS, type DecisionPoint, type Decisions, decisionsProblem } from '../model/design/registry.ts';
import { type Cube, type Space, variedPoints } from './cubes.ts';

/** A set of designs: a node of a `DesignDiagrams`. */
export type DesignSet = number;

export const NO_DESIGNS: DesignSet = 0;

const mix = (h: number, x: number): number => Math.imul(h ^ x, 0x01000193) >>> 0;

export class DesignDiagrams {
  readonly points: readonly DecisionPoint[];
  private readonly options: readonly (readonly string[])[];
  /** Per node: its level (the point's place in `points`; a leaf's is `points.length`), its children (a leaf: none), its value (a leaf's). */
  private levels: number[] = [];
  private kids: (readonly DesignSet[])[] = [];
  private values: number[] = [];
  /** Nodes by a hash of their level and children (or value): the first of that hash, and for each node the next. */
  private unique = new Map<number, DesignSet>();
  private nextAlike: number[] = [];
  private restricted = new Map<number, DesignSet>();
  private picked = new Map<number, number>();
  private unions = new Map<number, DesignSet>();
  private counts = new Map<DesignSet, number>();
  private ored = new Map<number, DesignSet>();
  /** Products of the options of levels i..points.length-1. */
  private readonly below: number[];

  constructor(readonly space: Space) {
    this.points = variedPoints(space);
    this.options = this.points.map((p) => space[p]!);
    if (this.options.some((o) => o.length > 16) || this.points.length > 64) throw new Error('design diagrams: at most 64 points of at most 16 options');
    this.below = this.options.map(() => 1);
    this.below.push(1);
    for (let i = this.points.length - 1; i >= 0; i--) this.below[i] = this.below[i + 1]! * this.options[i]!.length;
    this.add(this.points.length, [], -1, 0);
  }

  private add(level: number, kids: readonly DesignSet[], value: number, hash: number): DesignSet {
    const n = this.levels.length;
    if (n >= 2 ** 26) throw new Error('design diagrams: more than 2^26 nodes');
    this.levels.push(level);
    this.kids.push(kids);
    this.values.push(value);
    const first = this.unique.get(hash);
    this.nextAlike.push(first === undefined ? -1 : first);
    this.unique.set(hash, n);
    return n;
  }

  /** The node of this level and these children (or, for a leaf, value), if there is one. */
  private find(hash: number, level: number, kids: readonly DesignSet[], value: number): DesignSet | undefined {
    for (let n = this.unique.get(hash) ?? -1; n >= 0; n = this.nextAlike[n]!) {
      if (this.levels[n] !== level || this.values[n] !== value) continue;
      const has = this.kids[n]!;
      let alike = true;
      for (let i = 0; i < kids.length && alike; i++) alike = has[i] === kids[i];
      if (alike) return n;
    }
    return undefined;
  }

  /**
   * The same sets, with every node but those of `keep` forgotten (and the results remembered
   * about them): the store of a row then holds what its live designs need, not every set its runs
   * ever stood for. Returns `keep` in the new store; sets made before are no longer sets of it.
   */
  keepOnly(keep: DesignSet): DesignSet {
    const { levels, kids, values } = this;
    this.levels = [];
    this.kids = [];
    this.values = [];
    this.unique = new Map();
    this.nextAlike = [];
    this.restricted = new Map();
    this.picked = new Map();
    this.unions = new Map();
    this.counts = new Map();
    this.ored = new Map();
    this.add(this.points.length, [], -1, 0);
    const moved = new Map<DesignSet, DesignSet>([[NO_DESIGNS, NO_DESIGNS]]);
    const move = (n: DesignSet): DesignSet => {
      let out = moved.get(n);
      if (out === undefined) {
        out = levels[n] === this.points.length ? this.leaf(values[n]!) : this.node(levels[n]!, kids[n]!.map(move));
        moved.set(n, out);
      }
      return out;
    };
    return move(keep);
  }

  /** The level of a varied point, or undefined for a point the space does not vary. */
  levelOf(point: DecisionPoint): number | undefined {
    const i = this.points.indexOf(point);
    return i < 0 ? undefined : i;
  }

  optionAt(level: number, k: number): string {
    return this.options[level]![k]!;
  }

  /** Every design of the space, each in the leaf `value`. */
  leaf(value: number): DesignSet {
    const hash = mix(0x51ed27, value);
    return this.find(hash, this.points.length, [], value) ?? this.add(this.points.length, [], value, hash);
  }

  /** The set that at `level` goes on as `kids` say, option by option. */
  private node(level: number, kids: readonly DesignSet[]): DesignSet {
    const first = kids[0]!;
    if (kids.every((k) => k === first)) return first;
    let hash = mix(0x9e3779b9, level);
    for (const k of kids) hash = mix(hash, k);
    return this.find(hash, level, kids, -1) ?? this.add(level, kids, -1, hash);
  }

  /** The child of `n` for option `k` of `level`, which is at or above n's (n itself where n skips the level). */
  private child(n: DesignSet, level: number, k: number): DesignSet {
    return this.levels[n] === level ? this.kids[n]![k]! : n;
  }

  /** The designs of `n` that pick option `k` at `level`. */
  restrict(n: DesignSet, level: number, k: number): DesignSet {
    if (n === NO_DESIGNS) return n;
    const key = (n * 64 + level) * 16 + k;
    let out = this.restricted.get(key);
    if (out !== undefined) return out;
    const at = this.levels[n]!;
    if (at >= level) out = this.node(level, this.options[level]!.map((_, i) => (i === k ? this.child(n, level, k) : NO_DESIGNS)));
    else out = this.node(at, this.kids[n]!.map((c) => this.restrict(c, level, k)));
    this.restricted.set(key, out);
    return out;
  }

  /** The options some design of `n` picks at `level`, as bits (option k: bit k). */
  picks(n: DesignSet, level: number): number {
    if (n === NO_DESIGNS) return 0;
    const at = this.levels[n]!;
    if (at > level) return (1 << this.options[level]!.length) - 1;
    const key = n * 64 + level;
    let out = this.picked.get(key);
    if (out !== undefined) return out;
    out = 0;
    if (at === level) this.kids[n]!.forEach((c, i) => c !== NO_DESIGNS && (out! |= 1 << i));
    else for (const c of this.kids[n]!) out |= this.picks(c, level);
    this.picked.set(key, out);
    return out;
  }

  /** The designs of two sets that share none (each design keeps its leaf); throws when they share one. */
  union(a: DesignSet, b: DesignSet): DesignSet {
    if (a === NO_DESIGNS) return b;
    if (b === NO_DESIGNS) return a;
    if (a > b) [a, b] = [b, a];
    const key = a * 2 ** 26 + b;
    let out = this.unions.get(key);
    if (out !== undefined) return out;
    const level = Math.min(this.levels[a]!, this.levels[b]!);
    if (a === b || level === this.points.length) throw new Error('design diagrams: two sets joined as disjoint share a design');
    out = this.node(level, this.options[level]!.map((_, k) => this.union(this.child(a, level, k), this.child(b, level, k))));
    this.unions.set(key, out);
    return out;
  }

  /** The designs `a` and `b` both hold, in a's leaves. */
  intersect(a: DesignSet, b: DesignSet): DesignSet {
    const memo = new Map<number, DesignSet>();
    const walk = (x: DesignSet, y: DesignSet): DesignSet => {
      if (x === NO_DESIGNS || y === NO_DESIGNS) return NO_DESIGNS;
      const level = Math.min(this.levels[x]!, this.levels[y]!);
      if (x === y || level === this.points.length) return x;
      const key = x * 2 ** 26 + y;
      let out = memo.get(key);
      if (out === undefined) {
        out = this.node(level, this.options[level]!.map((_, k) => walk(this.child(x, level, k), this.child(y, level, k))));
        memo.set(key, out);
      }
      return out;
    };
    return walk(a, b);
  }

  /** The designs of `n`, each leaf's value or-ed with `bits` (below 2^12). */
  orLeaves(n: DesignSet, bits: number): DesignSet {
    if (n === NO_DESIGNS || bits === 0) return n;
    const key = n * 4096 + bits;
    let out = this.ored.get(key);
    if (out !== undefined) return out;
    const at = this.levels[n]!;
    out = at === this.points.length ? this.leaf(this.values[n]! | bits) : this.node(at, this.kids[n]!.map((c) => this.orLeaves(c, bits)));
    this.ored.set(key, out);
    return out;
  }

  /** The designs of `n` whose leaf passes `keep`, in leaf `into` (a fresh walk: for results, not for runs). */
  select(n: DesignSet, keep: (value: number) => boolean, into: DesignSet): DesignSet {
    const memo = new Map<DesignSet, DesignSet>();
    const walk = (m: DesignSet): DesignSet => {
      if (m === NO_DESIGNS) return m;
      let out = memo.get(m);
      if (out !== undefined) return out;
      out = this.levels[m] === this.points.length ? (keep(this.values[m]!) ? into : NO_DESIGNS) : this.node(this.levels[m]!, this.kids[m]!.map(walk));
      memo.set(m, out);
      return out;
    };
    return walk(n);
  }

  /** How many designs `n` holds. */
  count(n: DesignSet): number {
    return this.below[0]! / this.below[this.levels[n]!]! * this.countFrom(n);
  }

  /** Designs of `n` counting from its own level down. */
  private countFrom(n: DesignSet): number {
    if (n === NO_DESIGNS) return 0;
    const at = this.levels[n]!;
    if (at === this.points.length) return 1;
    let out = this.counts.get(n);
    if (out !== undefined) return out;
    out = 0;
    for (const c of this.kids[n]!) out += (this.below[at + 1]! / this.below[this.levels[c]!]!) * this.countFrom(c);
    this.counts.set(n, out);
    return out;
  }

  /** The designs of `cube`, in leaf `into`. */
  cube(cube: Cube, into: DesignSet): DesignSet {
    let n = into;
    for (let level = this.points.length - 1; level >= 0; level--) {
      const o = cube[this.points[level]!];
      if (o !== undefined) n = this.restrict(n, level, this.options[level]!.indexOf(o));
    }
    return n;
  }

  /**
   * The designs of the space (decisionsProblem passing, with `base` for the points it does not
   * vary), in leaf `into`.
   */
  designs(base: Decisions, into: DesignSet): DesignSet {
    const varied = CONSTRAINED_POINTS.filter((p) => this.levelOf(p) !== undefined);
    let combos: Cube[] = [{}];
    for (const p of varied) combos = combos.flatMap((c) => this.space[p]!.map((o) => ({ ...c, [p]: o })));
    return combos.filter((c) => decisionsProblem({ ...base, ...c }) === null).reduce((set, c) => this.union(set, this.cube(c, into)), NO_DESIGNS);
  }

  /**
   * A set that holds the designs of `n` among those of `care`, and as it pleases outside them,
   * with as few points decided as it can: a point where only one option leads to designs of
   * `care` is not decided at all, and an option that leads to none goes where the first that
   * does goes (Coudert and Madre's restrict, over options). `n` is part of `care`, and both are in
   * one leaf, `into`.
   */
  simplify(n: DesignSet, care: DesignSet, into: DesignSet): DesignSet {
    const memo = new Map<number, DesignSet>();
    const walk = (f: DesignSet, c: DesignSet): DesignSet => {
      if (f === NO_DESIGNS) return f;
      if (f === c || this.levels[f] === this.points.length) return into;
      const level = Math.min(this.levels[f]!, this.levels[c]!);
      const key = f * 2 ** 26 + c;
      let out = memo.get(key);
      if (out !== undefined) return out;
      const cared: number[] = [];
      const kids = this.options[level]!.map((_, k) => {
        const ck = this.child(c, level, k);
        if (ck === NO_DESIGNS) return -1;
        cared.push(k);
        return walk(this.child(f, level, k), ck);
      });
      const first = kids[cared[0]!]!;
      out = this.node(level, kids.map((k) => (k < 0 ? first : k)));
      memo.set(key, out);
      return out;
    };
    return walk(n, care);
  }

  /** Disjoint cubes that between them hold the designs of `n`: one per path from the root to a leaf, a skipped point free. */
  cubes(n: DesignSet): Cube[] {
    const out: Cube[] = [];
    const walk = (m: DesignSet, cube: Cube): void => {
      if (m === NO_DESIGNS) return;
      const at = this.levels[m]!;
      if (at === this.points.length) out.push(cube);
      else this.kids[m]!.forEach((c, k) => walk(c, { ...cube, [this.points[at]!]: this.options[at]![k]! }));
    };
    walk(n, {});
    return out;
  }

  /** Nodes made so far. */
  get size(): number {
    return this.levels.length;
  }
}
