/**
 * Exhaustive where finite: the recorded counts of states and paths are a regression oracle (a
 * change means the model's reachable behaviour changed), and under sme-kdump-v7 no property
 * expected to hold is violated in any reached state of the pairs it supports.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../properties/catalog/index.ts';
import { exhaustive } from '../../properties/exhaustive.ts';
import { appliesOn } from '../../properties/property.ts';
import { preset } from '../../scenarios/designs/index.ts';
import { RECORDED, recordedCounts } from '../../scenarios/exhaustive/index.ts';

describe('exhaustive enumeration', () => {
  it.each(RECORDED)('$design on $layout matches the recorded counts', ({ design, layout }) => {
    expect(exhaustive(preset(design), layout)).toEqual(recordedCounts(design, layout));
  });

  it('sme-kdump-v7 breaks nothing expected to hold in any reached state of on/on and off/off', () => {
    const counts = recordedCounts('sme-kdump-v7', 'one-range');
    for (const pair of ['on/on', 'off/off'] as const) {
      for (const p of CATALOG) {
        const c = counts.byPair[pair].properties[p.id]!;
        // The enumeration varies the events, not when the hardware writes lines back, and with SME
        // off in both kernels no kernel flushes a line: nothing is ever written back there.
        // The enumeration is of SME hosts: no hypervisor looks.
        if ((pair === 'off/off' && p.id === 'CACHE-NO-STALE-WRITEBACK') || !appliesOn(p, ['sme-host'])) {
          expect(c.exercised, `${pair} ${p.id}`).toBe(0);
          continue;
        }
        expect(c.exercised, `${pair} ${p.id}`).toBeGreaterThan(0);
        if (p.expectation.kind === 'holds') expect(c.violated, `${pair} ${p.id}`).toBe(0);
      }
    }
    expect(counts.byPair['on/on'].properties['VMCORE-DECRYPTED-PAGES']!.violated).toBeGreaterThan(0);
  });
});
