/** `kdump-sme explore`: every design under the four pairs; what the supported designs share follows from the list. */
import { describe, expect, it } from 'vitest';
import { DECISION_POINT_NAMES, DECISION_POINTS } from '../../model/design/registry.ts';
import { exploreShape } from './json-shapes.ts';
import { runCli, tempDir } from './run-cli.ts';

describe('kdump-sme explore', () => {
  it('reports, per pair, the supported designs and the options they all share', async () => {
    const { code, stdout, stderr } = await runCli(['explore', '--runs', '2', '--format', 'json'], tempDir());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = exploreShape.parse(JSON.parse(stdout));
    expect(Object.keys(r.decisionPoints)).toEqual(DECISION_POINT_NAMES);
    const combinations = DECISION_POINT_NAMES.reduce((n, p) => n * DECISION_POINTS[p].options.length, 1);
    expect([r.designs, r.runs, r.interrupted]).toEqual([combinations, 2, false]);
    for (const pair of r.pairs) {
      expect(pair.supportedDesigns.length).toBeLessThanOrEqual(combinations);
      for (const point of DECISION_POINT_NAMES) {
        const options = new Set(pair.supportedDesigns.map((d) => d[point]));
        expect(pair.sharedBySupported[point]).toBe(options.size === 1 ? [...options][0] : undefined);
      }
    }
  });
});
