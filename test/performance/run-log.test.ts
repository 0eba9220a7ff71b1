/** The run log (model/kernel/run-log.ts): shared, append-only, and yet every record sees only its own past. */
import { expect, test } from 'vitest';
import { RunRecord } from '../../model/kernel/run-log.ts';
import type { Step } from '../../model/kernel/run.ts';
import { lastOf } from '../../model/memo.ts';

const s = (site: string): Step => ({ stage: 'first-kernel', site, text: site });

test('two records grown from one do not see each other', () => {
  const a = RunRecord.start().withStep(s('a'));
  const ab = a.withStep(s('b'));
  const ac = a.withStep(s('c'));
  const abd = ab.withStep(s('d'));
  expect(a.steps.map((x) => x.site)).toEqual(['a']);
  expect(ab.steps.map((x) => x.site)).toEqual(['a', 'b']);
  expect(ac.steps.map((x) => x.site)).toEqual(['a', 'c']);
  expect(abd.steps.map((x) => x.site)).toEqual(['a', 'b', 'd']);
  expect(Object.isFrozen(abd.frozen().steps)).toBe(true);
});

test('lastOf remembers the last key only, by identity', () => {
  let calls = 0;
  const f = lastOf((k: { n: number }) => ++calls + k.n);
  const k1 = { n: 10 };
  expect([f(k1), f(k1)]).toEqual([11, 11]);
  expect(f({ n: 10 })).toBe(12);
  expect(f(k1)).toBe(13);
});

test('a step text given as a function is written once, when the steps are first read, and never for a run only judged', () => {
  const calls: string[] = [];
  const lazy = (site: string) => ({ stage: 'first-kernel' as const, site, text: () => (calls.push(site), `text of ${site}`) });
  const record = RunRecord.start().withStep(lazy('a')).withStep(s('b')).withStep(lazy('c'));
  const run = record.frozen();
  expect(run.observations).toEqual([]);
  expect(calls).toEqual([]);
  expect(run.steps.map((x) => x.text)).toEqual(['text of a', 'b', 'text of c']);
  expect(run.steps).toBe(run.steps);
  expect(calls).toEqual(['a', 'c']);
  expect(record.steps.map((x) => x.text)).toEqual(['text of a', 'b', 'text of c']);
  expect(calls).toEqual(['a', 'c', 'a', 'c']);
  expect(Object.keys(run)).toEqual(['stages', 'stop', 'halted', 'steps', 'observations']);
});
