/**
 * The catalog as a person reads it, generated from the properties themselves so that the
 * docs cannot drift from the code: ID, claim, kernel sites, expectation.
 */
import { DECISION_POINT_NAMES, DECISION_POINTS, type DecisionPointInfo } from '../model/design/registry.ts';
import { CATALOG } from './catalog/index.ts';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function catalogMarkdown(): string {
  const rows = CATALOG.map((p) => {
    const expectation = p.expectation.kind === 'holds' ? 'holds' : `known limitation: ${p.expectation.reason}`;
    return `| \`${p.id}\` | ${cell(p.claim)} | ${p.sites.map((s) => `\`${s}\``).join(', ')} | ${cell(expectation)} |`;
  });
  return ['| ID | claim | kernel sites | expectation |', '|---|---|---|---|', ...rows].join('\n');
}

/** The decision points, their options and the kernel site each stands for. */
export function decisionPointsMarkdown(): string {
  const rows = DECISION_POINT_NAMES.map((name) => {
    const p: DecisionPointInfo = DECISION_POINTS[name];
    const options = p.options.map((o) => `\`${o}\`: ${cell(p.meaning[o] ?? '')}`).join('<br>');
    return `| \`${name}\` | ${cell(p.question)} | ${options} | ${cell(p.site)} |`;
  });
  return ['| decision point | question | options | kernel site |', '|---|---|---|---|', ...rows].join('\n');
}
