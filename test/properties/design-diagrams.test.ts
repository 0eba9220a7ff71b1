/**
 * Sets of designs as decision diagrams (properties/design-diagrams.ts), against the designs they
 * stand for listed one by one: random sets of a small space, made of random cubes.
 */
import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';
import { DECISION_POINT_NAMES, type DecisionPoint, type Decisions } from '../../model/design/registry.ts';
import { type Cube, cubeDesigns, cubeSize, holds, type Space, spaceOf, variedPoints } from '../../properties/cubes.ts';
import { DesignDiagrams, type DesignSet, NO_DESIGNS } from '../../properties/design-diagrams.ts';
import { preset } from '../../scenarios/designs/index.ts';

const base = preset('sme-kdump-v7').decisions;
const key = (d: Decisions): string => DECISION_POINT_NAMES.map((p) => d[p]).join(',');

/** A space of four to six points, the constrained ones among the candidates, and cubes of it. */
const spaceArb = fc.shuffledSubarray(['handoff.firstKernelSme', 'vmcore.notesRead', 'vmcore.oldmemRead', 'kexec.crashControlPages', 'dumptool.smeMask', 'kexec.syscall', 'mm.encDecFlush'] as DecisionPoint[], { minLength: 4, maxLength: 6 }).map((vary) => spaceOf(vary));
const cubeArb = (space: Space): fc.Arbitrary<Cube> =>
  fc.record(Object.fromEntries(variedPoints(space).map((p) => [p, fc.option(fc.constantFrom(...space[p]!), { nil: undefined })])), { requiredKeys: [] }).map((c) => Object.fromEntries(Object.entries(c).filter(([, o]) => o !== undefined)) as Cube);
const caseArb = spaceArb.chain((space) => fc.record({ space: fc.constant(space), cubes: fc.array(cubeArb(space), { maxLength: 6 }), split: fc.constantFrom(...variedPoints(space)) }));

/** The designs of the space (decisionsProblem passing) that some cube holds, as keys. */
const designsOf = (space: Space, cubes: readonly Cube[]): Set<string> => new Set(cubeDesigns({}, space, base).filter((d) => cubes.some((c) => holds(c, d))).map(key));

/** The set the cubes hold, among the designs of the space. */
function setOf(d: DesignDiagrams, cubes: readonly Cube[]): DesignSet {
  expect(d.count(d.designs(base, d.leaf(0)))).toBe(cubeSize({}, d.space, base));
  // Design by design, each once (cubes may overlap, and a union is of sets that do not).
  const designs = new Map(cubes.flatMap((c) => cubeDesigns(c, d.space, base)).map((x) => [key(x), x]));
  let out = NO_DESIGNS;
  for (const x of designs.values()) out = d.union(out, d.cube(Object.fromEntries(variedPoints(d.space).map((p) => [p, x[p]])), d.leaf(0)));
  return out;
}

const listed = (d: DesignDiagrams, set: DesignSet): Set<string> => new Set(d.cubes(set).flatMap((c) => cubeDesigns(c, d.space, base)).map(key));

test.prop([caseArb])('counts, splits by option and the cubes of a set are those of its designs listed', ({ space, cubes, split }) => {
  const d = new DesignDiagrams(space);
  const set = setOf(d, cubes);
  const want = designsOf(space, cubes);
  expect(d.count(set)).toBe(want.size);
  expect(listed(d, set)).toEqual(want);
  const level = d.levelOf(split)!;
  const picks = d.picks(set, level);
  let total = 0;
  space[split]!.forEach((o, k) => {
    const part = d.restrict(set, level, k);
    const wanted = [...want].filter((w) => w.split(',')[DECISION_POINT_NAMES.indexOf(split)] === o);
    expect(d.count(part)).toBe(wanted.length);
    expect((picks >> k) & 1).toBe(wanted.length > 0 ? 1 : 0);
    total += d.count(part);
  });
  expect(total).toBe(want.size);
  // The parts joined are the set again, the same node.
  const parts = space[split]!.map((_, k) => d.restrict(set, level, k));
  expect(parts.reduce((a, b) => d.union(a, b), NO_DESIGNS)).toBe(set);
  // Kept alone, the set is the same designs in fewer nodes, and made again it is the node kept.
  const before = d.size;
  const kept = d.keepOnly(set);
  expect(d.size).toBeLessThanOrEqual(before);
  expect(listed(d, kept)).toEqual(want);
  expect(setOf(d, cubes)).toBe(kept);
});

test.prop([caseArb])('simplify: among the designs, the same set; its cubes are disjoint', ({ space, cubes }) => {
  const d = new DesignDiagrams(space);
  const set = setOf(d, cubes);
  const simple = d.simplify(set, d.designs(base, d.leaf(0)), d.leaf(0));
  const found = d.cubes(simple).flatMap((c) => cubeDesigns(c, space, base)).map(key);
  expect(new Set(found).size).toBe(found.length);
  expect(new Set(found)).toEqual(designsOf(space, cubes));
});

it('leaves: or-ing bits into them, and selecting by them', () => {
  const space = spaceOf(['vmcore.notesRead', 'kexec.syscall']);
  const d = new DesignDiagrams(space);
  const all = d.designs(base, d.leaf(0));
  const level = d.levelOf('kexec.syscall')!;
  const marked = d.union(d.orLeaves(d.restrict(all, level, 0), 0b101), d.restrict(all, level, 1));
  expect(d.count(marked)).toBe(cubeSize({}, space, base));
  expect(d.count(marked)).toBeGreaterThan(d.count(d.restrict(all, level, 0)));
  const selected = d.select(marked, (bits) => bits === 0b101, d.leaf(1));
  expect(listed(d, selected)).toEqual(new Set(cubeDesigns({ 'kexec.syscall': space['kexec.syscall']![0]! }, space, base).map(key)));
  expect(() => d.union(all, selected)).toThrow(/share a design/);
});
