/**
 * Exploring by what runs read (properties/lazy-explore.ts) gives exactly what enumeration gives
 * (properties/explore.ts): on the series' space, and on random subspaces of the grown one.
 */
import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';
import { designSpace } from '../../model/design/design.ts';
import { DECISION_POINT_NAMES, type DecisionPoint, type Decisions, SERIES_OPTIONS, SERIES_POINTS } from '../../model/design/registry.ts';
import { explore, exploreByEnumeration } from '../../properties/explore.ts';
import { cubeDesigns, cubeSize, spaceOf } from '../../properties/cubes.ts';
import { lazyRowSteps } from '../../properties/lazy-explore.ts';
import { runToEnd } from '../../properties/steps.ts';
import { preset, PRESET_NAMES } from '../../scenarios/designs/index.ts';

const key = (d: Decisions): string => DECISION_POINT_NAMES.map((p) => d[p]).join(',');

/** Both explorations of one space: per row, the supported designs of each (the first's from its cubes). */
function both(base: Decisions, vary: readonly DecisionPoint[], only: Readonly<Partial<Record<DecisionPoint, readonly string[]>>>, runs: number) {
  const by = vary.slice(0, 2);
  const enumerated = exploreByEnumeration({ base, vary, only, runs, seed: 1, by });
  const space = spaceOf(vary, only);
  const lazy = explore({ base, vary, only, runs, seed: 1, by });
  expect(lazy.designs).toBe(enumerated.designs);
  // Grouped by two of the points, from the cubes: what enumeration counts design by design.
  expect(lazy.groups).toEqual(enumerated.groups);
  return lazy.pairs.map((row, i) => {
    const cubes = row.supportedCubes!;
    const designs = cubes.flatMap((c) => cubeDesigns(c, space, base)).map(key);
    // The cubes are disjoint, each holds designs, and between them they are the supported designs.
    expect(new Set(designs).size).toBe(designs.length);
    expect(cubes.every((c) => cubeSize(c, space, base) > 0)).toBe(true);
    expect(cubes.reduce((n, c) => n + cubeSize(c, space, base), 0)).toBe(row.supportedCount);
    expect(designs.sort()).toEqual(row.supportedDesigns!.map(key).sort());
    return { pair: row.pair, lazy: row.supportedDesigns!.map(key), enumerated: enumerated.pairs[i]!.supportedDesigns!.map(key) };
  });
}

it('on the series\' space, every row supports exactly the designs enumeration finds', () => {
  for (const r of both(preset('sme-kdump-v7').decisions, SERIES_POINTS, SERIES_OPTIONS, 40)) expect(r.lazy, r.pair).toEqual(r.enumerated);
});

it('explore() explores by reads: enumeration\'s result, in the same order, with the runs it made', () => {
  const options = { base: preset('sme-kdump-v7').decisions, runs: 30, seed: 4 };
  const lazy = explore(options);
  const enumerated = exploreByEnumeration(options);
  const verdicts = (r: typeof lazy) => r.pairs.map(({ pair, supportedCount, supportedDesigns, sharedBySupported }) => ({ pair, supportedCount, supportedDesigns, sharedBySupported }));
  expect(verdicts(lazy)).toEqual(verdicts(enumerated));
  expect(lazy.designs).toBe(enumerated.designs);
  expect(enumerated.pairs.every((p) => p.supportedCubes === null)).toBe(true);
  expect(lazy.runsMade).toBeGreaterThan(0);
  expect(lazy.designsPerRun).toBeGreaterThanOrEqual(1);
  expect(enumerated.runsMade).toBeNull();
  // Without SME nothing the series decides matters: off/off is one cube, every point free.
  expect(lazy.pairs.find((p) => p.pair === 'off/off')!.supportedCubes).toEqual([{}]);
  expect(lazy.designsPerRun! * lazy.runsMade!).toBeGreaterThanOrEqual(512);
});

it('a row whose runs stop early needs fewer runs than designs: without patch 2/4 the on/on runs never reach the kdump kernel', () => {
  const base = preset('sme-kdump-v7-without-patch-2').decisions;
  const vary: DecisionPoint[] = ['vmcore.notesRead', 'vmcore.oldmemRead', 'vmcore.mmapProt', 'dumptool.smeMask'];
  const onOn = both(base, vary, {}, 20).find((r) => r.pair === 'on/on')!;
  expect(onOn.lazy).toEqual([]);
  expect(onOn.enumerated).toEqual([]);
  // 54 designs (the readers needing the SME flag are no designs without the hand-off); the first
  // environment that loads and panics breaks them all in one run.
  const row = runToEnd(lazyRowSteps('on/on', spaceOf(vary), base, 20, 1))!;
  expect(cubeSize({}, spaceOf(vary), base)).toBe(54);
  expect(row.runs).toBeLessThan(54);
});

const subspace = fc.record({
  base: fc.constantFrom(...PRESET_NAMES),
  vary: fc.shuffledSubarray([...DECISION_POINT_NAMES], { minLength: 2, maxLength: 5 }),
});

test.prop([subspace], { numRuns: 6, seed: 22 })('on random subspaces of the grown space, the same designs as enumeration', ({ base, vary }) => {
  const decisions = preset(base).decisions;
  if (designSpace(vary, decisions).length === 0) return;
  for (const r of both(decisions, vary, {}, 12)) expect(r.lazy, `${base} ${vary.join(',')} ${r.pair}`).toEqual(r.enumerated);
});
