/**
 * kdump-sme explore: every combination of the options of the points varied (the series' nine
 * unless `--vary`/`--fix` say otherwise; the rest from `--design`), each checked under the four
 * SME pairs; which designs are fully supported in each pair, and which options they share.
 */
import { availableParallelism } from 'node:os';
import { formatOption, HELP_OPTION, parseCommandLine, runsOption, seedOption } from '../args.ts';
import { loadDesign } from '../design-input.ts';
import { EXIT } from '../exit-codes.ts';
import { exploreAsync } from '../../properties/explore.ts';
import { exploreJson, exploreText } from '../format/explore.ts';
import type { Command, Io } from '../io.ts';
import { progress } from '../progress.ts';
import { designSpaceOption, groupByOption } from '../space.ts';

export const DEFAULT_EXPLORE_RUNS = 100;

const OPTIONS = {
  ...HELP_OPTION,
  runs: { type: 'string' },
  seed: { type: 'string' },
  format: { type: 'string' },
  design: { type: 'string' },
  vary: { type: 'string' },
  fix: { type: 'string', multiple: true },
  by: { type: 'string' },
} as const;

const USAGE = `usage: kdump-sme explore [options]

Check every combination of the options of the decision points varied under each of the four SME
pairs and in an SEV guest, and report which designs are fully supported in which rows, and for each
point varied the option every supported design shares. By default the points varied are the
series' nine (the kexec., kdump. and vmcore. points) with the options the series argued over;
--vary explores every option of the points it names. Every other point keeps the option of
--design. Long: progress is shown when stderr is a terminal.

  --design <preset|file.json>  the options of the points not varied (default sme-kdump-v7)
  --vary P1,P2,...     vary exactly these decision points, every option (default: the series' nine;
                         all: every decision point)
  --fix P=OPTION       keep P at OPTION (repeatable; taken out of the default --vary)
  --by P1,P2,...       also count, for each combination of the options of these varied points,
                         the supported designs per row: which rows each choice can support
  --runs N             generated environments per design and pair (default ${DEFAULT_EXPLORE_RUNS})
  --seed N             32-bit seed (default 1)
  --format text|json   output (default text)

exit: 0 done; 2 bad usage; 130 interrupted (Ctrl-C), after printing what was found
`;

async function run(args: readonly string[], io: Io): Promise<number> {
  const { values } = parseCommandLine(args, OPTIONS);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const runs = runsOption(values.runs, DEFAULT_EXPLORE_RUNS);
  const seed = seedOption(values.seed);
  const format = formatOption(values.format);
  const { base, vary, only } = designSpaceOption(loadDesign(values.design, io.cwd), values.vary, values.fix);
  const by = groupByOption(values.by, vary);
  const started = Date.now();
  const bar = progress(io, 'explore', 'environments x rows');
  // A large space spreads its rows over the machine's cores (exploreAsync says from how large).
  const result = await exploreAsync({ base, vary, only, by, runs, seed, onProgress: bar.update, shouldStop: () => io.signal?.aborted === true }, availableParallelism());
  bar.finish();
  io.stdout(format === 'json' ? exploreJson(result) : exploreText(result, Date.now() - started));
  return result.interrupted ? EXIT.interrupted : EXIT.ok;
}

export const explore: Command = { name: 'explore', summary: 'check every combination of decision options under the four SME pairs', usage: USAGE, run };
