/**
 * The history cases (scenarios/history): each file parses, is named by its project and commit,
 * and is told apart by running the model: the design before the fix breaks the named property in
 * the pair where the bug was seen, the design after it holds there.
 */
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { checkHistoryCase, historyFileName, HistoryError, parseHistoryCase } from '../../properties/history.ts';
import { lookupPreset } from '../../scenarios/designs/index.ts';
import { HISTORY_JSON, historyCases } from '../../scenarios/history/index.ts';

const cases = historyCases();

it('every case file in scenarios/history is listed in its index, and named by its project and commit', () => {
  const onDisk = readdirSync(new URL('../../scenarios/history/', import.meta.url)).filter((f) => f.endsWith('.json')).sort();
  expect(Object.keys(HISTORY_JSON).sort()).toEqual(onDisk);
  for (const { file, case: c } of cases) expect(file).toBe(historyFileName(c));
});

const fixes = cases.filter((c) => c.case.kind === 'fix');
const refinements = cases.filter((c) => c.case.kind === 'refinement');

it.each(fixes)('$file: the design before the fix breaks its property, the design after it holds', ({ case: c }) => {
  const o = checkHistoryCase(c, 200, 1);
  expect(o.before.verdict).toBe('violated');
  expect(o.before.counterexample).not.toBeNull();
  expect(o.after.verdict).toBe('holds');
  expect(o.after.exercised).toBeGreaterThan(0);
});

it.each(refinements)('$file: a refinement: the design before the change and the design after it both hold, exercised', ({ case: c }) => {
  const o = checkHistoryCase(c, 200, 1);
  expect([o.before.verdict, o.after.verdict]).toEqual(['holds', 'holds']);
  expect(o.before.exercised).toBeGreaterThan(0);
  expect(o.after.exercised).toBeGreaterThan(0);
  expect(o.caught && o.cleared).toBe(true);
});

it('the refinements are what they claim: with no flush at all, or no WBINVD on the stopped CPUs, their property breaks', () => {
  const flush = refinements.find((c) => c.file === 'linux-75d1cc0e05af.json')!.case;
  const none = { ...flush, after: { ...flush.after, decisions: { ...flush.after.decisions, 'mm.encDecFlush': 'none' as const } } };
  expect(checkHistoryCase(none, 200, 1).after.verdict).toBe('violated');
  const wbinvd = refinements.find((c) => c.file === 'linux-83214a775f33.json')!.case;
  const unflushed = { ...wbinvd, after: { ...wbinvd.after, decisions: { ...wbinvd.after.decisions, 'crash.stopCpusWbinvd': 'never' as const } } };
  expect(checkHistoryCase(unflushed, 200, 1).after.verdict).toBe('violated');
});

it('the counterexample before the kexec-tools fix names the "Reserved" range and the table read from it', () => {
  const o = checkHistoryCase(cases.find((c) => c.case.project === 'kexec-tools')!.case, 200, 1);
  const wrong = o.before.counterexample!.trace.find((l) => l.includes('>> WRONG'))!;
  expect(wrong).toMatch(/(SMBIOS entry point|DMI table|RSDP) \(in "Reserved" \[0x[0-9a-f]+-0x[0-9a-f]+\]\)/);
  expect(o.before.counterexample!.trace.join('\n')).toContain('left out: "Reserved"');
});

const good = HISTORY_JSON['linux-980621daf368.json'] as Record<string, unknown>;
const refusal = (edit: Record<string, unknown>): string => {
  try {
    parseHistoryCase({ ...good, ...edit }, 'mine.json', lookupPreset);
  } catch (e) {
    if (e instanceof HistoryError) return e.message;
    throw e;
  }
  return 'accepted';
};

it.each([
  [{ commit: '980621daf368' }, /mine.json: "commit": expected the commit's full 40-digit hash/],
  [{ property: 'KDUMP-EVERYTHING' }, /mine.json: unknown property "KDUMP-EVERYTHING" \(known: KEXEC-CONTROL, /],
  [{ pair: 'on/maybe' }, /mine.json: "pair": /],
  [{ after: good['before'] }, /mine.json: "before" and "after" pick the same option at every decision point/],
  [{ before: { name: 'x', decisions: {} } }, /mine.json: before: "supports" is missing|mine.json: before: no option for/],
  [{ fixedIn: '5.3' }, /mine.json: unknown key "fixedIn"|mine.json: .*fixedIn/],
] as [Record<string, unknown>, RegExp][])('a bad case file is one line naming the file: %o', (edit, says) => {
  expect(refusal(edit)).toMatch(says);
});
