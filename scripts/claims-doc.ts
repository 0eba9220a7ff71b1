/**
 * The documents' blocks derived by running the commands: the README's support matrix (`kdump-sme
 * matrix`), and in docs/claims.md the ledger (`kdump-sme claims`, as a table) and what the
 * rejected designs buy (the `--by` table of one `kdump-sme explore` run). `npm run docs:write`
 * writes them; a test checks they are current.
 */
import { DEFAULT_SEED } from '../cli/args.ts';
import { DEFAULT_CLAIMS_RUNS } from '../cli/commands/claims.ts';
import { main } from '../cli/main.ts';
import { checkCommand, saidOf } from '../cli/format/claims.ts';
import { checkClaim, type ClaimOutcome } from '../properties/claims.ts';
import { claims } from '../scenarios/claims/index.ts';

/** The exploration of the rejected designs: both of them, every reader that could use them, the stopped CPUs' flush, and the later dump tool. */
export const REJECTED_DESIGNS_ARGS = [
  'explore',
  '--vary', 'handoff.firstKernelSme,kdump.cbitSource,crash.stopCpusWbinvd,vmcore.notesRead,vmcore.oldmemRead,vmcore.mmapProt,kdump.iommuDevTableMapping',
  '--fix', 'vmcoreinfo.smeMask=exported',
  '--fix', 'dumptool.smeMask=from-vmcoreinfo',
  '--by', 'handoff.firstKernelSme,kdump.cbitSource,crash.stopCpusWbinvd',
] as const;

const cell = (s: string): string => s.replace(/\|/g, '\\|');

function claimRow(o: ClaimOutcome): string {
  const c = o.claim;
  const how = c.reason !== null ? `out of model: ${c.reason}` : o.checks.map((k) => `\`${checkCommand(k.check)}\`: ${saidOf(k)}`).join('<br>');
  return `| ${c.id} | ${cell(c.section)}: "${cell(c.quote)}" | **${o.verdict}** | ${cell(how)} |`;
}

/** The ledger as a Markdown table, every claim checked with `kdump-sme claims`' defaults. */
export function claimsMarkdown(): string {
  const outcomes = claims().map((c) => checkClaim(c, DEFAULT_CLAIMS_RUNS, DEFAULT_SEED));
  return [
    '| claim | the letter | verdict | checked by (what the model said) |',
    '|---|---|---|---|',
    ...outcomes.map(claimRow),
  ].join('\n');
}

/** What a command prints, run in-process; throws unless it exits 0. */
async function commandOutput(args: readonly string[]): Promise<string> {
  let out = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: () => undefined, cwd: process.cwd(), isTTY: false });
  if (code !== 0) throw new Error(`kdump-sme ${args.join(' ')} exited ${code}`);
  return out;
}

/** `kdump-sme matrix` on the default design, without the time it took. */
export async function matrixBlock(): Promise<string> {
  const out = (await commandOutput(['matrix'])).trimEnd().replace(/ \(\d+(\.\d+)? s\)$/, '');
  return ['```', '$ npx kdump-sme matrix', out, '```'].join('\n');
}

/** The `--by` table of the exploration of the rejected designs, as `kdump-sme explore` prints it. */
export async function rejectedDesignsBlock(): Promise<string> {
  const lines = (await commandOutput(REJECTED_DESIGNS_ARGS)).split('\n');
  const from = lines.findIndex((l) => l.startsWith('supported designs by '));
  const to = lines.indexOf('', from);
  return ['```', `$ npx kdump-sme ${REJECTED_DESIGNS_ARGS.join(' ')}`, '...', ...lines.slice(from, to), '...', '```'].join('\n');
}
