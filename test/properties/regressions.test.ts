/**
 * Every pinned counterexample replays in one run with the verdict it was found with, and reads
 * as it did: the step-by-step trace a reader finds in the file is the one the model gives now.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { replay } from '../../properties/counterexample-file.ts';
import { pinnedCounterexamples, REGRESSIONS_DIR } from '../../scenarios/regressions/index.ts';

const pinned = pinnedCounterexamples();

it('there are pinned counterexamples', () => {
  expect(pinned.length).toBeGreaterThan(0);
});

it.each(pinned)('$file replays with its recorded verdict', ({ saved }) => {
  const r = replay(saved);
  expect(r.verdict).toBe(saved.verdict);
  expect(r.reproduced).toBe(true);
});

// When a change to the model changes what a run does or says, this fails: delete the file and
// pin it again (`npm run regressions:pin`), after reading the new trace.
it.each(pinned)('$file replays with the trace it was pinned with', ({ file, saved }) => {
  const recorded = (JSON.parse(readFileSync(new URL(file, REGRESSIONS_DIR), 'utf8')) as { trace: string[] }).trace;
  expect(recorded.length).toBeGreaterThan(0);
  expect(replay(saved).trace).toEqual(recorded);
});
