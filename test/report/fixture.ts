/** A small check with counterexamples, for report tests: a design whose name is hostile markup. */
import { SUPPORT_ROWS } from '../../model/design/design.ts';
import { resolveDesign } from '../../model/design/design.ts';
import { check } from '../../properties/check.ts';
import { checkClaim } from '../../properties/claims.ts';
import { matrixRow } from '../../properties/matrix.ts';
import { claims } from '../../scenarios/claims/index.ts';
import { lookupPreset } from '../../scenarios/designs/index.ts';
import type { ReportInput } from '../../cli/report/page.ts';

export const HOSTILE_NAME = `<script>alert("pwned")</script> & 'quotes' <img src=x onerror=alert(1)>`;

/** sme-kdump-v7-without-patch-1 under a hostile name: four properties broken on on/on. */
export const hostileDesign = resolveDesign({ name: HOSTILE_NAME, extends: 'sme-kdump-v7-without-patch-1', decisions: {} }, lookupPreset, 'test design');

let cached: ReportInput | null = null;

export function hostileReportInput(): ReportInput {
  cached ??= {
    check: check({ design: hostileDesign, pairs: ['on/on'], runs: 100, seed: 1 }),
    matrix: SUPPORT_ROWS.map((pair) => matrixRow(hostileDesign, pair, 25, 1)),
    // Claims of each verdict: confirmed (1c, with a counterexample), refuted (4), out of model (6b).
    claims: claims().filter((c) => ['1c', '4', '6b'].includes(c.id)).map((c) => checkClaim(c, 100, 1)),
    command: `kdump-sme report --design "${HOSTILE_NAME}"`,
  };
  return cached;
}
