/** explore() runs cubes of designs on check's environments and drops a cube at its first broken property; its verdicts are check()'s, design by design. */
import { expect, test } from 'vitest';
import { designSpace, SUPPORT_ROWS } from '../../model/design/design.ts';
import { SERIES_OPTIONS, SERIES_POINTS } from '../../model/design/registry.ts';
import { check } from '../../properties/check.ts';
import { explore } from '../../properties/explore.ts';
import { supportedBy } from '../../properties/matrix.ts';
import { preset } from '../../scenarios/designs/index.ts';

const base = preset('sme-kdump-v7').decisions;

test('every cell of explore() is what check() says of it', () => {
  const runs = 4;
  const seed = 11;
  const result = explore({ base, runs, seed });
  const combos = designSpace(SERIES_POINTS, base, SERIES_OPTIONS);
  for (const [i, pair] of SUPPORT_ROWS.entries()) {
    const expected = combos.filter((decisions) => supportedBy(check({ design: { name: 'cell', supports: [pair], decisions }, pairs: [pair], runs, seed, shrink: false })));
    expect(result.pairs[i]!.pair).toBe(pair);
    expect(result.pairs[i]!.supportedDesigns).toEqual(expected);
  }
  expect(result.interrupted).toBe(false);
});

test('stopped, explore() says so and lists nothing as supported in the pairs it did not finish', () => {
  let asked = 0;
  const result = explore({ base, runs: 50, seed: 1, shouldStop: () => ++asked > 30 });
  expect(result.interrupted).toBe(true);
  expect(result.pairs).toHaveLength(SUPPORT_ROWS.length);
  expect(result.pairs.at(-1)!.supportedDesigns).toEqual([]);
});
