/**
 * kdump-sme history: the fixes from the history of the kernel and kexec-tools kept as cases
 * (scenarios/history), or the case files given; for each, whether the model catches the bug in
 * the design before the fix and clears the design after it. Exit 1 when one is not told apart.
 */
import { checkHistoryCase, type HistoryCase, HistoryError, historyOk, parseHistoryCase } from '../../properties/history.ts';
import { lookupPreset } from '../../scenarios/designs/index.ts';
import { historyCases } from '../../scenarios/history/index.ts';
import { formatOption, HELP_OPTION, parseCommandLine, runsOption, seedOption } from '../args.ts';
import { DEFAULT_OUT, outOption, writeCounterexample } from '../counterexamples.ts';
import { EXIT } from '../exit-codes.ts';
import { writing } from '../files.ts';
import { historyJson, historyText } from '../format/history.ts';
import type { Command, Io } from '../io.ts';
import { parseJsonFile } from '../json-input.ts';

export const DEFAULT_HISTORY_RUNS = 200;

const OPTIONS = { ...HELP_OPTION, runs: { type: 'string' }, seed: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } as const;

const USAGE = `usage: kdump-sme history [case.json ...] [options]

For each fix kept in scenarios/history (or each case file given), check the design before the
fix and the design after it in the SME pair where the bug was seen: the case passes when the
property it names is violated before and holds after. The counterexample before each fix is
written to --out. A case file names project, commit, subject, seen, property, pair, and the
designs "before" and "after" as design files (see docs/commands.md, "kdump-sme history").

  --runs N             generated environments per design (default ${DEFAULT_HISTORY_RUNS})
  --seed N             32-bit seed (default 1)
  --format text|json   output (default text)
  --out DIR            where counterexample files go (default ${DEFAULT_OUT})

exit: 0 every case told apart; 1 some case not; 2 bad usage or a bad case file
`;

const load = (file: string, io: Io): HistoryCase => parseJsonFile(file, io.cwd, (json) => parseHistoryCase(json, file, lookupPreset), HistoryError);

function run(args: readonly string[], io: Io): number {
  const { values, positionals } = parseCommandLine(args, OPTIONS, true);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const runs = runsOption(values.runs, DEFAULT_HISTORY_RUNS);
  const seed = seedOption(values.seed);
  const format = formatOption(values.format);
  const out = outOption(values.out, io.cwd);
  const cases = positionals.length === 0 ? historyCases().map((c) => c.case) : positionals.map((f) => load(f, io));
  const started = Date.now();
  const outcomes = cases.map((c) => checkHistoryCase(c, runs, seed));
  const files = outcomes.map((o) => {
    const cx = o.before.counterexample;
    return cx === null ? null : writing(`--out ${out}`, () => writeCounterexample(cx, seed, out, io.cwd));
  });
  io.stdout(format === 'json' ? historyJson(outcomes, files, runs, seed) : historyText(outcomes, files, runs, seed, Date.now() - started));
  return outcomes.every(historyOk) ? EXIT.ok : EXIT.failed;
}

export const history: Command = { name: 'history', summary: 'check that the model catches each fix kept from kernel and kexec-tools history', usage: USAGE, run };
