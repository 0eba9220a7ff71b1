/** The output of `kdump-sme matrix`: the derived support table beside the design's claims. */
import type { Design } from '../../model/design/design.ts';
import { failingProperties, type MatrixRow, matrixOk } from '../../properties/matrix.ts';
import { describeObservation } from '../../properties/trace.ts';
import { rowParts } from '../pairs.ts';
import { designJson, jsonText } from './json.ts';
import { seconds, table } from './table.ts';

export interface MatrixOutput {
  readonly design: Design;
  readonly seed: number;
  readonly runs: number;
  readonly rows: readonly MatrixRow[];
  /** How many rows were asked for (fewer are done when interrupted). */
  readonly rowsWanted: number;
  /** Explain each row not supported (`--why`). */
  readonly why: boolean;
  readonly interrupted: boolean;
}

/** Why a row fails, per property that broke it: its verdict and the first read that got garbage, if its counterexample shows one. */
export interface WhyEntry {
  readonly property: string;
  readonly verdict: string;
  /** The step (1-based) and stage of the read, and the read in a line. */
  readonly step: number | null;
  readonly stage: string | null;
  readonly read: string;
}

export function whyRow(r: MatrixRow): WhyEntry[] {
  return failingProperties(r.result).map((p): WhyEntry => {
    const base = { property: p.property.id, verdict: p.verdict, step: null, stage: null };
    if (!p.applies) return { ...base, read: `exercised in ${p.exercised} of ${r.result.runs} runs, but it means nothing on this platform` };
    if (p.verdict === 'unreached') return { ...base, read: `never exercised in ${r.result.runs} runs` };
    const cx = p.counterexample;
    if (cx === null) return { ...base, read: 'violated, but no counterexample was found again to shrink' };
    const o = cx.observation;
    return { ...base, step: o.step + 1, stage: cx.run.steps[o.step]?.stage ?? null, read: describeObservation(o) };
  });
}

/** Under each row not supported, a line per property that broke it. */
function whyLines(rows: readonly MatrixRow[]): string[] {
  return rows.filter((r) => !r.supported).flatMap((r) => [
    '',
    `why ${r.pair} is not supported (each property that broke it; the read is the first wrong one of its shrunk counterexample):`,
    ...whyRow(r).map((w) => `  ${w.property}: ${w.step === null ? w.read : `step ${w.step} [${w.stage}] ${w.read}`}`),
  ]);
}

export function matrixJson(m: MatrixOutput): string {
  return jsonText({
    design: designJson(m.design),
    seed: m.seed,
    runs: m.runs,
    interrupted: m.interrupted,
    rows: m.rows.map((r) => ({
      ...rowParts(r.pair),
      claimed: r.claimed,
      supported: r.supported,
      violated: [...r.violated],
      unreached: [...r.unreached],
      knownLimitations: [...r.knownLimitations],
      ...(m.why ? { why: r.supported ? [] : whyRow(r) } : {}),
    })),
    ok: matrixOk(m.rows),
  });
}

/** A row where the claim and the model disagree, in words; '' where they agree. */
export function disagreement(r: MatrixRow): string {
  if (r.claimed && !r.supported) return 'ERROR: claimed, but fails';
  if (!r.claimed && r.supported) return 'FINDING: works, but not claimed';
  return '';
}

/** The properties that keep a row from being supported: those violated, and how many were never reached. */
function failing(r: MatrixRow): string {
  const unreached = r.unreached.length === 0 ? [] : [`${r.unreached.length} unreached`];
  return [...r.violated, ...unreached].join(', ') || '-';
}

function rowsTable(rows: readonly MatrixRow[]): string[] {
  return table(
    ['PLATFORM', 'FIRST KERNEL SME', 'KDUMP KERNEL SME', 'CLAIMED', 'DERIVED', 'NOTE', 'FAILING PROPERTIES', 'KNOWN LIMITATIONS SEEN'],
    rows.map((r) => {
      const { platform, firstKernelSme, kdumpKernelSme } = rowParts(r.pair);
      const derived = r.supported ? 'supported' : 'not supported';
      return [platform, firstKernelSme, kdumpKernelSme, r.claimed ? 'yes' : 'no', derived, disagreement(r) || '-', failing(r), r.knownLimitations.join(', ') || '-'];
    }),
  );
}

/** The properties never reached in each row (the run stopped before them, or nothing exercised them). */
function unreachedLines(rows: readonly MatrixRow[]): string[] {
  const lines = rows.filter((r) => r.unreached.length > 0).map((r) => `unreached in ${r.pair}: ${r.unreached.join(', ')}`);
  return lines.length === 0 ? [] : ['', ...lines];
}

function summary(m: MatrixOutput, elapsedMs: number): string {
  const time = `(${seconds(elapsedMs)})`;
  if (m.interrupted) return `INTERRUPTED after ${m.rows.length} of ${m.rowsWanted} rows ${time}`;
  const errors = m.rows.filter((r) => r.claimed && !r.supported).length;
  const findings = m.rows.filter((r) => !r.claimed && r.supported).length;
  const found = findings === 0 ? '' : `; ${findings} pair(s) work but are not claimed`;
  return errors === 0 ? `OK: every claimed pair is supported${found} ${time}` : `FAILED: ${errors} claimed pair(s) fail${found} ${time}`;
}

export function matrixText(m: MatrixOutput, elapsedMs: number): string {
  const lines = [
    `kdump-sme matrix: design ${m.design.name}; ${m.runs} runs per row; seed ${m.seed}`,
    '',
    ...rowsTable(m.rows),
    ...unreachedLines(m.rows),
    ...(m.why ? whyLines(m.rows) : []),
    '',
    summary(m, elapsedMs),
  ];
  return `${lines.join('\n')}\n`;
}
