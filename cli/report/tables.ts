/**
 * The report's tables: the design's decisions with the kernel site of each, the support matrix
 * derived by running the model, and the property verdicts of the check.
 */
import type { Design } from '../../model/design/design.ts';
import { DECISION_POINT_NAMES, DECISION_POINTS } from '../../model/design/registry.ts';
import type { PropertyResult } from '../../properties/check.ts';
import type { MatrixRow } from '../../properties/matrix.ts';
import { counterexampleAnchor } from './counterexample.ts';
import { html, type Html } from './html.ts';

export function decisionsTable(design: Design): Html {
  const rows = DECISION_POINT_NAMES.map((point) => {
    const info = DECISION_POINTS[point];
    const option = design.decisions[point];
    const meaning = (info.meaning as Readonly<Record<string, string>>)[option] ?? '';
    return html`<tr data-point="${point}"><td class="mono">${point}</td><td><strong>${option}</strong><div class="site">${meaning}</div></td><td class="site mono">${info.site}</td></tr>`;
  });
  return html`<table class="decisions"><thead><tr><th>Decision point</th><th>Option chosen</th><th>Kernel site</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const yesNo = (b: boolean): Html => html`<span class="badge ${b ? 'yes' : 'no'}">${b ? 'yes' : 'no'}</span>`;
const ids = (xs: readonly string[]): string => (xs.length === 0 ? '—' : xs.join(', '));

export function matrixTable(rows: readonly MatrixRow[]): Html {
  const body = rows.map((r) => {
    const verdict = r.supported ? 'supported' : 'not supported';
    const agrees = r.claimed === r.supported ? '' : r.claimed ? ' (claimed, but fails)' : ' (works, not claimed)';
    return html`<tr data-pair="${r.pair}" data-claimed="${String(r.claimed)}" data-supported="${String(r.supported)}"><td class="mono nowrap">${r.pair === 'sev' ? 'sev (SEV guest)' : r.pair}</td><td>${yesNo(r.claimed)}</td><td>${yesNo(r.supported)} ${verdict}${agrees}</td><td class="mono">${ids(r.violated)}</td><td class="mono">${ids(r.unreached)}</td><td class="mono">${ids(r.knownLimitations)}</td><td class="num">${r.result.runs}</td></tr>`;
  });
  return html`<table class="matrix"><thead><tr><th>SME first/kdump kernel, or SEV guest</th><th>Claimed</th><th>Supported (model)</th><th>Violated</th><th>Never exercised</th><th>Known limitations found</th><th>Runs</th></tr></thead><tbody>${body}</tbody></table>`;
}

function expectationCell(p: PropertyResult): Html {
  const e = p.property.expectation;
  if (e.kind === 'holds') return html`holds`;
  return html`<span class="badge limitation">known limitation</span><div class="site">${e.reason}</div>`;
}

function verdictCell(p: PropertyResult): Html {
  const link = p.counterexample === null ? '' : html` <a href="#${counterexampleAnchor(p.property.id)}">counterexample</a>`;
  return html`<span class="badge ${p.verdict}">${p.verdict}</span>${link}`;
}

export function propertyTable(results: readonly PropertyResult[]): Html {
  const rows = results.map((p) => html`<tr data-property="${p.property.id}" data-verdict="${p.verdict}" data-met="${String(p.met)}">
<td class="mono nowrap"><strong>${p.property.id}</strong></td><td>${p.property.claim}<div class="site mono">${p.property.sites.join(', ')}</div></td><td>${expectationCell(p)}</td><td>${verdictCell(p)}</td><td class="num">${p.exercised}</td><td><span class="badge ${p.met ? 'met' : 'unmet'}">${p.met ? 'met' : 'not met'}</span></td></tr>`);
  return html`<table class="properties"><thead><tr><th>Property</th><th>Claim</th><th>Expectation</th><th>Verdict</th><th>Exercised (runs)</th><th>Expectation met</th></tr></thead><tbody>${rows}</tbody></table>`;
}
