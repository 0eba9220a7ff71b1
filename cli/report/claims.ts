/**
 * The report's "Claims" section: the cover letter's claims as `kdump-sme claims` checks them, a
 * row each, every check with its command and what the model said, linked to the timeline of the
 * counterexample that is its evidence (shown once, below the table, however many checks share it).
 */
import type { Counterexample } from '../../properties/check.ts';
import { type ClaimOutcome, claimOk } from '../../properties/claims.ts';
import { counterexampleFileName } from '../counterexamples.ts';
import { checkLine } from '../format/claims.ts';
import { counterexampleSection } from './counterexample.ts';
import { html, type Html } from './html.ts';

const anchorOf = (cx: Counterexample): string => `claim-cx-${counterexampleFileName(cx, 0).replace(/-seed0\.json$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}`;

const VERDICT_CLASS = { confirmed: 'yes', refuted: 'no', 'out of model': 'limitation' } as const;

function claimRow(o: ClaimOutcome): Html {
  const c = o.claim;
  const badge = html`<span class="badge ${VERDICT_CLASS[o.verdict]}">${o.verdict}</span>${claimOk(o) ? '' : html` <span class="badge unmet">recorded: ${c.recorded}</span>`}`;
  const checks = o.checks.map((k) => {
    const link = k.counterexample === null ? '' : html` <a href="#${anchorOf(k.counterexample)}">counterexample</a>`;
    return html`<li class="mono">${checkLine(k, null)}${link}</li>`;
  });
  const reason = c.reason === null ? '' : html`<div class="site">out of model: ${c.reason}</div>`;
  return html`<tr data-claim="${c.id}" data-verdict="${o.verdict}" data-ok="${String(claimOk(o))}"><td class="mono nowrap"><strong>${c.id}</strong></td><td>${badge}</td>
<td><div>${c.section}: <q>${c.quote}</q></div><div class="site">${c.note}</div>${reason}${o.checks.length === 0 ? '' : html`<ul class="checks">${checks}</ul>`}</td></tr>`;
}

export function claimsSection(outcomes: readonly ClaimOutcome[]): Html {
  const seen = new Map<string, Counterexample>();
  for (const { counterexample: cx } of outcomes.flatMap((o) => o.checks)) if (cx !== null && !seen.has(anchorOf(cx))) seen.set(anchorOf(cx), cx);
  const sections = [...seen].map(([anchor, cx]) => counterexampleSection(cx, anchor, cx.design.name));
  return html`<table class="claims"><thead><tr><th>Claim</th><th>Verdict (model)</th><th>The letter, what the model shows, and the checks</th></tr></thead><tbody>${outcomes.map(claimRow)}</tbody></table>
${sections.length === 0 ? '' : html`<h3 id="claims-counterexamples">The claims' counterexamples</h3>${sections}`}`;
}
