/**
 * kdump-sme check: run the property catalog over generated environments for a design, in the SME
 * pairs it claims (or those the flags select); write counterexample files and a JUnit report.
 */
import { resolve } from 'node:path';
import { type CheckResult, checkAsync } from '../../properties/check.ts';
import { HELP_OPTION, MAX_RUNS, parseCommandLine, runsOption, seedOption, timeLimitOption, type TraceFormat, traceFormatOption } from '../args.ts';
import { DEFAULT_OUT, itfTraces, outOption, writeCounterexamples, writeItfTraces } from '../counterexamples.ts';
import { EXIT } from '../exit-codes.ts';
import { loadDesign } from '../design-input.ts';
import { checkOutputPath, checkReplaceable, replaceFile, writing } from '../files.ts';
import { checkJson, checkText } from '../format/check.ts';
import type { ItfTrace } from '../format/itf.ts';
import { JUNIT_MARK, junitXml } from '../format/junit.ts';
import { type Command, type Io, UsageError } from '../io.ts';
import { selectPairs } from '../pairs.ts';
import { progress } from '../progress.ts';
import { stopWhen } from '../stop.ts';

export const DEFAULT_CHECK_RUNS = 1000;

const OPTIONS = {
  ...HELP_OPTION,
  design: { type: 'string' },
  'first-kernel-sme': { type: 'string' },
  'kdump-kernel-sme': { type: 'string' },
  platform: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  'time-limit': { type: 'string' },
  format: { type: 'string' },
  junit: { type: 'string' },
  out: { type: 'string' },
} as const;

const USAGE = `usage: kdump-sme check [options]

Run the property catalog over generated environments for a design, and say whether every
property met its expectation in the SME pairs (and the SEV guest) checked.

  --design <preset|file.json>    the design (default sme-kdump-v7; see 'kdump-sme designs')
  --first-kernel-sme on|off|both SME active in the first kernel; with --kdump-kernel-sme,
  --kdump-kernel-sme on|off|both   selects the pairs to check (default: the design's "supports";
                                   a flag left out is "both" when the other is given)
  --platform sme-host|sev-guest  check the design's claims on one platform; sev-guest checks
                                   the SEV guest's row (both kernels run with SEV: no SME flag)
  --runs N                       generated environments (default ${DEFAULT_CHECK_RUNS}, at most 1000000)
  --seed N                       32-bit seed (default 1); the same seed gives the same result
  --time-limit S                 stop generating after S seconds and report the runs done
                                   (without --runs: as many runs as fit, up to ${MAX_RUNS})
  --format text|json|itf         output (default text); itf: each counterexample as an ITF trace
                                   (Apalache/Quint), one per line, also written to --out as *.itf.json
  --junit FILE                   also write a JUnit XML report (one testcase per property)
  --out DIR                      where counterexample files go (default ./${DEFAULT_OUT})

exit: 0 every property met its expectation; 1 one did not (violated, or never exercised);
      2 bad usage or input; 130 interrupted (Ctrl-C), after printing what was found
`;

/** A JUnit file that --junit may replace: empty, or one kdump-sme wrote. */
const isOurJunit = (old: string): boolean => old === '' || old.includes(JUNIT_MARK);

/** Refuse, before any work, a --junit path that is not a file, or a file it may not replace. */
function checkJunit(path: string, shown: string): void {
  checkOutputPath(path, false, shown);
  writing(shown, () => checkReplaceable(path, isOurJunit, shown));
}

function parse(args: readonly string[], io: Io) {
  const { values } = parseCommandLine(args, OPTIONS);
  if (values.help === true) return null;
  const design = loadDesign(values.design, io.cwd);
  const pairs = selectPairs(design, values['first-kernel-sme'], values['kdump-kernel-sme'], values.platform);
  const timeLimit = timeLimitOption(values['time-limit']);
  const runs = runsOption(values.runs, timeLimit === undefined ? DEFAULT_CHECK_RUNS : MAX_RUNS);
  const seed = seedOption(values.seed);
  const format = traceFormatOption(values.format);
  const out = outOption(values.out, io.cwd);
  if (values.junit === '') throw new UsageError('--junit needs a file name');
  if (values.junit !== undefined) checkJunit(resolve(io.cwd, values.junit), `--junit ${values.junit}`);
  return { design, pairs, runs, seed, timeLimit, format, out, junit: values.junit };
}

type Invocation = NonNullable<ReturnType<typeof parse>>;

/** Write the counterexample files and the JUnit report; nothing when the check was interrupted. */
function writeFiles(result: CheckResult, traces: readonly (ItfTrace | null)[] | null, options: Invocation, io: Io): (string | null)[] {
  if (result.interrupted) return result.properties.map(() => null);
  const files = writing(`--out ${options.out}`, () => writeCounterexamples(result, options.out, io.cwd));
  if (traces !== null) writing(`--out ${options.out}`, () => writeItfTraces(result, traces, options.out, io.cwd));
  const junit = options.junit;
  if (junit !== undefined) {
    const xml = junitXml(result, files);
    writing(`--junit ${junit}`, () => replaceFile(resolve(io.cwd, junit), xml, isOurJunit, `--junit ${junit}`));
  }
  return files;
}

/** What check prints: the text or JSON report, or the ITF trace of each counterexample (`traces`), a line each. */
function output(format: TraceFormat, result: CheckResult, files: readonly (string | null)[], traces: readonly (ItfTrace | null)[] | null, limit: Parameters<typeof checkJson>[2], elapsedMs: number): string {
  if (format === 'json') return checkJson(result, files, limit);
  if (format === 'text' || traces === null) return checkText(result, files, elapsedMs, limit);
  return traces.flatMap((t) => (t === null ? [] : [`${JSON.stringify(t)}\n`])).join('');
}

async function run(args: readonly string[], io: Io): Promise<number> {
  const options = parse(args, io);
  if (options === null) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const started = Date.now();
  const bar = progress(io, 'check', 'runs');
  const { design, pairs, runs, seed, timeLimit } = options;
  const stop = stopWhen(io.signal, timeLimit);
  const stopped = await checkAsync({ design, pairs, runs, seed, shouldStop: stop.shouldStop, onProgress: bar.update });
  bar.finish();
  // Only Ctrl-C is an interruption (exit 130, no files); a time limit ends a check like its last run would.
  const result: CheckResult = { ...stopped, interrupted: stopped.interrupted && stop.reason() === 'interrupted' };
  const limit = timeLimit === undefined ? undefined : { seconds: timeLimit, reached: stopped.interrupted && stop.reason() === 'time-limit' };
  // Each counterexample's ITF trace is made once, for the file and for stdout.
  const traces = options.format === 'itf' ? itfTraces(result) : null;
  const files = writeFiles(result, traces, options, io);
  io.stdout(output(options.format, result, files, traces, limit, Date.now() - started));
  if (result.interrupted) return EXIT.interrupted;
  return result.ok ? EXIT.ok : EXIT.failed;
}

export const check: Command = { name: 'check', summary: 'check a design against the property catalog (what CI gates on)', usage: USAGE, run };
