/**
 * The design's reads, recorded by construction (model/design/recorder.ts): every point a run
 * consults is seen, so a point it did not consult cannot change what it does. Checked by running
 * again with each unread point at each other option: every property's judgment is the same.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { designAt, designCount } from '../../model/design/design.ts';
import { recorded } from '../../model/design/recorder.ts';
import { DECISION_POINT_NAMES, optionsOf } from '../../model/design/registry.ts';
import { runKdump } from '../../model/run.ts';
import { environmentArb } from '../../properties/arbitraries/index.ts';
import { CATALOG } from '../../properties/catalog/index.ts';
import { preset } from '../../scenarios/designs/index.ts';

const judgments = (run: ReturnType<typeof runKdump>['run']) => CATALOG.map((p) => {
  const j = p.judge(run);
  return j.status === 'violated' ? `${p.id} violated at step ${j.observation.step}` : `${p.id} ${j.status}`;
});

describe('the points a run reads', () => {
  test.prop([environmentArb(['on/on', 'on/off', 'off/on', 'off/off', 'sev']), fc.nat(designCount() - 1)], { numRuns: 40, seed: 22 })(
    'no point the run did not read changes any verdict',
    (env, index) => {
      const decisions = designAt(index);
      const r = recorded(decisions);
      const base = judgments(runKdump(env, r.design).run);
      // The recording design gives the run what the plain one does.
      expect(judgments(runKdump(env, decisions).run)).toEqual(base);
      for (const point of DECISION_POINT_NAMES.filter((p) => !r.read.has(p))) {
        for (const option of optionsOf(point).filter((o) => o !== decisions[point])) {
          expect(judgments(runKdump(env, { ...decisions, [point]: option }).run), `${point}=${option}`).toEqual(base);
        }
      }
    },
  );

  it('a run that stops at relocation reads no point of the kdump kernel or /proc/vmcore', () => {
    const design = preset('sme-kdump-v7-without-patch-2').decisions;
    const env = fc.sample(environmentArb(['on/on']), { numRuns: 50, seed: 5 }).find((e) => runKdump(e, design).run.stop?.stage === 'relocation');
    expect(env).toBeDefined();
    const r = recorded(design);
    const { run } = runKdump(env!, r.design);
    expect(run.stop?.stage).toBe('relocation');
    expect([...r.read].filter((p) => p.startsWith('vmcore.') || p.startsWith('dumptool.') || p.startsWith('kdump.'))).toEqual([]);
  });

  it('listing a recording design\'s keys, or copying it, reads every point', () => {
    const r = recorded(preset('sme-kdump-v7').decisions);
    expect({ ...r.design }).toEqual(preset('sme-kdump-v7').decisions);
    expect(r.read.size).toBe(DECISION_POINT_NAMES.length);
  });
});
