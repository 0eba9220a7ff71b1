/**
 * The output of `kdump-sme claims`: a line per claim of the cover letter with the model's verdict,
 * and under it each check with the command that runs it and what the model said.
 */
import { platformOfRow } from '../../model/design/design.ts';
import { asserted, type CheckOutcome, type ClaimCheck, type ClaimOutcome, claimOk, CLAIM_VERDICTS } from '../../properties/claims.ts';
import { pairParts, rowParts } from '../pairs.ts';
import { jsonText } from './json.ts';
import { seconds } from './table.ts';

/** The command a user runs to see one check for themselves. */
export function checkCommand(k: ClaimCheck): string {
  const design = `--design ${k.design.name}`;
  if (k.kind === 'row') return `kdump-sme matrix ${design} --platform ${platformOfRow(k.row)}`;
  if (k.row === 'sev') return `kdump-sme check ${design} --platform sev-guest`;
  const { firstKernelSme, kdumpKernelSme } = pairParts(k.row);
  return `kdump-sme check ${design} --first-kernel-sme ${firstKernelSme} --kdump-kernel-sme ${kdumpKernelSme}`;
}

/** What the model said of a check, and whether that is what the claim says: "VMCORE-OLDMEM holds, claimed VMCORE-OLDMEM violated in on/off". */
export const saidOf = (o: CheckOutcome): string => `${o.said}, ${o.agrees ? 'as claimed' : `claimed ${asserted(o.check)}`}`;

/** One check in a line: the command, what the model said, and whether that is what the claim says. */
export function checkLine(o: CheckOutcome, file: string | null): string {
  const cx = file === null ? '' : `; counterexample: ${file}`;
  return `${checkCommand(o.check)}: ${saidOf(o)}${cx}`;
}

/** The verdict, and the recorded one beside it when they differ. */
const verdictWords = (o: ClaimOutcome): string => (claimOk(o) ? o.verdict : `${o.verdict} (recorded: ${o.claim.recorded}) DIFFERS`);

/** What the counts of verdicts are, as "7 confirmed, 4 refuted, 4 out of model". */
export const verdictCounts = (outcomes: readonly ClaimOutcome[]): string =>
  CLAIM_VERDICTS.map((v) => `${outcomes.filter((o) => o.verdict === v).length} ${v}`).join(', ');

export interface ClaimsOutput {
  readonly outcomes: readonly ClaimOutcome[];
  /** Per claim, per check, the counterexample file written (as shown to the user), or null. */
  readonly files: readonly (readonly (string | null)[])[];
  readonly runs: number;
  readonly seed: number;
  /** How many claims were asked for (fewer are done when interrupted). */
  readonly claims: number;
  readonly interrupted: boolean;
}

export function claimsText({ outcomes, files, runs, seed, claims, interrupted }: ClaimsOutput, elapsedMs: number): string {
  const width = Math.max(0, ...outcomes.map((o) => o.claim.id.length));
  const lines = [
    `kdump-sme claims: ${claims} claim(s) of the cover letter (scenarios/claims), each checked by running the model; ${runs} runs a check; seed ${seed}`,
    '',
    ...outcomes.flatMap((o, i) => [
      `${o.claim.id.padEnd(width)}  ${verdictWords(o).padEnd(12)}  ${o.claim.section}: "${o.claim.quote}"`,
      ...(o.claim.reason === null ? [] : [`${' '.repeat(width + 4)}out of model: ${o.claim.reason}`]),
      ...o.checks.map((c, j) => `${' '.repeat(width + 4)}${checkLine(c, files[i]?.[j] ?? null)}`),
    ]),
    '',
  ];
  const differing = outcomes.filter((o) => !claimOk(o)).length;
  const time = `(${seconds(elapsedMs)})`;
  if (interrupted) lines.push(`INTERRUPTED after ${outcomes.length} of ${claims} claim(s) ${time}`);
  else lines.push(differing === 0
    ? `OK: every claim has the verdict recorded with it: ${verdictCounts(outcomes)} ${time}`
    : `FAILED: ${differing} of ${outcomes.length} claim(s) differ from the verdict recorded with them ${time}`);
  return `${lines.join('\n')}\n`;
}

export function claimsJson({ outcomes, files, runs, seed, interrupted }: ClaimsOutput): string {
  return jsonText({
    runs,
    seed,
    interrupted,
    ok: !interrupted && outcomes.every(claimOk),
    claims: outcomes.map((o, i) => ({
      id: o.claim.id,
      section: o.claim.section,
      quote: o.claim.quote,
      recorded: o.claim.recorded,
      verdict: o.verdict,
      ok: claimOk(o),
      note: o.claim.note,
      reason: o.claim.reason,
      checks: o.checks.map((c, j) => ({
        command: checkCommand(c.check),
        design: c.check.design.name,
        ...rowParts(c.check.row),
        claim: c.check.kind === 'row' ? { supported: c.check.supported } : { property: c.check.property.id, verdict: c.check.verdict },
        said: c.said,
        agrees: c.agrees,
        failing: c.failing.map((r) => ({ property: r.property.id, verdict: r.verdict })),
        counterexample: files[i]?.[j] ?? null,
      })),
    })),
  });
}
