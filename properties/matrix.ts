/**
 * The support matrix, derived by running the model: for each (first kernel SME, kdump kernel SME)
 * pair, is kdump supported under a design? Supported means every property expected to hold was
 * exercised and held. Beside it, what the design claims.
 */
import { type Design, SUPPORT_ROWS, type SupportRow } from '../model/design/design.ts';
import { check, checkAsync, type CheckOptions, type CheckResult } from './check.ts';

export interface MatrixRow {
  readonly pair: SupportRow;
  readonly claimed: boolean;
  readonly supported: boolean;
  readonly violated: readonly string[];
  readonly unreached: readonly string[];
  /** Known limitations that showed up in this pair. */
  readonly knownLimitations: readonly string[];
  readonly result: CheckResult;
}

/**
 * The properties that keep a check's row from being supported: one expected to hold that means
 * something on the platform and did not hold (violated or never exercised), or one that means
 * nothing there and was exercised anyway.
 */
export const failingProperties = (result: CheckResult): CheckResult['properties'][number][] =>
  result.properties.filter((p) => (p.applies ? p.property.expectation.kind === 'holds' && p.verdict !== 'holds' : !p.met));

/** Every property expected to hold that means something on the platform holds; one that means nothing there is unreached. */
export const supportedBy = (result: CheckResult): boolean => failingProperties(result).length === 0;

function rowOf(design: Design, pair: SupportRow, result: CheckResult): MatrixRow {
  const ids = (f: (p: CheckResult['properties'][number]) => boolean) => result.properties.filter(f).map((p) => p.property.id);
  return {
    pair,
    claimed: design.supports.includes(pair),
    supported: supportedBy(result),
    violated: ids((p) => (p.verdict === 'violated' && p.property.expectation.kind === 'holds') || (!p.applies && !p.met)),
    unreached: ids((p) => p.verdict === 'unreached' && p.applies),
    knownLimitations: ids((p) => p.verdict === 'violated' && p.property.expectation.kind === 'known-limitation'),
    result,
  };
}

/** A row needs verdicts, not counterexamples: its check shrinks only when asked why a row fails. */
const rowCheck = (design: Design, pair: SupportRow, runs: number, seed: number, why = false): CheckOptions => ({ design, pairs: [pair], runs, seed, shrink: why });

export function matrixRow(design: Design, pair: SupportRow, runs: number, seed: number): MatrixRow {
  return rowOf(design, pair, check(rowCheck(design, pair, runs, seed)));
}

/**
 * A row, giving the event loop a turn between batches; null when `shouldStop` ended it early.
 * With `why`, each property that broke the row carries its shrunk counterexample.
 */
export async function matrixRowAsync(design: Design, pair: SupportRow, runs: number, seed: number, shouldStop: () => boolean, why = false): Promise<MatrixRow | null> {
  const result = await checkAsync({ ...rowCheck(design, pair, runs, seed, why), shouldStop });
  return result.interrupted ? null : rowOf(design, pair, result);
}

export function supportMatrix(design: Design, runs: number, seed: number): MatrixRow[] {
  return SUPPORT_ROWS.map((pair) => matrixRow(design, pair, runs, seed));
}

/** A claimed pair that fails is an error; a working pair not claimed is a finding. */
export const matrixOk = (rows: readonly MatrixRow[]): boolean => rows.every((r) => !r.claimed || r.supported);
