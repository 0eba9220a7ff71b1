/** `kdump-sme designs`: the presets and every decision point, from the registry. */
import { describe, expect, it } from 'vitest';
import { DECISION_POINT_NAMES } from '../../model/design/registry.ts';
import { PRESET_NAMES, preset } from '../../scenarios/designs/index.ts';
import { designsShape } from './json-shapes.ts';
import { runCli, tempDir } from './run-cli.ts';

describe.concurrent('kdump-sme designs', () => {
  it('lists every preset, resolved, and every decision point with its site and options (JSON)', async () => {
    const { code, stdout } = await runCli(['designs', '--format', 'json'], tempDir());
    expect(code).toBe(0);
    const d = designsShape.parse(JSON.parse(stdout));
    expect(d.default).toBe('sme-kdump-v7');
    expect(d.presets.map((p) => p.name)).toEqual(PRESET_NAMES);
    for (const p of d.presets) expect(p.decisions).toEqual({ ...preset(p.name).decisions });
    expect(d.presets.find((p) => p.name === 'sme-kdump-v7-without-patch-2')!.extends).toBe('sme-kdump-v7');
    expect(d.decisionPoints.map((p) => p.name)).toEqual(DECISION_POINT_NAMES);
  });

  it('prints them as text', async () => {
    const { code, stdout } = await runCli(['designs'], tempDir());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}sme-kdump-v7 \(default\): supports on\/on, off\/off$/m);
    for (const point of DECISION_POINT_NAMES) expect(stdout).toMatch(new RegExp(`^  ${point.replace('.', '\\.')}$`, 'm'));
  });
});
