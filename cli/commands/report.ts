/**
 * kdump-sme report: check a design as `check` does, derive its support matrix, and write both as
 * one self-contained HTML page with a timeline and a memory map for every counterexample.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SUPPORT_ROWS } from '../../model/design/design.ts';
import { type CheckResult, checkAsync } from '../../properties/check.ts';
import { type ClaimOutcome, checkClaimAsync } from '../../properties/claims.ts';
import { type MatrixRow, matrixRowAsync } from '../../properties/matrix.ts';
import { claims } from '../../scenarios/claims/index.ts';
import { DEFAULT_CLAIMS_RUNS } from './claims.ts';
import { HELP_OPTION, parseCommandLine, runsOption, seedOption } from '../args.ts';
import { loadDesign } from '../design-input.ts';
import { EXIT } from '../exit-codes.ts';
import { checkOutputPath, displayPath, replaceFile } from '../files.ts';
import { type Command, type Io, UsageError } from '../io.ts';
import { selectPairs } from '../pairs.ts';
import { progress } from '../progress.ts';
import { REPORT_GENERATOR, reportHtml } from '../report/page.ts';

/** As `check`. */
const DEFAULT_REPORT_RUNS = 1000;

const OPTIONS = {
  ...HELP_OPTION,
  html: { type: 'string' },
  force: { type: 'boolean' },
  design: { type: 'string' },
  'first-kernel-sme': { type: 'string' },
  'kdump-kernel-sme': { type: 'string' },
  platform: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
} as const;

const USAGE = `usage: kdump-sme report --html FILE [options]

Check a design as 'kdump-sme check' does, derive its support matrix, and write one
self-contained HTML page: the design's decisions and kernel sites, the matrix, the property
verdicts, and for every counterexample its stages, trace and memory map; then the cover
letter's claims as 'kdump-sme claims' checks them, each linked to its counterexample.

  --html FILE                    the page to write (atomically); a report written before is
                                 replaced, any other file only with --force
  --force                        replace FILE even if kdump-sme did not write it
  --design <preset|file.json>    the design (default sme-kdump-v7; see 'kdump-sme designs')
  --first-kernel-sme on|off|both the SME pairs to check, as for 'check' (default: the
  --kdump-kernel-sme on|off|both   design's "supports")
  --platform sme-host|sev-guest  the platform to check, as for 'check'
  --runs N                       generated environments per check, and per pair of the matrix
                                 (default ${DEFAULT_REPORT_RUNS}; the claims run as 'kdump-sme claims'
                                 runs them, ${DEFAULT_CLAIMS_RUNS} runs a check, with --seed)
  --seed N                       32-bit seed (default 1); the same seed gives the same page

exit: 0 written, every property met its expectation; 1 written, one did not;
      2 bad usage or input; 130 interrupted (Ctrl-C), nothing written
`;

const GENERATOR_MARK = `<meta name="generator" content="${REPORT_GENERATOR}">`;

/** May the report replace what is at `path`? Nothing there, an empty file, or a report written before. */
function mayReplace(old: string): boolean {
  return old === '' || old.includes(GENERATOR_MARK);
}

/** Refuse, before any work, to replace a file that is not a report (unless --force). */
function checkReplaceable(path: string, shown: string, force: boolean): void {
  if (force || !existsSync(path)) return;
  let old: string;
  try {
    old = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${shown}: cannot read it to see whether it is a report (${(e as { code?: string }).code ?? String(e)})`);
  }
  if (!mayReplace(old)) throw new UsageError(`${shown} exists and was not written by kdump-sme; refusing to replace it (--force replaces it)`);
}

function parse(args: readonly string[], io: Io) {
  const { values } = parseCommandLine(args, OPTIONS);
  if (values.help === true) return null;
  if (values.html === undefined || values.html === '') throw new UsageError('--html FILE is required (where to write the report)');
  const path = resolve(io.cwd, values.html);
  checkOutputPath(path, false, `--html ${values.html}`);
  checkReplaceable(path, `--html ${values.html}`, values.force === true);
  const design = loadDesign(values.design, io.cwd);
  const pairs = selectPairs(design, values['first-kernel-sme'], values['kdump-kernel-sme'], values.platform);
  return { design, pairs, runs: runsOption(values.runs, DEFAULT_REPORT_RUNS), seed: seedOption(values.seed), path, shown: values.html, force: values.force === true };
}

type Options = NonNullable<ReturnType<typeof parse>>;

/** The check, then one matrix row per SME pair, then the claims, with one progress line over all of it; null if interrupted. */
async function runChecks(options: Options, io: Io): Promise<{ check: CheckResult; matrix: MatrixRow[]; claims: ClaimOutcome[] } | null> {
  const kept = claims();
  const claimChecks = kept.reduce((n, c) => n + c.checks.length, 0);
  const total = options.runs * (1 + SUPPORT_ROWS.length) + DEFAULT_CLAIMS_RUNS * claimChecks;
  const bar = progress(io, 'report', 'runs');
  const stopped = () => io.signal?.aborted === true;
  try {
    const check = await checkAsync({ ...options, shouldStop: stopped, onProgress: (done) => bar.update(done, total) });
    const matrix: MatrixRow[] = [];
    for (const pair of SUPPORT_ROWS) {
      if (check.interrupted) return null;
      const row = await matrixRowAsync(options.design, pair, options.runs, options.seed, stopped);
      if (row === null) return null;
      matrix.push(row);
      bar.update(options.runs * (1 + matrix.length), total);
    }
    const outcomes: ClaimOutcome[] = [];
    let checked = 0;
    for (const claim of kept) {
      // As `kdump-sme claims` runs them, so that the page's ledger is the command's.
      const o = await checkClaimAsync(claim, DEFAULT_CLAIMS_RUNS, options.seed, stopped);
      if (o === null) return null;
      outcomes.push(o);
      checked += claim.checks.length;
      bar.update(options.runs * (1 + matrix.length) + DEFAULT_CLAIMS_RUNS * checked, total);
    }
    return check.interrupted ? null : { check, matrix, claims: outcomes };
  } finally {
    bar.finish();
  }
}

const commandLine = (args: readonly string[]): string => ['kdump-sme', 'report', ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');

async function run(args: readonly string[], io: Io): Promise<number> {
  const options = parse(args, io);
  if (options === null) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const results = await runChecks(options, io);
  if (results === null) {
    io.stderr('kdump-sme report: interrupted; no report written\n');
    return EXIT.interrupted;
  }
  const page = reportHtml({ ...results, command: commandLine(args) });
  // Checked again on writing: the file may have changed while the checks ran.
  replaceFile(options.path, page, (old) => options.force || mayReplace(old), `--html ${options.shown}`);
  const found = results.check.properties.filter((p) => p.counterexample !== null).length;
  io.stdout(`report written to ${displayPath(options.path, io.cwd)} (${results.check.design.name}: ${found} counterexample(s); ${results.check.ok ? 'every expectation met' : 'expectations not met'})\n`);
  return results.check.ok ? EXIT.ok : EXIT.failed;
}

export const report: Command = { name: 'report', summary: 'write a self-contained HTML report: matrix, verdicts, timelines and memory maps', usage: USAGE, run };
