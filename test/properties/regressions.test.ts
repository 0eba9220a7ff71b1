/** Every pinned counterexample replays in one run with the verdict it was found with. */
import { expect, it } from 'vitest';
import { replay } from '../../properties/counterexample-file.ts';
import { pinnedCounterexamples } from '../../scenarios/regressions/index.ts';

const pinned = pinnedCounterexamples();

it('there are pinned counterexamples', () => {
  expect(pinned.length).toBeGreaterThan(0);
});

it.each(pinned)('$file replays with its recorded verdict', ({ saved }) => {
  const r = replay(saved);
  expect(r.verdict).toBe(saved.verdict);
  expect(r.reproduced).toBe(true);
});
