/** The output of `kdump-sme matrix`: the derived support table beside the design's claims. */
import type { Design } from '../../model/design/design.ts';
import { type MatrixRow, matrixOk } from '../../properties/matrix.ts';
import { rowParts } from '../pairs.ts';
import { designJson, jsonText } from './json.ts';
import { seconds, table } from './table.ts';

export interface MatrixOutput {
  readonly design: Design;
  readonly seed: number;
  readonly runs: number;
  readonly rows: readonly MatrixRow[];
  readonly interrupted: boolean;
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
  if (m.interrupted) return `INTERRUPTED after ${m.rows.length} of 4 rows ${time}`;
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
    '',
    summary(m, elapsedMs),
  ];
  return `${lines.join('\n')}\n`;
}
