/** The output of `kdump-sme history`: a line per fix, whether the model catches the bug before it and clears the design after it. */
import type { PropertyResult } from '../../properties/check.ts';
import { type HistoryOutcome, historyOk } from '../../properties/history.ts';
import { designJson, jsonText } from './json.ts';
import { seconds } from './table.ts';

const short = (commit: string): string => commit.slice(0, 12);

/** What one side's check said of the case's property, in a few words. */
function said(r: PropertyResult, runs: number): string {
  if (r.verdict === 'unreached') return `${r.verdict} (never exercised in ${runs} runs)`;
  return `${r.verdict} (exercised in ${r.exercised} of ${runs} runs)`;
}

function why(o: HistoryOutcome, runs: number): string {
  const problems: string[] = [];
  if (!o.caught) {
    problems.push(o.case.kind === 'fix'
      ? `the design before the fix is ${said(o.before, runs)}: the model does not catch the bug`
      : `the design before the change is ${said(o.before, runs)}: the model does not hold it before the change`);
  }
  if (!o.cleared) problems.push(`the design after it is ${said(o.after, runs)}: the model does not clear the fix`);
  return problems.join('; ');
}

export function historyText(outcomes: readonly HistoryOutcome[], files: readonly (string | null)[], runs: number, seed: number, elapsedMs: number): string {
  const failed = outcomes.filter((o) => !historyOk(o));
  const lines = [
    `kdump-sme history: ${outcomes.length} fix(es); each design before and after checked in the pair the bug was seen; ${runs} runs a side; seed ${seed}`,
    '',
    ...outcomes.map((o, i) => {
      const c = o.case;
      const head = `${historyOk(o) ? 'OK  ' : 'FAIL'} ${c.project} ${short(c.commit)} ${c.property.id} ${c.pair}: before ${o.before.verdict}, after ${o.after.verdict}${c.kind === 'refinement' ? ' (a refinement: both must hold)' : ''} - ${c.subject}`;
      const cx = files[i] === null || files[i] === undefined ? [] : [`       counterexample before the fix: ${files[i]}`];
      return [head, ...(historyOk(o) ? [] : [`       ${why(o, runs)}`]), ...cx].join('\n');
    }),
    '',
    failed.length === 0
      ? `OK: the model catches each bug and clears each fix (${seconds(elapsedMs)})`
      : `FAILED: ${failed.length} of ${outcomes.length} fix(es) not told apart (${seconds(elapsedMs)})`,
  ];
  return `${lines.join('\n')}\n`;
}

const side = (r: PropertyResult, design: HistoryOutcome['case']['before']) => ({ design: designJson(design), verdict: r.verdict, exercised: r.exercised });

export function historyJson(outcomes: readonly HistoryOutcome[], files: readonly (string | null)[], runs: number, seed: number): string {
  return jsonText({
    runs,
    seed,
    ok: outcomes.every(historyOk),
    cases: outcomes.map((o, i) => ({
      project: o.case.project,
      commit: o.case.commit,
      subject: o.case.subject,
      seen: o.case.seen,
      property: o.case.property.id,
      pair: o.case.pair,
      kind: o.case.kind,
      before: { ...side(o.before, o.case.before), counterexample: files[i] ?? null },
      after: side(o.after, o.case.after),
      caught: o.caught,
      cleared: o.cleared,
      ok: historyOk(o),
    })),
  });
}
