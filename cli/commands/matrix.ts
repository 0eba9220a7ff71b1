/**
 * kdump-sme matrix: the support table for a design, derived by running the model for each of the
 * four SME pairs, beside the pairs the design claims.
 */
import { platformOfRow, SUPPORT_ROWS } from '../../model/design/design.ts';
import { type MatrixRow, matrixOk, matrixRowAsync } from '../../properties/matrix.ts';
import { formatOption, HELP_OPTION, parseCommandLine, runsOption, seedOption } from '../args.ts';
import { loadDesign } from '../design-input.ts';
import { EXIT } from '../exit-codes.ts';
import { matrixJson, matrixText } from '../format/matrix.ts';
import type { Command, Io } from '../io.ts';
import { platformsOption } from '../pairs.ts';
import { progress } from '../progress.ts';

export const DEFAULT_MATRIX_RUNS = 300;

const OPTIONS = { ...HELP_OPTION, design: { type: 'string' }, platform: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, format: { type: 'string' }, why: { type: 'boolean' } } as const;

const USAGE = `usage: kdump-sme matrix [options]

Derive the support table of a design by checking it under each of the four SME pairs
(first kernel SME on/off x kdump kernel SME on/off) of an SME host and in an SEV guest (one
row: both kernels run with SEV), beside the rows the design claims.

  --design <preset|file.json>  the design (default sme-kdump-v7)
  --platform sme-host|sev-guest  only that platform's rows (default: both)
  --runs N                     generated environments per row (default ${DEFAULT_MATRIX_RUNS})
  --seed N                     32-bit seed (default 1)
  --format text|json           output (default text)
  --why                        for each row not supported, each property that broke it with
                                 the first read that got garbage (from its shrunk counterexample)

exit: 0 every claimed row is supported (rows that work but are not claimed are reported
      as findings); 1 a claimed row fails; 2 bad usage or input; 130 interrupted
`;

async function run(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandLine(args, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const design = loadDesign(values.design, io.cwd);
  const runs = runsOption(values.runs, DEFAULT_MATRIX_RUNS);
  const seed = seedOption(values.seed);
  const format = formatOption(values.format);
  const started = Date.now();
  const bar = progress(io, 'matrix', 'rows');
  const wanted = platformsOption(values.platform);
  const selected = SUPPORT_ROWS.filter((r) => wanted.includes(platformOfRow(r)));
  const rows: MatrixRow[] = [];
  for (const pair of selected) {
    const row = await matrixRowAsync(design, pair, runs, seed, () => io.signal?.aborted === true, values.why === true);
    if (row === null) break;
    rows.push(row);
    bar.update(rows.length, selected.length);
  }
  bar.finish();
  const output = { design, seed, runs, rows, rowsWanted: selected.length, why: values.why === true, interrupted: rows.length < selected.length };
  io.stdout(format === 'json' ? matrixJson(output) : matrixText(output, Date.now() - started));
  if (output.interrupted) return EXIT.interrupted;
  return matrixOk(rows) ? EXIT.ok : EXIT.failed;
}

export const matrix: Command = { name: 'matrix', summary: 'derive the support matrix: the four SME pairs and the SEV guest', usage: USAGE, run };
