/**
 * The exploration with its rows on worker threads (exploreOnWorkers, properties/explore.ts) gives
 * exploreSteps' result, and stops when asked.
 */
import { expect, it } from 'vitest';
import { explore, exploreAsync, exploreOnWorkers, PARALLEL_FROM, SPLIT_AT } from '../../properties/explore.ts';
import { preset } from '../../scenarios/designs/index.ts';

// kexec.syscall among the points varied, so that the rows are explored in parts (SPLIT_AT).
const options = { base: preset('sme-kdump-v7').decisions, runs: 20, seed: 3, vary: ['kexec.crashControlPages', 'kexec.syscall', 'vmcore.notesRead', 'vmcore.oldmemRead'] as const, by: ['vmcore.notesRead', 'vmcore.oldmemRead'] as const };

it('on two worker threads, each row in parts, the same result as on this one, with progress to the end', async () => {
  expect(options.vary).toContain(SPLIT_AT);
  const seen: number[] = [];
  const rowsDone: string[] = [];
  const parallel = await exploreOnWorkers({ ...options, onProgress: (done, total) => seen.push(done / total) }, 2, (pair) => rowsDone.push(pair));
  const alone = explore(options);
  // The same verdicts and cubes; the parts make again only the runs that stop before reading SPLIT_AT (at the crash kernel's load).
  expect({ ...parallel, runsMade: 0, designsPerRun: 0 }).toEqual({ ...alone, runsMade: 0, designsPerRun: 0 });
  expect(parallel.runsMade).toBeGreaterThanOrEqual(alone.runsMade!);
  expect(parallel.runsMade).toBeLessThanOrEqual(alone.runsMade! * 1.1);
  expect(alone.pairs.some((p) => (p.supportedCubes ?? []).length > 1)).toBe(true);
  expect(rowsDone.sort()).toEqual(['off/off', 'off/on', 'on/off', 'on/on', 'sev']);
  expect(seen.at(-1)).toBe(1);
  expect(seen.slice(0, -1).every((f) => f < 1)).toBe(true);
});

it('asked to stop, the workers end and the result says it was interrupted', async () => {
  let asked = 0;
  const r = await exploreOnWorkers({ ...options, runs: 500, shouldStop: () => ++asked > 3 }, 2);
  expect(r.interrupted).toBe(true);
  expect(r.pairs.filter((p) => p.supportedCount > 0).length).toBeLessThan(5);
});

it('exploreAsync with two workers on a space smaller than PARALLEL_FROM: the same result', async () => {
  expect(PARALLEL_FROM).toBeGreaterThan(512);
  expect(await exploreAsync(options, 2)).toEqual(explore(options));
});
