/**
 * kdump-sme claims: the cover letter's claims (scenarios/claims), each checked by running the
 * model: confirmed, refuted, or out of model with the reason. Exit 1 when a claim's verdict is not
 * the one recorded with it, so that CI sees a change to the model or a design that turns one.
 */
import { type Claim, ClaimError, checkClaimAsync, claimOk, type ClaimOutcome, parseClaim } from '../../properties/claims.ts';
import { lookupPreset } from '../../scenarios/designs/index.ts';
import { claims as allClaims } from '../../scenarios/claims/index.ts';
import { formatOption, HELP_OPTION, parseCommandLine, runsOption, seedOption } from '../args.ts';
import { DEFAULT_OUT, outOption, writeCounterexample } from '../counterexamples.ts';
import { EXIT } from '../exit-codes.ts';
import { writing } from '../files.ts';
import { claimsJson, claimsText } from '../format/claims.ts';
import { type Command, type Io, UsageError } from '../io.ts';
import { parseJsonFile } from '../json-input.ts';

export const DEFAULT_CLAIMS_RUNS = 300;

const OPTIONS = { ...HELP_OPTION, runs: { type: 'string' }, seed: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } } as const;

const USAGE = `usage: kdump-sme claims [ID | claim.json ...] [options]

Check each claim of the cover letter kept in scenarios/claims (or those named by ID, or claim
files of your own, in the same format: see docs/commands.md, "kdump-sme claims"): a row of the
support table supported or not under a preset, or a property holding or violated in a row. The
verdict is confirmed when the model says what the claim says, refuted when it does not (the
counterexample's file is written to --out), or out of model, with the reason. Each line under a
claim is the command that checks it. --format json adds each claim's note.

  --runs N             generated environments per check (default ${DEFAULT_CLAIMS_RUNS})
  --seed N             32-bit seed (default 1)
  --format text|json   output (default text)
  --out DIR            where counterexample files go (default ${DEFAULT_OUT})

exit: 0 every claim has the verdict recorded with it; 1 one does not; 2 bad usage or a bad claim
      file; 130 interrupted (Ctrl-C), after printing the claims checked
`;

const load = (file: string, io: Io): Claim => parseJsonFile(file, io.cwd, (json) => parseClaim(json, file, lookupPreset), ClaimError);

/** The claims named: every kept one by default; an ID picks a kept claim, a .json file is a claim file of the user's. */
function chosenClaims(named: readonly string[], io: Io): Claim[] {
  const kept = allClaims();
  if (named.length === 0) return kept;
  return named.map((name) => {
    if (name.endsWith('.json')) return load(name, io);
    const claim = kept.find((c) => c.id === name);
    if (claim === undefined) throw new UsageError(`no claim ${JSON.stringify(name)} (claims: ${kept.map((c) => c.id).join(', ')}; a claim file must end in .json)`);
    return claim;
  });
}

async function run(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandLine(args, OPTIONS, true);
  if (values.help === true) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const runs = runsOption(values.runs, DEFAULT_CLAIMS_RUNS);
  const seed = seedOption(values.seed);
  const format = formatOption(values.format);
  const out = outOption(values.out, io.cwd);
  const chosen = chosenClaims(positionals, io);
  const started = Date.now();
  const outcomes: ClaimOutcome[] = [];
  for (const c of chosen) {
    const o = await checkClaimAsync(c, runs, seed, () => io.signal?.aborted === true);
    if (o === null) break;
    outcomes.push(o);
  }
  const interrupted = outcomes.length < chosen.length;
  // Interrupted, it writes nothing, as every command: the claims checked are printed, not saved.
  const files = outcomes.map((o) =>
    o.checks.map(({ counterexample: cx }) => (cx === null || interrupted ? null : writing(`--out ${out}`, () => writeCounterexample(cx, seed, out, io.cwd)))));
  const output = { outcomes, files, runs, seed, claims: chosen.length, interrupted };
  io.stdout(format === 'json' ? claimsJson(output) : claimsText(output, Date.now() - started));
  if (interrupted) return EXIT.interrupted;
  return outcomes.every(claimOk) ? EXIT.ok : EXIT.failed;
}

export const claims: Command = { name: 'claims', summary: "check the cover letter's claims: confirmed, refuted, or out of model", usage: USAGE, run };
