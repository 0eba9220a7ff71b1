/** The output of `kdump-sme check`: a table of verdicts and each counterexample's trace, or one JSON object. */
import { isSmePair } from '../../model/design/design.ts';
import { environmentToJson } from '../../model/environment-json.ts';
import type { CheckResult, PropertyResult } from '../../properties/check.ts';
import { designJson, jsonText } from './json.ts';
import { indent, seconds, table } from './table.ts';

/** A `--time-limit` in seconds, and whether the check reached it (and so did fewer runs than asked). */
export interface TimeLimit {
  readonly seconds: number;
  readonly reached: boolean;
}

/** The JSON form; `files` holds each property's counterexample file (or null), in order. */
export function checkJson(result: CheckResult, files: readonly (string | null)[], limit?: TimeLimit): string {
  return jsonText({
    design: designJson(result.design),
    pairs: [...result.pairs],
    seed: result.seed,
    runs: result.runs,
    interrupted: result.interrupted,
    timeLimited: limit?.reached === true,
    properties: result.properties.map((p, i) => ({
      id: p.property.id,
      claim: p.property.claim,
      expectation: p.property.expectation.kind,
      verdict: p.verdict,
      exercised: p.exercised,
      applies: p.applies,
      met: p.met,
      counterexample: p.counterexample === null ? null : {
        file: files[i] ?? null,
        environment: environmentToJson(p.counterexample.environment),
        seed: p.counterexample.seed,
        path: p.counterexample.path,
        trace: [...p.counterexample.trace],
      },
    })),
    ok: result.ok,
  });
}

const outcome = (p: PropertyResult): string =>
  !p.met ? 'FAIL'
    : !p.applies ? `ok (${p.property.platforms?.join(', ') ?? ''} only)`
      : p.property.expectation.kind === 'known-limitation' ? 'ok (known limitation)' : 'ok';

/** Why a property failed its expectation, in a line. */
export function failureLine(p: PropertyResult, runs: number): string {
  if (!p.applies) return `${p.property.id} was exercised on a platform where it means nothing (${p.property.platforms?.join(', ') ?? ''} only): the model is wrong`;
  if (p.verdict === 'unreached') return `${p.property.id} was never exercised in ${runs} runs (unreached): the check says nothing about it`;
  return `${p.property.id} is violated, but is expected to hold`;
}

function counterexampleLines(p: PropertyResult, file: string | null): string[] {
  const cx = p.counterexample;
  if (cx === null) return [];
  const known = p.property.expectation.kind === 'known-limitation' ? `known limitation: ${p.property.expectation.reason}` : 'expected to hold';
  return [
    '',
    `counterexample to ${p.property.id} (${known})`,
    `  claim: ${p.property.claim}`,
    `  file: ${file ?? '(not written)'}; fast-check seed ${cx.seed}, path "${cx.path}"`,
    ...indent(cx.trace),
  ];
}

function header(result: CheckResult, limit: TimeLimit | undefined): string {
  const partial = result.interrupted ? ' (interrupted)' : limit?.reached === true ? ` (time limit of ${limit.seconds} s reached)` : '';
  const runs = partial === '' ? `${result.runs} runs` : `${result.runs} of ${result.runsRequested} runs${partial}`;
  const within = limit === undefined || limit.reached ? '' : ` (within the time limit of ${limit.seconds} s)`;
  const smePairs = result.pairs.filter(isSmePair);
  const rows = [...(smePairs.length === 0 ? [] : [`SME pairs (first kernel/kdump kernel) ${smePairs.join(', ')}`]), ...(result.pairs.includes('sev') ? ['SEV guest'] : [])];
  return `kdump-sme check: design ${result.design.name}; ${rows.join(' and ')}; ${runs}${within}; seed ${result.seed}`;
}

function verdictTable(result: CheckResult): string[] {
  return table(
    ['PROPERTY', 'EXPECTATION', 'VERDICT', 'EXERCISED', 'RESULT'],
    result.properties.map((p) => [p.property.id, p.property.expectation.kind, p.verdict, `${p.exercised}/${result.runs}`, outcome(p)]),
  );
}

function summary(result: CheckResult, elapsedMs: number, limit: TimeLimit | undefined): string[] {
  const failed = result.properties.filter((p) => !p.met);
  const time = `(${seconds(elapsedMs)})`;
  if (result.interrupted) return [`INTERRUPTED after ${result.runs} of ${result.runsRequested} runs: verdicts are partial; no files written ${time}`];
  const timeLine = limit?.reached === true ? [`TIME LIMIT of ${limit.seconds} s reached after ${result.runs} of ${result.runsRequested} runs: the verdicts and counts cover the runs done`] : [];
  return [...timeLine, ...verdictSummary(result, failed, time)];
}

function verdictSummary(result: CheckResult, failed: readonly PropertyResult[], time: string): string[] {
  if (failed.length === 0) return [`OK: every property met its expectation ${time}`];
  return [`FAILED: ${failed.length} of ${result.properties.length} properties did not meet their expectation ${time}`, ...failed.map((p) => `  ${failureLine(p, result.runs)}`)];
}

export function checkText(result: CheckResult, files: readonly (string | null)[], elapsedMs: number, limit?: TimeLimit): string {
  const lines = [
    header(result, limit),
    '',
    ...verdictTable(result),
    ...result.properties.flatMap((p, i) => counterexampleLines(p, files[i] ?? null)),
    '',
    ...summary(result, elapsedMs, limit),
  ];
  return `${lines.join('\n')}\n`;
}
