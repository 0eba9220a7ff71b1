/**
 * The whole report: one self-contained HTML document (inline CSS and SVG; no script, no link,
 * no image, nothing fetched). The same inputs give the same bytes: no clock, no paths.
 */
import type { CheckResult } from '../../properties/check.ts';
import type { ClaimOutcome } from '../../properties/claims.ts';
import { claimsSection } from './claims.ts';
import type { MatrixRow } from '../../properties/matrix.ts';
import { counterexampleSection, legend } from './counterexample.ts';
import { html, type Html } from './html.ts';
import { STYLE } from './style.ts';
import { decisionsTable, matrixTable, propertyTable } from './tables.ts';

/** Marks a file as a report this command wrote (so a later report may replace it). */
export const REPORT_GENERATOR = 'kdump-sme report';

export interface ReportInput {
  readonly check: CheckResult;
  readonly matrix: readonly MatrixRow[];
  /** The cover letter's claims, checked (they concern the presets they name, not only this design). */
  readonly claims: readonly ClaimOutcome[];
  /** How the report was made, as a command line (shown in the footer). */
  readonly command: string;
}

function summary(check: CheckResult): Html {
  const item = (label: string, value: Html | string) => html`<div><span>${label}</span>${value}</div>`;
  const verdict = check.ok ? html`<span class="badge met">every expectation met</span>` : html`<span class="badge unmet">expectations not met</span>`;
  const runs = check.interrupted ? `${check.runs} of ${check.runsRequested} (interrupted)` : String(check.runs);
  return html`<div class="summary">${item('design', html`<strong>${check.design.name}</strong>`)}${item('SME pairs checked', check.pairs.join(', '))}${item('runs', runs)}${item('seed', String(check.seed))}${item('result', verdict)}</div>`;
}

function counterexamples(check: CheckResult): Html {
  const found = check.properties.flatMap((p) => (p.counterexample === null ? [] : [p.counterexample]));
  if (found.length === 0) return html`<p class="lead">No property was violated in this check: there is no counterexample to show.</p>`;
  return html`<p class="lead">Each counterexample is shrunk by fast-check. The map colours every region by the attribute its data was last written with (DRAM as the run left it); a red dashed outline marks where a reader used the other one, and a red band the failing read.</p>
${legend()}
${found.map((cx) => counterexampleSection(cx))}`;
}

export function reportHtml(input: ReportInput): string {
  const { check } = input;
  const title = `kdump-sme report: ${check.design.name}`;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="${REPORT_GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="lead">kdump under AMD Secure Memory Encryption, checked against the model: does every reader get back what was written?</p>
${summary(check)}
<h2 id="design">Design: ${check.design.name}</h2>
<p class="lead">The option the design takes at each decision point, and the kernel function it stands for.</p>
${decisionsTable(check.design)}
<h2 id="matrix">Support matrix</h2>
<p class="lead">Derived by running the model in each SME pair: supported means every property expected to hold was exercised and held.</p>
${matrixTable(input.matrix)}
<h2 id="properties">Properties</h2>
${propertyTable(check.properties)}
<h2 id="counterexamples">Counterexamples</h2>
${counterexamples(check)}
<h2 id="claims">Claims</h2>
<p class="lead">The cover letter's claims, as <code>kdump-sme claims</code> checks them: each by running the model on the presets it names, whatever the design above. Confirmed: the model says what the letter says; refuted: it does not; out of model: the model cannot say, and why.</p>
${claimsSection(input.claims)}
<footer>Made by <code>${input.command}</code>. Self-contained: this file loads nothing.</footer>
</main>
</body>
</html>
`;
  return page.text;
}
